/**
 * licenses/copyleft: the licence of each declared dependency, from (in order) the licences option, the
 * installed-package metadata committed to the repository, and the embedded table of popular packages.
 */
import type { ProjectView, ScanContext } from "@watchtower/types";
import type { Requirement } from "../model.js";
import { normalizeName } from "../names.js";
import { COPYLEFT } from "../rules.js";
import { licenseOf, metadataPaths, parseMetadata } from "./metadata.js";
import { DEFAULT_COPYLEFT } from "./policy.js";
import type { SpdxNode } from "./spdx.js";
import { stringify, unavoidable } from "./spdx.js";

export interface LicenseOptions {
  /** Licences reported at medium (the rule's default severity). */
  copyleft: string[];
  /** Licences reported at high (blocking by default). */
  deny: string[];
  /** Licences never reported, even when listed above. */
  allow: string[];
  /**
   * Package → SPDX expression, overriding every other source. The CLI may fill it from an online PyPI
   * lookup cache when `settings.online` is set (detectors themselves never use the network).
   */
  licenses?: Record<string, string>;
}

interface Known {
  /** Text to parse, or an already parsed tree (the embedded table is parsed at build time). */
  expression: string | SpdxNode;
  source: string;
}

async function toNode(expression: string | SpdxNode): Promise<SpdxNode | undefined> {
  if (typeof expression !== "string") return expression;
  const { parseLicense } = await import("./spdx-parse.js");
  return parseLicense(expression);
}

const metadataCache = new WeakMap<ProjectView, Map<string, Promise<Known | undefined>>>();
const metadataIndex = new WeakMap<ProjectView, Map<string, string>>();

async function fromMetadata(project: ProjectView, name: string): Promise<Known | undefined> {
  let index = metadataIndex.get(project);
  if (!index) {
    index = metadataPaths(project.paths());
    metadataIndex.set(project, index);
  }
  const path = index.get(name);
  if (!path) return undefined;
  let cache = metadataCache.get(project);
  if (!cache) {
    cache = new Map();
    metadataCache.set(project, cache);
  }
  let hit = cache.get(path);
  if (!hit) {
    hit = project.readText(path).then((text) => {
      const meta = text === undefined ? undefined : parseMetadata(text);
      const expression = meta ? licenseOf(meta) : undefined;
      return expression ? { expression, source: path } : undefined;
    });
    cache.set(path, hit);
  }
  return hit;
}

export async function checkLicenses(
  ctx: ScanContext<LicenseOptions>,
  requirements: readonly Requirement[],
  table: Readonly<Record<string, SpdxNode>>,
): Promise<void> {
  const overrides = new Map(Object.entries(ctx.options.licenses ?? {}).map(([k, v]) => [normalizeName(k), v]));
  const copyleft = ctx.options.copyleft ?? DEFAULT_COPYLEFT;
  const deny = ctx.options.deny ?? [];
  const allow = ctx.options.allow ?? [];
  for (const req of requirements) {
    let known: Known | undefined;
    const override = overrides.get(req.name);
    if (override) known = { expression: override, source: "the licenses option" };
    known ??= await fromMetadata(ctx.project, req.name);
    if (!known) {
      const fromTable = table[req.name];
      if (fromTable) known = { expression: fromTable, source: "watchtower's licence table" };
    }
    if (!known) continue;
    const node = await toNode(known.expression);
    if (!node) continue;
    const denied = unavoidable(node, deny, allow);
    const flagged = denied ?? unavoidable(node, copyleft, allow);
    if (!flagged) continue;
    const expression = stringify(node);
    ctx.report({
      ruleId: COPYLEFT.id,
      message: `${req.displayName} is licensed ${expression} (from ${known.source})${denied ? ", which the licence policy denies" : ", a strong copyleft licence"}.`,
      at: req.at,
      evidence: req.text,
      ...(denied ? { severity: "high" as const } : {}),
      identity: `${req.name}|${expression}`,
      data: { package: req.name, license: expression, licenseSource: known.source, denied: denied !== undefined },
    });
  }
}
