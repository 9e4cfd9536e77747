import type { SourceRange } from "@watchtower/types";

/** Where a dependency was declared; drives which checks apply (conda packages are not PyPI uploads). */
export type Origin =
  | "requirements"
  | "pyproject"
  | "poetry"
  | "pipfile"
  | "pipfile-lock"
  | "conda"
  | "conda-pip"
  | "setup-py"
  | "setup-cfg"
  | "pip-command"
  | "conda-command"
  | "tool-command";

/** A version constraint in PEP 440 terms: clauses like `>=1.0`, or an exact pin. */
export interface VersionSpec {
  /** Clauses joined by commas, PEP 440 syntax (converted from Poetry/conda syntax when needed). */
  pep440: string;
  /** Alternatives (`||` in Poetry, `|` in conda): any of these; range checks are skipped for them. */
  alternatives?: readonly string[];
}

export interface Requirement {
  /** PEP 503 normalised PyPI name. */
  name: string;
  /** Name as written (for messages). */
  displayName: string;
  /** The declaration as written (the requirement string, the TOML key/value …); used as evidence. */
  text: string;
  /** Exact range of `text` in the source. */
  at: SourceRange;
  origin: Origin;
  /** Undefined when the requirement has no version constraint at all. */
  spec?: VersionSpec;
  /** `*` written explicitly (`pkg==*`, Poetry `"*"`, Pipfile `"*"`). */
  star?: boolean;
  /** `pip install -U` / `--upgrade`: always the newest release. */
  upgrade?: boolean;
  /** Direct reference (`name @ url`, bare URL, VCS URL). */
  url?: string;
  /** For VCS URLs: the ref after `@` (branch, tag or commit), or "" when none. */
  vcsRef?: string;
  /** A build-time requirement ([build-system] requires, setup_requires). */
  build?: boolean;
  /** Constraint only (`-c` file lines, uv constraint-dependencies): never unpinned. */
  constraintOnly?: boolean;
  /** Extra context shown in messages, e.g. "via -r base.txt line 3". */
  via?: string;
}

/** What parsing one source produced. */
export interface ParseResult {
  requirements: Requirement[];
  /** Problems worth a scan-log note (unparseable TOML …). */
  problems: string[];
}
