/** Small text helpers shared by the parsers and validators. */

export interface Line {
  start: number;
  /** Exclusive, before the line break. */
  end: number;
  text: string;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    lines.push({ start, end: lineEnd, text: text.slice(start, lineEnd) });
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

/** Up to `max` characters before `offset` on the same line. */
export function textBefore(text: string, offset: number, max: number): string {
  const from = Math.max(0, offset - max);
  const slice = text.slice(from, offset);
  const nl = slice.lastIndexOf("\n");
  return nl === -1 ? slice : slice.slice(nl + 1);
}

/** Up to `max` characters after `end` on the same line. */
export function textAfter(text: string, end: number, max: number): string {
  const slice = text.slice(end, end + max);
  const nl = slice.indexOf("\n");
  return nl === -1 ? slice : slice.slice(0, nl);
}

const UTF16 = new TextDecoder("utf-16le");
const SCRIPT_OR_STYLE = /^<\s*(script|style)\b/i;

/** Where an HTML text has markup: tags, comments, <script> and <style> elements, as [from, to) pairs in order. */
function markupSpans(html: string): number[] {
  const spans: number[] = [];
  const n = html.length;
  let lower: string | undefined;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt === -1) break;
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      const stop = end === -1 ? n : end + 3;
      spans.push(lt, stop);
      i = stop;
      continue;
    }
    const gt = html.indexOf(">", lt + 1);
    if (gt === -1) break;
    // `<script` / `<style` (after optional blanks): only tags starting with a blank or an s can be one
    const c1 = html.charCodeAt(lt + 1);
    const tag = c1 === 115 || c1 === 83 || c1 <= 32 ? SCRIPT_OR_STYLE.exec(html.slice(lt, Math.min(gt + 1, lt + 16))) : null;
    if (tag) {
      lower ??= html.toLowerCase();
      const close = lower.indexOf(`</${tag[1]!.toLowerCase()}`, gt);
      const closeEnd = close === -1 ? n : html.indexOf(">", close) + 1 || n;
      spans.push(lt, closeEnd);
      i = closeEnd;
      continue;
    }
    spans.push(lt, gt + 1);
    i = gt + 1;
  }
  return spans;
}

/** Replaces HTML tags, comments, <script> and <style> bodies by spaces (same length, same offsets; line breaks kept). */
export function maskHtml(html: string): string {
  const n = html.length;
  const out = new Uint16Array(n);
  const spans = markupSpans(html);
  let copied = 0;
  for (let s = 0; s < spans.length; s += 2) {
    const from = spans[s]!;
    const to = spans[s + 1]!;
    for (let k = copied; k < from; k++) out[k] = html.charCodeAt(k);
    out.fill(32, from, to);
    for (let nl = html.indexOf("\n", from); nl !== -1 && nl < to; nl = html.indexOf("\n", nl + 1)) out[nl] = 10;
    copied = to;
  }
  for (let k = copied; k < n; k++) out[k] = html.charCodeAt(k);
  // (String.prototype.isWellFormed: Node 20, not in the TypeScript lib this package targets)
  if ((html as unknown as { isWellFormed(): boolean }).isWellFormed()) return UTF16.decode(out);
  // the decoder would turn a lone surrogate into U+FFFD: build the string by pieces instead
  const pieces: string[] = [];
  for (let k = 0; k < n; k += 8192) pieces.push(String.fromCharCode(...out.subarray(k, Math.min(n, k + 8192))));
  return pieces.join("");
}

/**
 * The text of an HTML text with each piece of markup replaced by two spaces, or by a space, its line
 * breaks and a space, and runs of more than two spaces shortened to two (maskHtml keeps lengths; this
 * keeps only what separates the text). For the triage: a pattern that allows at most one blank
 * between its parts finds the same in both, one that allows more finds at least as much here, line
 * breaks stay, and letters and digits are the same. (A lone surrogate may come out as U+FFFD, which
 * no pattern of the triage tells apart from it.)
 */
export function compressHtml(html: string): string {
  const n = html.length;
  const spans = markupSpans(html);
  const out = new Uint16Array(n + 2);
  let k = 0;
  let blanks = 0;
  const copy = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const c = html.charCodeAt(i);
      if (c === 32) {
        if (++blanks > 2) continue;
      } else blanks = 0;
      out[k++] = c;
    }
  };
  let copied = 0;
  for (let s = 0; s < spans.length; s += 2) {
    const from = spans[s]!;
    const to = spans[s + 1]!;
    copy(copied, from);
    let breaks = 0;
    for (let nl = html.indexOf("\n", from); nl !== -1 && nl < to; nl = html.indexOf("\n", nl + 1)) breaks++;
    if (breaks === 0) {
      // two blanks in all (with the ones just before)
      while (blanks < 2) {
        out[k++] = 32;
        blanks++;
      }
    } else {
      if (blanks === 0) out[k++] = 32;
      for (let b = 0; b < breaks; b++) out[k++] = 10;
      out[k++] = 32;
      blanks = 1;
    }
    copied = to;
  }
  copy(copied, n);
  return UTF16.decode(out.subarray(0, k));
}

export function digitsOnly(s: string): string {
  return s.replace(/\D/g, "");
}

/** Same digit repeated, or a run like 123456789 / 987654321. */
export function isTrivialDigits(d: string): boolean {
  if (/^(\d)\1*$/.test(d)) return true;
  return "01234567890123456789".includes(d) || "98765432109876543210".includes(d);
}

/** `s` without trailing characters from `chars` (a linear-time `replace(/[…]+$/, "")`). */
export function trimEndChars(s: string, chars: string): string {
  let e = s.length;
  while (e > 0 && chars.includes(s[e - 1]!)) e--;
  return s.slice(0, e);
}

export function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
