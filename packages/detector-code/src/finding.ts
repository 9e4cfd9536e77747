import type { Severity } from "@watchtower/types";
import type { CodeRuleId } from "./rules.js";

/** A finding before it is placed in a file or a cell: offsets are relative to the scanned unit. */
export interface Hit {
  ruleId: CodeRuleId;
  severity: Severity;
  message: string;
  /** 0-based UTF-16 offsets into the unit text (cell source or .py file). */
  from: number;
  to: number;
  /** The call or shell command, whitespace collapsed, at most ~120 characters. */
  evidence: string;
  fix?: string;
  data?: Record<string, string | number | boolean>;
}

export type Emit = (hit: Hit) => void;

const EVIDENCE_MAX = 120;

/** Collapses whitespace and truncates so evidence stays one readable line. */
export function evidenceOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EVIDENCE_MAX ? `${flat.slice(0, EVIDENCE_MAX - 1)}…` : flat;
}
