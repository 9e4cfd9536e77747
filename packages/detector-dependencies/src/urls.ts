/**
 * Direct references: VCS URLs (`git+https://…@ref`), archive and wheel URLs, local paths.
 */
import { normalizeName } from "./names.js";

export interface DirectRef {
  kind: "vcs" | "archive" | "local";
  /** PEP 503 name when it can be told (`#egg=`, `name @`, wheel/sdist file name, repository name). */
  name?: string;
  /** For archives whose file name carries a version. */
  version?: string;
  /** VCS ref after `@` ("" when none). */
  ref?: string;
}

const VCS_SCHEMES = /^(?:git|hg|svn|bzr)\+[a-z][a-z0-9+.-]{0,20}:/i;
const URL_SCHEME = /^[a-z][a-z0-9+.-]{0,20}:\/\//i;

export function looksLikeUrl(s: string): boolean {
  return VCS_SCHEMES.test(s) || URL_SCHEME.test(s) || /^file:/i.test(s) || /^git@[\w.-]{1,200}:/.test(s);
}

export function looksLikeLocalPath(s: string): boolean {
  if (looksLikeUrl(s)) return false;
  if (s === "." || s === ".." || /^(?:\.\.?\/|\/|~|[A-Z]:[\\/])/i.test(s)) return true;
  if (/\.(?:whl|tar\.gz|tgz|zip|tar\.bz2)$/i.test(s)) return true;
  return s.includes("/") && !s.includes("@");
}

/** True for a full git commit id (SHA-1 or SHA-256). */
export function isFullCommitId(ref: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref);
}

function eggName(url: string): string | undefined {
  const m = /[#&]egg=([A-Za-z0-9][\w.-]{0,200})/.exec(url);
  return m?.[1] ? normalizeName(m[1].replace(/-\d[^-]*$/, "")) : undefined;
}

/** `torch-1.13.0+cu117-cp38-cp38-linux_x86_64.whl` → torch / 1.13.0+cu117. */
export function archiveNameVersion(file: string): { name: string; version: string } | undefined {
  const base = decodeURIComponent(file.split(/[?#]/)[0] ?? "").split("/").pop() ?? "";
  const wheel = /^([\w.]{1,200})-(\d[\w.!+]{0,60})(?:-[\w.]{1,60}){2,3}\.whl$/.exec(base);
  if (wheel?.[1] && wheel[2]) return { name: normalizeName(wheel[1]), version: wheel[2].replace(/_/g, "+") };
  const sdist = /^([\w.-]{1,200}?)-(\d[A-Za-z0-9.!+]{0,60})\.(?:tar\.gz|tgz|zip|tar\.bz2)$/.exec(base);
  if (sdist?.[1] && sdist[2]) return { name: normalizeName(sdist[1]), version: sdist[2] };
  return undefined;
}

export function analyseUrl(url: string): DirectRef {
  if (/^file:/i.test(url) || !looksLikeUrl(url)) return { kind: "local" };
  const egg = eggName(url);
  if (VCS_SCHEMES.test(url) || /^git@/.test(url) || /^git:\/\//i.test(url)) {
    const noFragment = url.split("#")[0] ?? url;
    const afterScheme = noFragment.replace(/^[a-z+]{1,30}:\/\//i, "").replace(/^git@/, "");
    const slash = afterScheme.indexOf("/");
    const hostPart = slash >= 0 ? afterScheme.slice(0, slash) : afterScheme;
    let path = slash >= 0 ? afterScheme.slice(slash) : "";
    // user@host: the @ before the first slash is credentials, not a ref.
    if (hostPart.includes("@") === false && slash < 0) path = "";
    const at = path.lastIndexOf("@");
    const ref = at >= 0 ? path.slice(at + 1) : "";
    const repoPath = at >= 0 ? path.slice(0, at) : path;
    const repoName = repoPath
      .split("/")
      .filter((seg) => seg !== "")
      .pop()
      ?.replace(/\.git$/i, "");
    const name = egg ?? (repoName ? normalizeName(repoName) : undefined);
    return { kind: "vcs", ref, ...(name ? { name } : {}) };
  }
  const archive = archiveNameVersion(url);
  if (archive) return { kind: "archive", name: egg ?? archive.name, version: archive.version };
  return { kind: "archive", ...(egg ? { name: egg } : {}) };
}
