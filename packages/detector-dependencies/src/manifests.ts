/**
 * Which manifest a path is, and parsing of a whole source (with `-r`/`-c` includes resolved through the
 * project view) into requirements. Parsing is cached per Source object so the dependencies and the
 * licences detectors share it.
 */
import type { ProjectView, Source, SourceRange, TextSource } from "@watchtower/types";
import type { Requirement } from "./model.js";
import { normalizeName } from "./names.js";
import type { Locate } from "./requirement.js";
import type { ManifestKind } from "./manifest-kind.js";
import { manifestKind } from "./manifest-kind.js";
import { parseCell } from "./parsers/notebook.js";
import type { Include } from "./parsers/requirements-txt.js";
import { parseRequirementsTxt } from "./parsers/requirements-txt.js";

export interface Parsed {
  requirements: Requirement[];
  /** Problems for the scan log (unparseable file, missing include). */
  problems: string[];
  /** The source could not be parsed at all. */
  failed?: string;
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

/** Repository-relative path of `rel` as seen from the directory of `from`; undefined when it leaves the repo. */
export function resolveRelative(from: string, rel: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]{0,20}:/i.test(rel) || rel.startsWith("/")) return undefined;
  const parts = dirname(from) === "" ? [] : dirname(from).split("/");
  for (const seg of rel.replace(/\\/g, "/").split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join("/");
}

const MAX_INCLUDE_DEPTH = 5;

interface IncludeWalk {
  /** Pins from -c files: name → PEP 440 specifier. */
  constraints: Map<string, { spec: string; file: string }>;
  /** Requirements of included files that are not manifests themselves (located at the include line). */
  inherited: Requirement[];
  problems: string[];
}

async function walkIncludes(
  project: ProjectView,
  from: string,
  includes: readonly Include[],
  locateInclude: Locate,
  walk: IncludeWalk,
  seen: Set<string>,
  depth: number,
  inConstraint: boolean,
  /** False below a file that is a manifest itself (that file reports its own includes). */
  report: boolean,
  /** Range of the top-level include line that led here. */
  topAt?: { offset: number; length: number },
): Promise<void> {
  if (depth > MAX_INCLUDE_DEPTH) {
    walk.problems.push(`requirement includes nested deeper than ${MAX_INCLUDE_DEPTH} levels from ${from}; the rest was not read`);
    return;
  }
  for (const inc of includes) {
    const path = resolveRelative(from, inc.path);
    if (path === undefined || seen.has(path)) continue;
    seen.add(path);
    const text = await project.readText(path);
    if (text === undefined) {
      walk.problems.push(`${from} includes ${inc.path}, which is not in the scan`);
      continue;
    }
    const top = topAt ?? { offset: inc.offset, length: inc.length };
    const isConstraint = inConstraint || inc.kind === "constraint";
    const reportHere = report && manifestKind(path) === undefined;
    const parsed = parseRequirementsTxt(text, "requirements", (o, l): SourceRange => ({ kind: "text", offset: o, length: l }));
    for (const req of parsed.requirements) {
      if (isConstraint) {
        if (req.spec?.pep440 && !walk.constraints.has(req.name)) walk.constraints.set(req.name, { spec: req.spec.pep440, file: path });
        continue;
      }
      // A file that is a manifest itself is scanned on its own; report its lines there, not twice.
      if (!reportHere) continue;
      const line = text.slice(0, req.at.kind === "text" ? req.at.offset : 0).split("\n").length;
      walk.inherited.push({ ...req, at: locateInclude(top.offset, top.length), via: `${path} line ${line}` });
    }
    await walkIncludes(project, path, parsed.includes, locateInclude, walk, seen, depth + 1, isConstraint, reportHere, top);
  }
}

async function parseText(source: TextSource, kind: ManifestKind, project: ProjectView): Promise<Parsed> {
  const text = source.text;
  const locate: Locate = (offset, length) => ({ kind: "text", offset, length });
  const problems: string[] = [];
  try {
    switch (kind) {
      case "requirements":
      case "constraints": {
        const parsed = parseRequirementsTxt(text, "requirements", locate);
        const reqs = kind === "constraints" ? parsed.requirements.map((r) => ({ ...r, constraintOnly: true })) : parsed.requirements;
        return { requirements: await applyIncludes(project, source.path, reqs, parsed.includes, locate, problems), problems };
      }
      case "conda": {
        // Parsers with library dependencies (YAML, TOML) load only for their own file kinds.
        const { parseCondaEnv } = await import("./parsers/conda.js");
        const env = parseCondaEnv(text, locate);
        if (!env) return { requirements: [], problems };
        return { requirements: await applyIncludes(project, source.path, env.requirements, env.includes, locate, problems), problems };
      }
      case "pyproject":
        return { requirements: (await import("./parsers/pyproject.js")).parsePyproject(text, locate), problems };
      case "pipfile":
        return { requirements: (await import("./parsers/pyproject.js")).parsePipfile(text, locate), problems };
      case "pipfile-lock":
        return { requirements: (await import("./parsers/pipfile-lock.js")).parsePipfileLock(text, locate), problems };
      case "setup-py":
        return { requirements: (await import("./parsers/setup-py.js")).parseSetupPy(text, locate), problems };
      case "setup-cfg":
        return { requirements: (await import("./parsers/setup-cfg.js")).parseSetupCfg(text, locate), problems };
    }
  } catch (error) {
    const message = `${source.path} could not be parsed as ${kind}: ${(error as Error).message.split("\n")[0] ?? ""}`;
    // Project templates (cookiecutter, copier) hold Jinja markup that is not TOML/YAML until rendered.
    if (/\{\{|\{%/.test(source.path) || /\{%|\{\{/.test(text)) return { requirements: [], problems: [...problems, `${message} (template markup; skipped)`] };
    return { requirements: [], problems, failed: message };
  }
}

async function applyIncludes(
  project: ProjectView,
  path: string,
  reqs: Requirement[],
  includes: readonly Include[],
  locate: Locate,
  problems: string[],
): Promise<Requirement[]> {
  if (includes.length === 0) return reqs;
  const walk: IncludeWalk = { constraints: new Map(), inherited: [], problems };
  await walkIncludes(project, path, includes, locate, walk, new Set([path]), 1, false, true);
  const out = reqs.map((r) => {
    const c = walk.constraints.get(r.name);
    if (!c || r.spec || r.url) return r;
    return { ...r, spec: { pep440: c.spec }, via: `pinned by ${c.file}` };
  });
  return [...out, ...walk.inherited];
}

const cache = new WeakMap<Source, Promise<Parsed>>();

/** Requirements declared by `source` (cached per Source object). */
export function parseSource(source: Source, project: ProjectView): Promise<Parsed> {
  let hit = cache.get(source);
  if (!hit) {
    hit = parseUncached(source, project);
    cache.set(source, hit);
  }
  return hit;
}

async function parseUncached(source: Source, project: ProjectView): Promise<Parsed> {
  if (source.kind === "notebook") {
    const requirements: Requirement[] = [];
    for (const cell of source.cells) requirements.push(...parseCell(cell));
    return { requirements, problems: [] };
  }
  if (source.kind !== "text") return { requirements: [], problems: [] };
  const kind = manifestKind(source.path);
  if (!kind) return { requirements: [], problems: [] };
  return parseText(source, kind, project);
}

export { manifestKind, normalizeName };
export type { ManifestKind };
