/**
 * Pipfile.lock: JSON, every package pinned (`"version": "==1.2.3"`) or a VCS reference.
 */
import type { Requirement } from "../model.js";
import { normalizeName } from "../names.js";
import type { Locate } from "../requirement.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function parsePipfileLock(text: string, locate: Locate): Requirement[] {
  const root = JSON.parse(text) as unknown;
  if (!isObj(root)) return [];
  const out: Requirement[] = [];
  for (const [section, packages] of Object.entries(root)) {
    if (section === "_meta" || !isObj(packages)) continue;
    const sectionKey = new RegExp(`"${escapeRegExp(section)}"\\s{0,100}:`).exec(text);
    let from = sectionKey ? sectionKey.index : 0;
    for (const [name, entry] of Object.entries(packages)) {
      if (!isObj(entry)) continue;
      const re = new RegExp(`"${escapeRegExp(name)}"\\s{0,100}:\\s{0,100}\\{`, "g");
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) continue;
      from = m.index + m[0].length;
      const keyEnd = m.index + name.length + 2;
      const version = typeof entry.version === "string" ? entry.version : undefined;
      // Point at `"name": {` … `"version": "==x"` when the version follows closely; else at the key.
      let end = keyEnd;
      let evidence = `${name}${version ?? ""}`;
      if (version) {
        const v = text.indexOf(`"${version}"`, from);
        const close = text.indexOf("}", from);
        if (v >= 0 && (close < 0 || v < close)) end = v + version.length + 2;
        evidence = `${name}${version}`;
      }
      const req: Requirement = {
        name: normalizeName(name),
        displayName: name,
        text: evidence,
        at: locate(m.index, end - m.index),
        origin: "pipfile-lock",
      };
      if (version && version !== "*") req.spec = { pep440: version.replace(/\s/g, "") };
      if (typeof entry.git === "string") {
        const ref = typeof entry.ref === "string" ? entry.ref : "";
        req.url = `git+${entry.git}${ref ? `@${ref}` : ""}`;
        req.vcsRef = ref;
      }
      if (!version && !req.url && typeof entry.path !== "string") req.star = true;
      if (typeof entry.path === "string") continue;
      out.push(req);
    }
  }
  return out;
}
