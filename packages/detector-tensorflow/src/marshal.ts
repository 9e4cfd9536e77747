/**
 * Pulls identifier and string constants out of marshalled Python code objects (the payload of a
 * Keras Lambda layer) without knowing the exact code-object layout, which changes with every
 * Python minor version. We walk the bytes and take every value that is encoded as a marshal
 * string type with a plausible length and printable content. Never unmarshals, never executes.
 */

// Marshal type codes (the 0x80 FLAG_REF bit may be set on any of them).
const SHORT_ASCII = new Set([0x7a /* z */, 0x5a /* Z: interned */]);
const LONG_STR = new Set([0x61 /* a */, 0x41 /* A: interned */, 0x75 /* u */, 0x74 /* t */, 0x73 /* s: bytes */]);

function printable(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x0a && b !== 0x09) return false;
    if (b > 0x7e) return false;
  }
  return true;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Strings found in a marshal blob, deduplicated, in order of appearance (at most `limit`). */
export function marshalStrings(bytes: Uint8Array, limit = 2000): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < bytes.length && seen.size < limit; i++) {
    const t = bytes[i]! & 0x7f;
    let start = -1;
    let len = 0;
    if (SHORT_ASCII.has(t) && i + 1 < bytes.length) {
      len = bytes[i + 1]!;
      start = i + 2;
    } else if (LONG_STR.has(t) && i + 4 < bytes.length) {
      len = bytes[i + 1]! | (bytes[i + 2]! << 8) | (bytes[i + 3]! << 16) | (bytes[i + 4]! << 24);
      start = i + 5;
      if (len < 0 || len > 4096) continue;
    } else continue;
    if (len === 0 || start + len > bytes.length || !printable(bytes, start, start + len)) continue;
    seen.add(ascii(bytes, start, start + len));
  }
  return [...seen];
}

/** Names whose presence in Lambda bytecode means command or code execution: critical. */
export const CRITICAL_CODE_NAMES: ReadonlySet<string> = new Set([
  "os", "posix", "nt", "subprocess", "system", "popen", "Popen", "spawnl", "spawnv", "execv", "execve", "execl",
  "exec", "eval", "compile", "__import__", "import_module", "importlib", "builtins", "__builtins__", "pty",
  "socket", "marshal", "pickle", "runpy", "ctypes", "shutil", "rmtree", "check_output", "check_call",
  "getoutput", "getstatusoutput", "urlopen", "webbrowser", "b64decode", "codecs",
]);

/** Names that are unusual in tensor code and hint at indirection: high. */
export const SUSPICIOUS_CODE_NAMES: ReadonlySet<string> = new Set([
  "getattr", "setattr", "globals", "locals", "vars", "open", "sys", "__class__", "__subclasses__",
  "__globals__", "__getattribute__", "__reduce__", "requests", "urllib", "http", "environ", "getenv",
]);

/** Substrings of string constants that are shell or loader payloads. */
const PAYLOAD_SUBSTRINGS = [
  "os.system", "subprocess", "/bin/sh", "/bin/bash", "bash -c", "sh -c", "curl ", "wget ", "nc -e",
  "powershell", "cmd.exe", "__import__", "import os", "exec(", "eval(", "base64",
];

export interface CodeVerdict {
  severity: "critical" | "high" | "medium";
  /** The names or payload fragments that decided the severity. */
  hits: string[];
}

export function judgeCodeStrings(strings: readonly string[]): CodeVerdict {
  const critical: string[] = [];
  const high: string[] = [];
  for (const s of strings) {
    if (CRITICAL_CODE_NAMES.has(s)) critical.push(s);
    else if (SUSPICIOUS_CODE_NAMES.has(s)) high.push(s);
    else if (s.length > 3) {
      const lower = s.toLowerCase();
      const p = PAYLOAD_SUBSTRINGS.find((x) => lower.includes(x));
      if (p) critical.push(p);
    }
  }
  if (critical.length > 0) return { severity: "critical", hits: [...new Set(critical)].slice(0, 8) };
  if (high.length > 0) return { severity: "high", hits: [...new Set(high)].slice(0, 8) };
  return { severity: "medium", hits: [] };
}

/** Decodes base64 (standard or URL alphabet, padding optional); undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, "");
  if (clean.length === 0 || !/^[\w+/-]+={0,2}$/.test(clean)) return undefined;
  return new Uint8Array(Buffer.from(clean.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
}
