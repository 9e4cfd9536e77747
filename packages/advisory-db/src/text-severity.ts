/**
 * A severity for advisories that carry no CVSS vector and no label: most PYSEC records (the
 * pypa/advisory-database YAML files have neither), which would otherwise all read "medium" and let a
 * Django pin with an SQL injection through a hook that blocks at high. The estimate follows the base
 * scores NVD typically gives each class of weakness: network code execution, injection into SQL or
 * commands, unsafe deserialisation and authentication bypass score 9.8 (critical); denial of service,
 * traversal, SSRF/XXE, CSRF, privilege escalation and memory-safety bugs 7.5-8.8 (high). Anything else
 * stays medium. Records with a vector or a label never use this; `advisories update` brings GHSA
 * records with vectors when online.
 */
import type { AdvisorySeverity } from "@watchtower/detector-dependencies";

interface Cue {
  re: RegExp;
  severity: AdvisorySeverity;
}

// Bounded quantifiers only: advisory text is input from the network.
const CUES: readonly Cue[] = [
  { re: /\b(?:remote|arbitrary)\s(?:code|command)s?\sexecution\b|\bexecute\sarbitrary\s(?:code|commands?|python|os\scommands?|shell\scommands?)\b|\bcode\sexecution\b/i, severity: "critical" },
  { re: /\b(?:sql|code|command|os\scommand|shell\scommand|server-side\stemplate|template)\sinjection\b|\bsqli\b/i, severity: "critical" },
  { re: /\b(?:unsafe(?:ly)?|insecure)\s(?:deserializ|deserialis|unpickl|pickle|yaml)|\bdeseriali[sz]ation\sof\suntrusted\b|\bdeseriali[sz]ing\suntrusted\b/i, severity: "critical" },
  { re: /\bauthentication\sbypass\b|\bbypass(?:es)?\s(?:the\s)?authentication\b/i, severity: "critical" },
  { re: /\bdenial[\s-]of[\s-]service\b|\bredos\b|\bresource\sexhaustion\b|\binfinite\sloop\b|\bmemory\sexhaustion\b|\bexcessive\s(?:memory|cpu)\b/i, severity: "high" },
  { re: /\b(?:path|directory)\straversal\b|\barbitrary\sfile\s(?:read|write|overwrite|deletion|access|upload)\b|\bzip\sslip\b/i, severity: "high" },
  { re: /\bserver-side\srequest\sforgery\b|\bssrf\b|\bxxe\b|\bxml\sexternal\sentit/i, severity: "high" },
  { re: /\bcross-site\srequest\sforgery\b|\bcsrf\b|\bprivilege\sescalation\b|\bescalate\sprivileges\b/i, severity: "high" },
  { re: /\b(?:buffer|heap|stack|integer)[\s-](?:based\s)?(?:buffer\s)?overflow\b|\bout-of-bounds\s(?:read|write)\b|\buse-after-free\b|\bmemory\scorruption\b|\bdouble\sfree\b/i, severity: "high" },
];

const RANK: Record<AdvisorySeverity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** The highest severity any cue in `text` suggests, or undefined when none matches. */
export function severityFromText(text: string): AdvisorySeverity | undefined {
  let best: AdvisorySeverity | undefined;
  const sample = text.slice(0, 4000);
  for (const cue of CUES) {
    if ((best === undefined || RANK[cue.severity] > RANK[best]) && cue.re.test(sample)) best = cue.severity;
  }
  return best;
}
