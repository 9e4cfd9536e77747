/**
 * pyproject.toml (PEP 621 project tables, PEP 735 dependency groups, build-system, uv, PDM, Poetry) and
 * Pipfile (same TOML, Pipenv's tables).
 */
import { parse as parseToml } from "smol-toml";
import type { Origin, Requirement } from "../model.js";
import { normalizeName } from "../names.js";
import { splitSpecifier } from "../pep508.js";
import type { Locate } from "../requirement.js";
import { isTemplated, requirementFromString } from "../requirement.js";
import { convertPoetry } from "../spec-convert.js";
import type { TomlLayout } from "./toml-locate.js";
import { layoutToml, tableRange } from "./toml-locate.js";

type Table = Record<string, unknown>;

function isTable(v: unknown): v is Table {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function get(root: Table, path: readonly string[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (!isTable(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

class Locator {
  private readonly used = new Set<number>();
  constructor(
    private readonly text: string,
    private readonly layout: TomlLayout,
  ) {}

  /** Ranges of the first table among `tables` that exists (most specific first). */
  private ranges(tables: readonly string[]): { start: number; end: number }[] {
    const out: { start: number; end: number }[] = [];
    for (const t of tables) out.push(...tableRange(this.layout, t, this.text.length));
    out.push({ start: 0, end: this.text.length });
    return out;
  }

  /** Offset of the first unused string literal equal to `value` inside one of `tables`. */
  stringAt(value: string, tables: readonly string[]): { start: number; end: number } | undefined {
    for (const r of this.ranges(tables)) {
      const hit = this.layout.strings.find(
        (s) => s.value === value && s.start >= r.start && s.end <= r.end && !this.used.has(s.start),
      );
      if (hit) {
        this.used.add(hit.start);
        return hit;
      }
    }
    return undefined;
  }

  /** The `name = …` line of a key inside `tables` (or the `[table.name]` header). */
  keyAt(name: string, tables: readonly string[]): { start: number; end: number } | undefined {
    const wanted = normalizeName(name);
    for (const t of tables) {
      for (const r of tableRange(this.layout, t, this.text.length)) {
        const k = this.layout.keys.find(
          (key) => key.start >= r.start && key.start < r.end && normalizeName(key.key) === wanted && !this.used.has(key.start),
        );
        if (k) {
          this.used.add(k.start);
          const line = this.text.slice(k.start, k.lineEnd);
          const cut = line.search(/\s#/);
          const body = (cut >= 0 ? line.slice(0, cut) : line).trimEnd();
          return { start: k.start, end: k.start + body.length };
        }
      }
      const header = this.layout.headers.find((h) => normalizeName(h.key) === normalizeName(`${t}.${name}`));
      if (header) {
        const nl = this.text.indexOf("\n", header.start);
        const end = nl < 0 ? this.text.length : nl;
        return { start: header.start, end: header.start + this.text.slice(header.start, end).trimEnd().length };
      }
    }
    return undefined;
  }
}

interface Ctx {
  text: string;
  locate: Locate;
  locator: Locator;
  out: Requirement[];
}

/** A list of PEP 508 strings found under `tables`. */
function pep508List(ctx: Ctx, list: unknown, tables: readonly string[], origin: Origin, extra: Partial<Requirement> = {}): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (typeof item !== "string") continue;
    const pos = ctx.locator.stringAt(item, tables);
    if (!pos) continue;
    // The literal's characters: skip the opening quote(s).
    const quote = ctx.text.startsWith('"""', pos.start) || ctx.text.startsWith("'''", pos.start) ? 3 : 1;
    const inner = ctx.text.slice(pos.start + quote, pos.end - quote);
    // Escapes change lengths; only locate precisely when the literal is the value as written.
    const offset = inner === item ? pos.start + quote : pos.start;
    const req = requirementFromString(item, offset, origin, inner === item ? ctx.locate : () => ctx.locate(pos.start, pos.end - pos.start), extra);
    if (req) ctx.out.push(req);
  }
}

function groups(ctx: Ctx, table: unknown, tables: readonly string[], origin: Origin, extra: Partial<Requirement> = {}): void {
  if (!isTable(table)) return;
  for (const value of Object.values(table)) pep508List(ctx, value, tables, origin, extra);
}

/** Poetry/Pipfile `name = constraint` tables. `pep440Values`: Pipfile values are PEP 440 specifiers. */
function keyedDeps(ctx: Ctx, table: unknown, tableKey: string, origin: Origin, pep440Values: boolean): void {
  if (!isTable(table)) return;
  for (const [name, value] of Object.entries(table)) {
    if (name.toLowerCase() === "python" || isTemplated(name)) continue;
    const pos = ctx.locator.keyAt(name, [tableKey]);
    if (!pos) continue;
    const base: Requirement = {
      name: normalizeName(name),
      displayName: name,
      text: ctx.text.slice(pos.start, pos.end),
      at: ctx.locate(pos.start, pos.end - pos.start),
      origin,
    };
    const entries = Array.isArray(value) ? value : [value];
    const versions: string[] = [];
    let star = false;
    let skip = false;
    for (const entry of entries) {
      if (typeof entry === "string") {
        versions.push(entry);
        continue;
      }
      if (!isTable(entry)) continue;
      if (typeof entry.path === "string" || typeof entry.file === "string") skip = true;
      if (typeof entry.git === "string") {
        const ref = [entry.rev, entry.ref, entry.tag, entry.branch].find((r) => typeof r === "string") as string | undefined;
        base.url = `git+${entry.git}${ref ? `@${ref}` : ""}`;
        base.vcsRef = ref ?? "";
      } else if (typeof entry.url === "string") {
        base.url = entry.url;
      }
      if (typeof entry.version === "string") versions.push(entry.version);
      else if (!base.url && !skip) star = true;
    }
    if (skip) continue;
    if (base.url) {
      ctx.out.push(base);
      continue;
    }
    const converted = versions.map((v) => {
      const t = v.trim();
      if (t === "" || t === "*") return { star: true };
      if (pep440Values) {
        const clauses = splitSpecifier(t);
        if (clauses && clauses.length > 0) return { spec: { pep440: clauses.join(",") } };
      }
      return convertPoetry(t);
    });
    const specs = converted.filter((c) => c?.spec).map((c) => c?.spec?.pep440 ?? "");
    if (converted.some((c) => c?.star)) star = true;
    if (specs.length === 1 && !star) base.spec = { pep440: specs[0] ?? "" };
    else if (specs.length > 1) base.spec = { pep440: "", alternatives: specs };
    if (star && specs.length === 0) base.star = true;
    ctx.out.push(base);
  }
}

export function parsePyproject(text: string, locate: Locate): Requirement[] {
  const root = parseToml(text) as Table;
  const ctx: Ctx = { text, locate, locator: new Locator(text, layoutToml(text)), out: [] };
  pep508List(ctx, get(root, ["build-system", "requires"]), ["build-system"], "pyproject", { build: true });
  pep508List(ctx, get(root, ["project", "dependencies"]), ["project"], "pyproject");
  groups(ctx, get(root, ["project", "optional-dependencies"]), ["project.optional-dependencies", "project"], "pyproject");
  groups(ctx, get(root, ["dependency-groups"]), ["dependency-groups"], "pyproject");
  pep508List(ctx, get(root, ["tool", "uv", "dev-dependencies"]), ["tool.uv"], "pyproject");
  pep508List(ctx, get(root, ["tool", "uv", "constraint-dependencies"]), ["tool.uv"], "pyproject", { constraintOnly: true });
  pep508List(ctx, get(root, ["tool", "uv", "override-dependencies"]), ["tool.uv"], "pyproject", { constraintOnly: true });
  groups(ctx, get(root, ["tool", "pdm", "dev-dependencies"]), ["tool.pdm.dev-dependencies", "tool.pdm"], "pyproject");
  keyedDeps(ctx, get(root, ["tool", "poetry", "dependencies"]), "tool.poetry.dependencies", "poetry", false);
  keyedDeps(ctx, get(root, ["tool", "poetry", "dev-dependencies"]), "tool.poetry.dev-dependencies", "poetry", false);
  const poetryGroups = get(root, ["tool", "poetry", "group"]);
  if (isTable(poetryGroups)) {
    for (const [group, def] of Object.entries(poetryGroups)) {
      if (isTable(def)) keyedDeps(ctx, def.dependencies, `tool.poetry.group.${group}.dependencies`, "poetry", false);
    }
  }
  return ctx.out;
}

const PIPFILE_NON_PACKAGE_TABLES = new Set(["source", "requires", "pipenv", "scripts"]);

export function parsePipfile(text: string, locate: Locate): Requirement[] {
  const root = parseToml(text) as Table;
  const ctx: Ctx = { text, locate, locator: new Locator(text, layoutToml(text)), out: [] };
  for (const [table, value] of Object.entries(root)) {
    if (PIPFILE_NON_PACKAGE_TABLES.has(table)) continue;
    keyedDeps(ctx, value, table, "pipfile", true);
  }
  return ctx.out;
}
