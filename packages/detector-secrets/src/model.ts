/**
 * Internal model of the secrets engine: scanned segments, candidates and the three kinds of
 * table entries (line patterns, line scanners, block scanners).
 */
import type { RuleId, Severity, SourceRange } from "@watchtower/types";

/** Where a segment comes from; drives the wording of messages and the CWE of a finding. */
export type Place = "file" | "source" | "markdown" | "output" | "metadata";

/**
 * "code": values must be string literals (a bare name is a variable, not a secret), except on
 * shell/magic lines. "config": unquoted values count (`.env`, YAML, INI, outputs, prose).
 */
export type Mode = "code" | "config";

export interface Segment {
  text: string;
  place: Place;
  mode: Mode;
  /** Repository path, lower-cased. */
  path: string;
  /** Last path component, lower-cased. */
  basename: string;
  /** Whether the heuristic high-entropy rule runs here (not in metadata). */
  highEntropy: boolean;
  /** Facts about the whole text, computed on first use by the scanners that need them. */
  facts: { k8sSecret?: boolean };
  range(offset: number, length: number): SourceRange;
}

/** A possible finding before overlap resolution and reporting. */
export interface Candidate {
  rule: RuleId;
  /** Offsets of the credential in the segment text. */
  start: number;
  end: number;
  secret: string;
  severity: Severity;
  /** Noun phrase with article: "an AWS access key id". */
  label: string;
  /** Lower wins overlaps: structure (0) > provider format (1) > URL (2) > generic (3) > entropy (4). */
  priority: number;
  /** Extra sentence for the message ("It looks like a default password."). */
  note?: string;
  data?: Record<string, string | number | boolean>;
}

/** A candidate line (capped at maxLineChars) handed to line patterns and scanners. */
export interface LineContext {
  seg: Segment;
  line: string;
  /** Offset of `line` in the segment text. */
  lineStart: number;
  out: Candidate[];
}

/** false: not a credential; otherwise overrides for the candidate. */
export type Verdict = false | { severity?: Severity; label?: string; note?: string; rule?: RuleId };

export interface PatternEntry {
  kind: "pattern";
  rule: RuleId;
  /** Noun phrase with article, used in the message. */
  label: string;
  /** Why this format is a credential (shown in the README, kept here for review). */
  why: string;
  /** Lower-case literals for the prefilter; a line must contain one for `pattern` to run. */
  keywords: readonly string[];
  /** Global regex; the credential is the `secret` named group, or the whole match. */
  pattern: RegExp;
  severity?: Severity;
  /** Length of the fixed, non-random prefix of the credential (for placeholder checks). */
  prefixLength?: number;
  /** Minimum Shannon entropy of the random part. */
  minEntropy?: number;
  /** Minimum number of kinds among lower/upper/digit in the random part. */
  minKinds?: number;
  /** One of `words` must occur within `window` characters around the match (or the path matches). */
  context?: { words: readonly string[]; window: number; path?: RegExp };
  /** Extra checks after the shared placeholder filter. */
  check?: (secret: string, match: RegExpExecArray, at: { ctx: LineContext; start: number }) => Verdict | undefined;
  priority?: number;
}

export interface LineScanner {
  kind: "line";
  /** Human-readable name for docs and tests. */
  name: string;
  keywords: readonly string[];
  scan(ctx: LineContext): void;
}

/** Scanners that start at a keyword hit and may span lines (PEM blocks). */
export interface BlockScanner {
  kind: "block";
  name: string;
  keywords: readonly string[];
  /** `hit` is the offset of the keyword in the segment; returns the offset to resume keyword search. */
  scan(seg: Segment, hit: number, out: Candidate[], masks: Array<[number, number]>, maxLineChars: number): number;
}

export type Entry = PatternEntry | LineScanner | BlockScanner;
