/**
 * The checks every request goes through before it reaches a route: Host (DNS rebinding), the
 * session token (cookie, bearer header or query), and Origin/Referer/Sec-Fetch-Site on requests
 * that change state (cross-site request forgery). Pure functions over the request headers, so each
 * defence is tested on its own.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Short random id (scan ids). */
export function newId(): string {
  return randomBytes(9).toString("base64url");
}

/** Constant-time comparison; a value of another length is simply wrong. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are shared between ports of one host, so the name carries the port. */
export function cookieName(port: number): string {
  return `wt_ui_${port}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** One header value (Node joins repeated headers for some names and keeps arrays for others). */
function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type TokenSource = "cookie" | "header" | "query";

export interface TokenCheck {
  ok: boolean;
  /** Where a correct token came from (the bearer header also exempts from the Origin rule below). */
  source?: TokenSource;
  /** 401: no token at all; 403: a token that is wrong. */
  status?: 401 | 403;
}

/**
 * A request is authenticated by a correct token in the Authorization header, the query string or
 * the session cookie, looked at in that order: the first one present decides. (A stale cookie from
 * an earlier run on the same port must not block the new tokened URL.)
 */
export function checkToken(token: string, port: number, headers: IncomingHttpHeaders, query: URLSearchParams): TokenCheck {
  const queryTokens = query.getAll("token");
  const given: [TokenSource, string | undefined][] = [
    ["header", bearer(single(headers.authorization))],
    ["query", queryTokens.length > 1 ? "" : queryTokens[0]],
    ["cookie", cookieValue(single(headers.cookie), cookieName(port))],
  ];
  const first = given.find((g): g is [TokenSource, string] => g[1] !== undefined);
  if (!first) return { ok: false, status: 401 };
  return tokenMatches(token, first[1]) ? { ok: true, source: first[0] } : { ok: false, status: 403 };
}

function bearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer ([\w-]{1,200})$/.exec(header.trim());
  return m ? m[1] : "";
}

/** The Host values this server answers to. Anything else is a rebound DNS name or a proxy. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostAllowed(port: number, headers: IncomingHttpHeaders): boolean {
  const host = single(headers.host);
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * For POST/DELETE: the request must come from our own page. Browsers send Origin on every
 * cross-origin request and on same-origin POSTs; Sec-Fetch-Site where they support it. A request
 * with neither Origin nor Referer is accepted only when the token came in the Authorization
 * header, which no cross-site page can set without a CORS preflight we never answer.
 */
export function sameOriginWrite(port: number, headers: IncomingHttpHeaders, tokenSource: TokenSource | undefined): boolean {
  const origins = allowedOrigins(port);
  const site = single(headers["sec-fetch-site"]);
  if (site !== undefined && site !== "same-origin") return false;
  const origin = single(headers.origin);
  if (origin !== undefined) return origins.has(origin.toLowerCase());
  const referer = single(headers.referer);
  if (referer !== undefined) {
    const o = originOf(referer);
    return o !== undefined && origins.has(o);
  }
  return tokenSource === "header";
}

/** The page's policy: only our own scripts, styles and API; nothing may frame it. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The embedded HTML report: its own inline style and script (it is a self-contained file), no
 * network at all, framed only by our page, and sandboxed into an opaque origin so that even a
 * markup injection in it could not read our cookie, call our API or navigate the page.
 */
export const REPORT_VIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox";

/** Downloads are never rendered by us; should a browser render one anyway, nothing runs. */
export const DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};
