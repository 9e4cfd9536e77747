/** Names and links of the standards a rule maps to, for the HTML report. */
import type { StandardsMapping } from "@watchtower/types";

/** OWASP Top 10 (2021): id → name. */
const OWASP_TOP10_2021: Readonly<Record<string, string>> = {
  A01: "Broken Access Control",
  A02: "Cryptographic Failures",
  A03: "Injection",
  A04: "Insecure Design",
  A05: "Security Misconfiguration",
  A06: "Vulnerable and Outdated Components",
  A07: "Identification and Authentication Failures",
  A08: "Software and Data Integrity Failures",
  A09: "Security Logging and Monitoring Failures",
  A10: "Server-Side Request Forgery (SSRF)",
};

/** OWASP Machine Learning Security Top 10 (2023): id → name. */
const OWASP_ML_TOP10_2023: Readonly<Record<string, string>> = {
  ML01: "Input Manipulation Attack",
  ML02: "Data Poisoning Attack",
  ML03: "Model Inversion Attack",
  ML04: "Membership Inference Attack",
  ML05: "Model Theft",
  ML06: "AI Supply Chain Attacks",
  ML07: "Transfer Learning Attack",
  ML08: "Model Skewing",
  ML09: "Output Integrity Attack",
  ML10: "Model Poisoning",
};

/** NIST AI RMF 1.0 core functions. */
const NIST_AI_RMF: Readonly<Record<string, string>> = {
  GOVERN: "policies, accountability and culture for AI risk",
  MAP: "context and risks of the AI system are identified",
  MEASURE: "risks are assessed, analysed and tracked",
  MANAGE: "risks are prioritised and acted upon",
};

export interface StandardRef {
  id: string;
  name?: string;
  url?: string;
}

export interface StandardGroup {
  label: string;
  refs: StandardRef[];
}

function cwe(id: string): StandardRef {
  const n = /^CWE-(\d{1,6})$/i.exec(id)?.[1];
  return n ? { id, url: `https://cwe.mitre.org/data/definitions/${n}.html` } : { id };
}

function owaspTop10(id: string): StandardRef {
  const m = /^(A(?:0[1-9]|10)):2021$/.exec(id);
  const name = m ? OWASP_TOP10_2021[m[1]!] : undefined;
  if (!m || !name) return { id };
  const slug = name.replace(/ /g, "_").replace("(", "%28").replace(")", "%29");
  return { id, name, url: `https://owasp.org/Top10/${m[1]}_2021-${slug}/` };
}

function owaspMl(id: string): StandardRef {
  const m = /^(ML(?:0[1-9]|10)):2023$/.exec(id);
  const name = m ? OWASP_ML_TOP10_2023[m[1]!] : undefined;
  return name ? { id, name, url: "https://owasp.org/www-project-machine-learning-security-top-10/" } : { id };
}

function atlas(id: string): StandardRef {
  return /^AML\.T\d{4}(?:\.\d{3})?$/.test(id) ? { id, url: `https://atlas.mitre.org/techniques/${id}` } : { id };
}

function nist(id: string): StandardRef {
  const name = NIST_AI_RMF[id.toUpperCase()];
  return name ? { id, name } : { id };
}

/** The mapping as labelled groups (empty groups left out), in a fixed order. */
export function standardGroups(s: StandardsMapping): StandardGroup[] {
  const groups: StandardGroup[] = [
    { label: "CWE", refs: (s.cwe ?? []).map(cwe) },
    { label: "OWASP Top 10", refs: (s.owaspTop10 ?? []).map(owaspTop10) },
    { label: "OWASP ML Top 10", refs: (s.owaspMlTop10 ?? []).map(owaspMl) },
    { label: "MITRE ATLAS", refs: (s.mitreAtlas ?? []).map(atlas) },
    { label: "NIST AI RMF", refs: (s.nistAiRmf ?? []).map(nist) },
  ];
  return groups.filter((g) => g.refs.length > 0);
}
