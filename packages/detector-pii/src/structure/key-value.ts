/**
 * Unquoted `Label: value` fields in printed text and logs: "Name: John Smith, SSN: …", "DOB = 1990-01-02",
 * YAML-ish `email: …`. The label runs back from the colon to the start of the line or to a separator
 * (`,;|{(` or two spaces); the value runs to the next label or the end of the line.
 */
import { classifyKey } from "../context.js";
import type { Field } from "../model.js";
import type { Line } from "../text.js";

/** Letters, digits and ` _.#'/-` may appear in a label. */
function labelChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 32 || c === 46 || c === 35 || c === 39 || c === 47 || c === 45;
}
const SERIES_FOOTER = /^(?:Name: .{1,120}?, )?(?:Length: \d+, )?dtype: /;

interface Label {
  start: number;
  sep: number;
  key: string;
}

function labelsOf(t: string): Label[] {
  const labels: Label[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c !== ":" && c !== "=") continue;
    if (c === "=" && (t[i + 1] === "=" || "<>!=:".includes(t[i - 1] ?? ""))) continue;
    if (c === ":" && (t[i + 1] === "/" || t[i + 1] === ":" || /\d/.test(t[i + 1] ?? "") || t[i - 1] === ":")) continue;
    let j = i - 1;
    while (j >= 0 && t[j] === " ") j--;
    const end = j + 1;
    while (j >= 0 && i - j <= 42 && labelChar(t.charCodeAt(j)) && !(t[j] === " " && t[j - 1] === " ")) j--;
    let start = j + 1;
    while (start < end && !/[A-Z]/i.test(t[start]!)) start++;
    const region = t.slice(start, end);
    if (region.trim() === "") continue;
    // Words before the colon: the label is the shortest suffix that means something ("Email" in
    // "John Smith Email:"), widened to a specific name label ("Last Name") when there is one.
    const words: { at: number; w: string }[] = [];
    for (const m of region.matchAll(/\S+/g)) words.push({ at: start + m.index, w: m[0] });
    let chosen: Label | undefined;
    for (let n = 1; n <= Math.min(5, words.length); n++) {
      const word = words[words.length - n]!;
      if (!/[a-z]/i.test(word.w)) break;
      const key = t.slice(word.at, end);
      const kind = classifyKey(key);
      if (kind === undefined) continue;
      if (chosen === undefined) chosen = { start: word.at, sep: i, key };
      else if (kind === "name" && classifyKey(chosen.key) === "name-generic") chosen = { start: word.at, sep: i, key };
      if (kind !== "name-generic") break;
    }
    labels.push(chosen ?? { start, sep: i, key: region.trim() });
  }
  return labels;
}

export function keyValueFields(lines: readonly Line[]): Field[] {
  const fields: Field[] = [];
  for (const line of lines) {
    const t = line.text;
    if (t.length > 4000 || !/[:=]/.test(t) || SERIES_FOOTER.test(t.trim())) continue;
    const labels = labelsOf(t);
    labels.forEach((lab, n) => {
      const kind = classifyKey(lab.key);
      if (kind === undefined) return;
      let vs = lab.sep + 1;
      while (vs < t.length && t[vs] === " ") vs++;
      const nextStart = labels[n + 1]?.start ?? t.length;
      let ve = Math.min(nextStart, t.length);
      // Stop at a column gap (two spaces), a tab, ` | ` or `;`.
      const gap = t.slice(vs, ve).search(/ {2}|\t| \| |;/);
      if (gap !== -1) ve = vs + gap;
      while (ve > vs && /[\s,;|)}\]]/.test(t[ve - 1]!)) ve--;
      if (ve <= vs) return;
      const value = t.slice(vs, ve);
      if (/^["'[{(]/.test(value) || value.length > 200) return;
      fields.push({ key: lab.key, kind, offset: line.start + vs, length: ve - vs, value, decoded: false, via: "kv" });
    });
  }
  return fields;
}
