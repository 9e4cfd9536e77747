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

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function labelsOf(t: string): Label[] {
  const labels: Label[] = [];
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c !== 58 /* : */ && c !== 61 /* = */) continue;
    const prev = i > 0 ? t.charCodeAt(i - 1) : -1;
    const next = i + 1 < n ? t.charCodeAt(i + 1) : -1;
    // `==`, `<=`, `>=`, `!=`, `:=` (and a `=` that starts the line) are not assignments
    if (c === 61 && (next === 61 || prev === -1 || prev === 60 || prev === 62 || prev === 33 || prev === 61 || prev === 58)) continue;
    // `://`, `::`, times `12:30`
    if (c === 58 && (next === 47 || next === 58 || isDigit(next) || prev === 58)) continue;
    let j = i - 1;
    while (j >= 0 && t.charCodeAt(j) === 32) j--;
    const end = j + 1;
    while (j >= 0 && i - j <= 42 && labelChar(t.charCodeAt(j)) && !(t.charCodeAt(j) === 32 && j > 0 && t.charCodeAt(j - 1) === 32)) j--;
    let start = j + 1;
    while (start < end && !isLetter(t.charCodeAt(start))) start++;
    if (start >= end) continue;
    // Words before the colon (the region holds no other whitespace than spaces): the label is the
    // shortest suffix that means something ("Email" in "John Smith Email:"), widened to a specific
    // name label ("Last Name") when there is one.
    let chosen: Label | undefined;
    let chosenKind: ReturnType<typeof classifyKey>;
    let wordEnd = end;
    for (let w = 1; w <= 5; w++) {
      // the w-th word from the end: [wordStart, wordEnd)
      let wordStart = wordEnd;
      while (wordStart > start && t.charCodeAt(wordStart - 1) !== 32) wordStart--;
      let letter = false;
      for (let k = wordStart; k < wordEnd && !letter; k++) letter = isLetter(t.charCodeAt(k));
      if (!letter) break;
      const key = t.slice(wordStart, end);
      const kind = classifyKey(key);
      if (kind !== undefined) {
        if (chosen === undefined) {
          chosen = { start: wordStart, sep: i, key };
          chosenKind = kind;
        } else if (kind === "name" && chosenKind === "name-generic") {
          chosen = { start: wordStart, sep: i, key };
          chosenKind = kind;
        }
        if (kind !== "name-generic") break;
      }
      // the previous word ends before the spaces in front of this one
      let k = wordStart;
      while (k > start && t.charCodeAt(k - 1) === 32) k--;
      if (k <= start) break;
      wordEnd = k;
    }
    labels.push(chosen ?? { start, sep: i, key: t.slice(start, end) });
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
