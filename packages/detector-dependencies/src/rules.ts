import type { RuleMeta } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

const FOLDER = "detector-dependencies";
const SUPPLY_CHAIN = { owaspMlTop10: ["ML06:2023"], mitreAtlas: ["AML.T0010.001"] } as const;

export const VULNERABLE: RuleMeta = {
  id: "dependencies/vulnerable",
  title: "Dependency version with a known vulnerability",
  description: "A declared dependency pins a version, or a range of versions, covered by a published security advisory.",
  category: "dependencies",
  defaultSeverity: "high",
  fix: "Upgrade the package to the fixed version named in the finding and re-pin it.",
  docsUrl: docsUrlFor(FOLDER, "dependencies/vulnerable"),
  since: "0.1.0",
  standards: { cwe: ["CWE-1395"], owaspTop10: ["A06:2021"], ...SUPPLY_CHAIN, nistAiRmf: ["MANAGE"] },
};

export const MALICIOUS: RuleMeta = {
  id: "dependencies/malicious",
  title: "Known malicious package",
  description: "A declared dependency is catalogued as malware (OpenSSF malicious-packages, MAL advisories).",
  category: "dependencies",
  defaultSeverity: "critical",
  fix: "Remove the package, check the machines that installed it for compromise, and rotate credentials they held.",
  docsUrl: docsUrlFor(FOLDER, "dependencies/malicious"),
  since: "0.1.0",
  standards: { cwe: ["CWE-506"], owaspTop10: ["A08:2021"], ...SUPPLY_CHAIN, nistAiRmf: ["MANAGE"] },
};

export const TYPOSQUAT: RuleMeta = {
  id: "dependencies/typosquat",
  title: "Possible typosquat of a popular package",
  description: "A dependency name is one typing slip away from a popular ML or data package and is not a known project itself.",
  category: "dependencies",
  defaultSeverity: "low",
  fix: "Check the spelling against the package you meant and install that one.",
  docsUrl: docsUrlFor(FOLDER, "dependencies/typosquat"),
  since: "0.1.0",
  standards: { cwe: ["CWE-1357"], owaspTop10: ["A08:2021"], ...SUPPLY_CHAIN },
  heuristic: true,
};

export const UNPINNED: RuleMeta = {
  id: "dependencies/unpinned",
  title: "Unpinned dependency",
  description: "A dependency is installed without a version (or always upgraded), or from a VCS URL not pinned to a commit.",
  category: "dependencies",
  defaultSeverity: "low",
  fix: "Pin an exact version (pkg==1.2.3) or, for a VCS URL, a full commit SHA (@<40-hex>).",
  docsUrl: docsUrlFor(FOLDER, "dependencies/unpinned"),
  since: "0.1.0",
  standards: { cwe: ["CWE-829"], owaspTop10: ["A08:2021"], ...SUPPLY_CHAIN },
};

export const COPYLEFT: RuleMeta = {
  id: "licenses/copyleft",
  title: "Strong copyleft licence",
  description: "A declared dependency is under a strong copyleft licence (GPL, AGPL) or another licence the policy denies.",
  category: "licenses",
  defaultSeverity: "medium",
  fix: "Check that the licence fits how the project is distributed, replace the package, or allow the licence in config.",
  docsUrl: docsUrlFor(FOLDER, "licenses/copyleft"),
  since: "0.1.0",
  standards: { nistAiRmf: ["GOVERN"] },
};

export const DEPENDENCY_RULES: readonly RuleMeta[] = [VULNERABLE, MALICIOUS, TYPOSQUAT, UNPINNED];
export const LICENSE_RULES: readonly RuleMeta[] = [COPYLEFT];
