/**
 * Which manifest a path is. Cheap on purpose: the detectors' entry module imports only this, so a
 * commit without manifests never loads the TOML/YAML parsers or the advisory data.
 */
import type { Source } from "@watchtower/types";

export type ManifestKind =
  | "requirements"
  | "constraints"
  | "pyproject"
  | "pipfile"
  | "pipfile-lock"
  | "conda"
  | "setup-py"
  | "setup-cfg";

function basename(path: string): string {
  return path.split("/").pop() ?? path;
}

/** The manifest kind of a repository path, or undefined for anything else. */
export function manifestKind(path: string): ManifestKind | undefined {
  const base = basename(path);
  const lower = base.toLowerCase();
  if (lower === "pyproject.toml") return "pyproject";
  if (base === "Pipfile") return "pipfile";
  if (base === "Pipfile.lock") return "pipfile-lock";
  if (lower === "setup.py") return "setup-py";
  if (lower === "setup.cfg") return "setup-cfg";
  if (/^(?:[\w.-]{0,60}[-_.])?constraints?(?:[-_.][\w.-]{0,60})?\.(?:txt|in)$/i.test(base)) return "constraints";
  if (/^(?:[\w.-]{0,60}[-_.])?requirements?(?:[-_.][\w.-]{0,60})?\.(?:txt|in|pip)$/i.test(base)) return "requirements";
  if (/(?:^|\/)requirements\/[\w.-]{1,60}\.(?:txt|in)$/i.test(path)) return "requirements";
  if (/^(?:environment|env|conda)(?:[-_.][\w.-]{0,40})?\.ya?ml$/i.test(base)) return "conda";
  return undefined;
}

/** True when the source is something this package reads (cheap, no parsing). */
export function isDependencySource(source: Source): boolean {
  if (source.kind === "notebook") return true;
  return source.kind === "text" && manifestKind(source.path) !== undefined;
}
