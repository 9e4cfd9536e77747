/**
 * The dependency checks, run over parsed requirements: malicious, vulnerable, typosquat, unpinned.
 */
import type { ScanContext, Severity } from "@watchtower/types";
import type { CompactAdvisory, CompactDb } from "./db/format.js";
import type { VulnMatch } from "./db/query.js";
import { matchMalicious, matchVulns } from "./db/query.js";
import type { Requirement } from "./model.js";
import { MALICIOUS, TYPOSQUAT, UNPINNED, VULNERABLE } from "./rules.js";
import { PLACEHOLDERS, isKnownLegit, typosquatOf } from "./typosquat.js";
import { isFullCommitId } from "./urls.js";
import { cmp, exactPin } from "./versions.js";

export interface DependencyOptions {
  /**
   * Advisory database to use instead of the embedded snapshot. The CLI injects the user cache written
   * by `watchtower-hook advisories update` (see @watchtower/advisory-db `loadCachedDb`).
   */
  advisoryDb?: CompactDb;
  /**
   * Lazy form of `advisoryDb`: called once per scan that found requirements, so a commit without
   * manifests never reads the cache. Returning undefined means "use the embedded snapshot".
   */
  loadAdvisoryDb?: () => Promise<CompactDb | undefined>;
  /** Advisory ids (any alias) to ignore. */
  ignoreAdvisories?: string[];
  /** Extra package names that are never typosquats (internal packages close to popular names). */
  allowNames?: string[];
  /** Report `dependencies/unpinned` (default true). */
  reportUnpinned?: boolean;
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Conda channels are not PyPI: malware and typosquat data (PyPI uploads) do not apply to them. */
function isPypiOrigin(req: Requirement): boolean {
  return req.origin !== "conda" && req.origin !== "conda-command";
}

function what(req: Requirement): string {
  return req.via ? `${req.text} (${req.via})` : req.text;
}

function advisoryLabel(a: CompactAdvisory): string {
  return a.aliases && a.aliases.length > 0 ? `${a.id} (${a.aliases.join(", ")})` : a.id;
}

function maxVersion(versions: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const v of versions) if (best === undefined || (cmp(v, best) ?? 0) > 0) best = v;
  return best;
}

function reportVulnerable(ctx: ScanContext<DependencyOptions>, req: Requirement, matches: VulnMatch[], db: CompactDb): void {
  const sorted = [...matches].sort(
    (a, b) => RANK[b.advisory.severity] - RANK[a.advisory.severity] || (b.advisory.score ?? 0) - (a.advisory.score ?? 0),
  );
  const top = sorted[0];
  if (!top) return;
  const pin = req.spec ? exactPin(req.spec.pep440) : undefined;
  const unfixed = sorted.filter((m) => m.fixed === undefined);
  const fixAll = unfixed.length === 0 ? maxVersion(sorted.map((m) => m.fixed ?? "")) : undefined;
  const subject = req.displayName + (req.origin === "conda" || req.origin === "conda-command" ? ` (PyPI ${req.name})` : "");
  const lead =
    top.kind === "pin"
      ? `${what(req)} is affected by ${advisoryLabel(top.advisory)}`
      : `Every version ${what(req)} allows is affected by ${advisoryLabel(top.advisory)}`;
  const fixedText = top.fixed ? `, fixed in ${top.fixed}` : ", with no fixed release";
  const summary = top.advisory.summary ? `: ${top.advisory.summary.replace(/\.$/, "")}` : "";
  let more = "";
  if (sorted.length > 1) {
    more = ` ${sorted.length - 1} more advisor${sorted.length === 2 ? "y affects" : "ies affect"} it`;
    more += fixAll ? `; ${fixAll} fixes all of them.` : ".";
  }
  const severity = top.advisory.severity;
  const ids = sorted.map((m) => m.advisory.id);
  const aliases = [...new Set(sorted.flatMap((m) => m.advisory.aliases ?? []))];
  const fix = fixAll
    ? `Upgrade ${subject} to ${fixAll} or later${pin ? "" : " (raise the range's lower bound)"}.`
    : `Upgrade ${subject} past the fixed versions; ${unfixed.map((m) => m.advisory.id).join(", ")} ha${unfixed.length === 1 ? "s" : "ve"} no fixed release, so consider replacing the package.`;
  ctx.report({
    ruleId: VULNERABLE.id,
    message: `${lead}${fixedText}${summary}.${more}${top.advisory.severityBasis === "text" ? " (Severity estimated from the advisory text: the record has no CVSS score.)" : ""}`,
    at: req.at,
    evidence: req.text,
    severity,
    fix,
    identity: `${req.name}|${req.spec?.pep440 ?? ""}`,
    data: {
      package: req.name,
      ...(pin ? { version: pin } : { range: req.spec?.pep440 ?? "" }),
      advisory: top.advisory.id,
      advisories: ids,
      aliases,
      ...(top.fixed ? { fixedIn: top.fixed } : {}),
      ...(fixAll ? { fixedInAll: fixAll } : {}),
      ...(top.advisory.disputed ? { disputed: true } : {}),
      ...(top.advisory.score !== undefined ? { cvss: top.advisory.score } : {}),
      ...(top.advisory.severityBasis ? { severityBasis: top.advisory.severityBasis } : {}),
      advisorySnapshot: db.snapshot,
    },
  });
}

export function checkRequirements(ctx: ScanContext<DependencyOptions>, requirements: readonly Requirement[], db: CompactDb): void {
  const ignored = new Set((ctx.options.ignoreAdvisories ?? []).map((s) => s.toUpperCase()));
  const allowNames = ctx.options.allowNames ?? [];
  for (const req of requirements) {
    const spec = req.spec?.pep440;
    const legit = isKnownLegit(req.name, allowNames);

    if (isPypiOrigin(req)) {
      const mal = matchMalicious(db, req.name, spec, legit);
      if (mal && !ignored.has(mal.id.toUpperCase())) {
        ctx.report({
          ruleId: MALICIOUS.id,
          message: `${what(req)} is a known malicious package (${mal.id})${mal.summary ? `: ${mal.summary.replace(/\.$/, "")}` : ""}.`,
          at: req.at,
          evidence: req.text,
          identity: `${req.name}|${mal.id}`,
          data: { package: req.name, advisory: mal.id, ...(mal.aliases ? { aliases: mal.aliases } : {}), advisorySnapshot: db.snapshot },
        });
        continue;
      }
    }

    if (spec) {
      const matches = matchVulns(db, req.name, spec).filter(
        (m) => !ignored.has(m.advisory.id.toUpperCase()) && !(m.advisory.aliases ?? []).some((a) => ignored.has(a.toUpperCase())),
      );
      if (matches.length > 0) reportVulnerable(ctx, req, matches, db);
    }

    if (isPypiOrigin(req) && !req.url) {
      const placeholder = PLACEHOLDERS[req.name];
      if (placeholder && !allowNames.some((n) => n.toLowerCase() === req.name)) {
        ctx.report({
          ruleId: TYPOSQUAT.id,
          message: `${what(req)}: ${placeholder.why}; install ${placeholder.meant} instead.`,
          at: req.at,
          evidence: req.text,
          severity: "info",
          fix: `Replace ${req.displayName} with ${placeholder.meant}.`,
          identity: `${req.name}|placeholder`,
          data: { package: req.name, meant: placeholder.meant, placeholder: true },
        });
      } else {
        // A name with advisories of its own is an established project, not a squat.
        const squat = db.vulns[req.name] === undefined ? typosquatOf(req.name, allowNames) : undefined;
        if (squat) {
          ctx.report({
            ruleId: TYPOSQUAT.id,
            message: `${req.displayName} is one typing slip (${squat.slip}) away from the popular package ${squat.target}; check that it is the package you meant.`,
            at: req.at,
            evidence: req.text,
            fix: `If you meant ${squat.target}, install ${squat.target}; if ${req.displayName} is intended, add it to allowNames.`,
            identity: `${req.name}|typosquat`,
            data: { package: req.name, similarTo: squat.target, slip: squat.slip },
          });
        }
      }
    }

    // A placeholder fails to install at all; its info finding says everything.
    if (ctx.options.reportUnpinned === false || req.constraintOnly || req.build || PLACEHOLDERS[req.name]) continue;
    if (req.url !== undefined) {
      if (req.vcsRef !== undefined && !isFullCommitId(req.vcsRef)) {
        const how = req.vcsRef === "" ? "has no ref, so it installs whatever the default branch holds" : `is pinned to "${req.vcsRef}", a branch or tag that can move`;
        ctx.report({
          ruleId: UNPINNED.id,
          message: `VCS requirement ${req.text} ${how}.`,
          at: req.at,
          evidence: req.text,
          fix: "Pin the URL to a full commit SHA: …/repo.git@<40-hex commit>.",
          identity: `${req.name}|vcs|${req.vcsRef}`,
          data: { package: req.name, reason: req.vcsRef === "" ? "vcs-no-ref" : "vcs-movable-ref" },
        });
      }
      continue;
    }
    if (!req.spec || req.star) {
      const reason = req.upgrade ? "upgrade" : req.star ? "star" : "no-version";
      const message =
        reason === "upgrade"
          ? `${what(req)} is installed with --upgrade and no version, so every run gets whatever release is newest.`
          : reason === "star"
            ? `${what(req)} allows any version (*).`
            : `${what(req)} has no version constraint, so installs get whatever release is newest.`;
      ctx.report({
        ruleId: UNPINNED.id,
        message,
        at: req.at,
        evidence: req.text,
        identity: `${req.name}|unpinned`,
        data: { package: req.name, reason },
      });
    }
  }
}
