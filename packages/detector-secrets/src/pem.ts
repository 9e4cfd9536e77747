/**
 * Private key blocks (PEM, OpenSSH, PGP, PuTTY) as one finding each, including blocks whose
 * newlines are JSON/Python escapes ("\n" inside a service-account JSON or a printed dict).
 * Public keys and certificates are recorded as masks so no other rule reports their bodies.
 */
import { entropy } from "./filters.js";
import type { BlockScanner, Candidate, Segment } from "./model.js";

/** Largest block looked at (RSA 8192 / PGP keys with subkeys stay well below). */
const MAX_BLOCK = 64 * 1024;

const HEADER = /-----BEGIN ((?:[A-Z0-9]{1,20} ){0,4})(PRIVATE KEY(?: BLOCK)?|PUBLIC KEY(?: BLOCK)?|CERTIFICATE(?: REQUEST)?|X509 CRL|TRUSTED CERTIFICATE|PGP SIGNATURE|PGP MESSAGE)-----/y;
const END = /-----END [A-Z0-9 ]{1,60}-----/y;
/** `\n`, `\\n`, `\r\n` escapes as they appear in JSON strings and Python reprs. */
const ESCAPES = /\\{1,2}[nrt]/g;
/** Armor headers inside a block: Proc-Type, DEK-Info, Version, Comment, Hash. */
const ARMOR_HEADER = /^[A-Z][A-Z-]{1,30}: [^\n]{0,200}$/gim;
const BODY_CHAR = /[\s"',+/0-9=A-Z\\]/i;
const PLACEHOLDER_BODY = /\.\.\.|…|<[^>\n]{0,40}>|your|redacted|xxxx|placeholder|example|\*\*\*/i;

/** Whether an OpenSSH key body (base64) names a cipher other than "none". */
function opensshEncrypted(base64: string): boolean {
  try {
    const head = atob(base64.slice(0, 64));
    // "openssh-key-v1\0" + uint32 length + cipher name
    if (!head.startsWith("openssh-key-v1\0")) return false;
    const len = head.charCodeAt(18);
    return head.slice(19, 19 + len) !== "none";
  } catch {
    return false;
  }
}

const KEY_LABELS: Readonly<Record<string, string>> = {
  "": "a private key",
  RSA: "an RSA private key",
  EC: "an EC private key",
  DSA: "a DSA private key",
  OPENSSH: "an OpenSSH private key",
  PGP: "a PGP private key",
  ENCRYPTED: "an encrypted private key",
  "SSH2 ENCRYPTED": "an encrypted SSH2 private key",
};

function keyLabel(prefix: string): string {
  return KEY_LABELS[prefix] ?? "a private key";
}

function serviceAccountNear(text: string, start: number, end: number): boolean {
  const around = text.slice(Math.max(0, start - 3000), Math.min(text.length, end + 3000));
  return around.includes("service_account") || around.includes("gserviceaccount.com") || around.includes("private_key_id");
}

function pemScan(seg: Segment, hit: number, out: Candidate[], masks: Array<[number, number]>): number {
  const text = seg.text;
  HEADER.lastIndex = hit;
  const h = HEADER.exec(text);
  if (!h) return hit + 10;
  const prefix = (h[1] ?? "").trim();
  const kind = h[2] ?? "";
  const headerEnd = hit + h[0].length;
  const limit = Math.min(text.length, headerEnd + MAX_BLOCK);
  // Bounded searches (up to the next header), so a text full of headers without END markers
  // stays linear.
  const nextBegin = text.slice(headerEnd, limit).indexOf("-----BEGIN");
  const stop = nextBegin === -1 ? limit : headerEnd + nextBegin;
  const endRel = text.slice(headerEnd, stop).indexOf("-----END");
  const endAt = endRel === -1 ? -1 : headerEnd + endRel;
  let blockEnd: number;
  let truncated = false;
  if (endAt !== -1) {
    END.lastIndex = endAt;
    const e = END.exec(text);
    blockEnd = e ? endAt + e[0].length : endAt + 8;
  } else {
    // Truncated block (head -n 5 key.pem, a cut-off output): keep the base64-looking run.
    truncated = true;
    let i = headerEnd;
    while (i < limit && BODY_CHAR.test(text[i] ?? "")) i++;
    // drop trailing whitespace, quotes and "\n" escapes that belong to the surrounding text
    for (;;) {
      const c = text[i - 1] ?? "";
      if (/[\s"',]/.test(c)) i--;
      else if (c === "n" && text[i - 2] === "\\") i -= 2;
      else break;
    }
    blockEnd = i;
  }
  const isPrivate = kind.startsWith("PRIVATE KEY");
  if (!isPrivate) {
    if (!kind.startsWith("PGP SIGNATURE") && !kind.startsWith("PGP MESSAGE")) masks.push([hit, blockEnd]);
    return blockEnd;
  }
  const rawBody = text.slice(headerEnd, endAt !== -1 ? endAt : blockEnd);
  if (PLACEHOLDER_BODY.test(rawBody)) return blockEnd;
  const unescaped = rawBody.replace(ESCAPES, "\n");
  const withoutArmor = unescaped.replace(ARMOR_HEADER, "");
  const stripped = withoutArmor.replace(/["',\s]/g, "");
  const base64 = stripped.replace(/[^A-Z0-9+/=]/gi, "");
  if (base64.length < 56 || base64.length < stripped.length * 0.95 || entropy(base64) < 4.2) return blockEnd;

  const encrypted =
    prefix.includes("ENCRYPTED") || /Proc-Type: 4,ENCRYPTED/.test(unescaped) || (prefix === "OPENSSH" && opensshEncrypted(base64));
  const sa = serviceAccountNear(text, hit, blockEnd);
  const cand: Candidate = {
    rule: sa ? "secrets/gcp-service-account" : "secrets/private-key",
    start: hit,
    end: blockEnd,
    secret: text.slice(hit, blockEnd),
    severity: truncated || encrypted ? "high" : "critical",
    label: sa ? "a Google Cloud service-account private key" : keyLabel(prefix),
    priority: 0,
    data: { keyType: prefix === "" ? "PKCS#8" : prefix, encrypted, truncated },
  };
  if (encrypted) cand.note = "It is encrypted with a passphrase, which slows an attacker down but does not make it safe to publish.";
  if (truncated) cand.note = "Only part of the block is present (it was cut off), which may still be enough to recover the key.";
  out.push(cand);
  return blockEnd;
}

const PUTTY = /PuTTY-User-Key-File-\d: [\w@.-]{1,64}/y;

function puttyScan(seg: Segment, hit: number, out: Candidate[]): number {
  const text = seg.text;
  PUTTY.lastIndex = hit;
  const m = PUTTY.exec(text);
  if (!m) return hit + 10;
  const window = text.slice(hit, Math.min(text.length, hit + 8192));
  const pl = /Private-Lines: (\d{1,3})\r?\n/.exec(window);
  if (!pl) return hit + m[0].length;
  const lines = Number(pl[1]);
  let i = pl.index + pl[0].length;
  for (let k = 0; k < lines && i < window.length; k++) {
    const nl = window.indexOf("\n", i);
    i = nl === -1 ? window.length : nl + 1;
  }
  const body = window.slice(pl.index + pl[0].length, i).replace(/\s/g, "");
  if (body.length < 40 || PLACEHOLDER_BODY.test(body)) return hit + i;
  const encrypted = !/Encryption: none/.test(window.slice(0, pl.index));
  const end = hit + i;
  out.push({
    rule: "secrets/private-key",
    start: hit,
    end: end - (window[i - 1] === "\n" ? 1 : 0),
    secret: text.slice(hit, end).trimEnd(),
    severity: encrypted ? "high" : "critical",
    label: "a PuTTY private key",
    priority: 0,
    data: { keyType: "PuTTY", encrypted, truncated: false },
    ...(encrypted ? { note: "It is encrypted with a passphrase, which slows an attacker down but does not make it safe to publish." } : {}),
  });
  return end;
}

export const PEM_SCANNER: BlockScanner = {
  kind: "block",
  name: "pem",
  keywords: ["-----begin"],
  scan: (seg, hit, out, masks) => pemScan(seg, hit, out, masks),
};

export const PUTTY_SCANNER: BlockScanner = {
  kind: "block",
  name: "putty",
  keywords: ["putty-user-key-file"],
  scan: (seg, hit, out) => puttyScan(seg, hit, out),
};
