/**
 * Dependency and licence detectors: requirements files, pyproject, Pipfile, conda environments,
 * setup.py/setup.cfg and notebook install lines, checked against an embedded advisory snapshot
 * (vulnerable, malicious), a typosquat heuristic, pinning, and a copyleft licence policy.
 *
 * Two detectors share one parser: `detector` (id "dependencies") and `licensesDetector` (id "licenses"),
 * because rule ids carry the detector id.
 */
import type { Detector, ScanContext, Source } from "@watchtower/types";
import type { DependencyOptions } from "./check.js";
import type { CompactDb } from "./db/format.js";
import { isCompactDb } from "./db/format.js";
import { loadEmbeddedDb } from "./db/embedded.js";
import type { LicenseOptions } from "./licenses/check.js";
import { DEFAULT_COPYLEFT } from "./licenses/policy.js";
import { isDependencySource } from "./manifest-kind.js";
import { DEPENDENCY_RULES, LICENSE_RULES } from "./rules.js";

async function parsed(source: Source, ctx: ScanContext<object>) {
  const { parseSource } = await import("./manifests.js");
  const result = await parseSource(source, ctx.project);
  if (result.failed) ctx.incomplete(result.failed);
  for (const p of result.problems) ctx.note(p);
  return result.requirements;
}

export const detector: Detector<DependencyOptions> = {
  meta: { id: "dependencies", accepts: ["text", "notebook"], rules: DEPENDENCY_RULES },
  defaultOptions: {},
  async scan(source, ctx) {
    if (!isDependencySource(source)) return;
    const requirements = await parsed(source, ctx);
    if (requirements.length === 0) return;
    let db: CompactDb | undefined;
    let given: unknown = ctx.options.advisoryDb;
    if (given === undefined && ctx.options.loadAdvisoryDb) {
      try {
        given = await ctx.options.loadAdvisoryDb();
      } catch (error) {
        ctx.note(`could not load the advisory cache (${(error as Error).message}); using the embedded snapshot`);
      }
    }
    if (given !== undefined) {
      if (isCompactDb(given)) db = given;
      else ctx.note("advisoryDb option is not a compact advisory database (wrong format version?); using the embedded snapshot");
    }
    db ??= await loadEmbeddedDb();
    const { checkRequirements } = await import("./check.js");
    checkRequirements(ctx, requirements, db);
  },
};

export const licensesDetector: Detector<LicenseOptions> = {
  meta: { id: "licenses", accepts: ["text", "notebook"], rules: LICENSE_RULES },
  defaultOptions: { copyleft: [...DEFAULT_COPYLEFT], deny: [], allow: [] },
  async scan(source, ctx) {
    if (!isDependencySource(source)) return;
    const requirements = await parsed(source, ctx);
    if (requirements.length === 0) return;
    const [{ checkLicenses }, { LICENSE_TABLE }] = await Promise.all([
      import("./licenses/check.js"),
      import("./generated/license-table.js"),
    ]);
    await checkLicenses(ctx, requirements, LICENSE_TABLE);
  },
};

export { advisorySnapshot, loadEmbeddedDb } from "./db/embedded.js";
export { ADVISORY_DB_FORMAT, isCompactDb } from "./db/format.js";
export type { AdvisorySeverity, CompactAdvisory, CompactDb, CompactMalicious } from "./db/format.js";
export { matchMalicious, matchVulns } from "./db/query.js";
export type { DependencyOptions } from "./check.js";
export type { LicenseOptions } from "./licenses/check.js";
export { DEFAULT_COPYLEFT } from "./licenses/policy.js";
export { normalizeName } from "./names.js";
export { isDependencySource, manifestKind } from "./manifest-kind.js";
export { cmp as compareVersions, isValidVersion, parseCompactRange, inInterval } from "./versions.js";
export type { Requirement } from "./model.js";
