/**
 * Replaces ANSI escape sequences (colour codes in tracebacks) by spaces of the same length, so that
 * rules match `postgres://…` in a coloured traceback while every offset still points into the text
 * as stored in the notebook.
 */
// CSI sequences (ESC [ params final) and OSC sequences (ESC ] … BEL/ST); bounded to stay linear.
const ANSI = /\x1b\[[0-9;?]{0,32}[\x20-\x2f]{0,4}[\x40-\x7e]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)|\x1b[\x40-\x5a\x5c-\x5f]/g;

export function maskAnsi(text: string): string {
  if (!text.includes("\x1b")) return text;
  return text.replace(ANSI, (m) => " ".repeat(m.length));
}
