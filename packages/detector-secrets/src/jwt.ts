/**
 * JSON Web Tokens: three base64url parts whose first two decode to JSON objects. Decoding tells
 * documentation samples (jwt.io's John Doe), unsigned tokens and public "anon" keys apart.
 */
import type { PatternEntry, Verdict } from "./model.js";

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const json = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function judgeJwt(token: string): Verdict | undefined {
  const [h, p, sig = ""] = token.split(".");
  const header = decodePart(h ?? "");
  const payload = decodePart(p ?? "");
  if (!header || !payload) return false;
  if (typeof header["alg"] !== "string" && typeof header["typ"] !== "string") return false;
  // jwt.io and RFC 7519 samples
  if (payload["sub"] === "1234567890" && (payload["name"] === "John Doe" || payload["admin"] === true)) return false;
  if (payload["iss"] === "joe" && payload["exp"] === 1300819380) return false;
  const alg = String(header["alg"] ?? "").toLowerCase();
  if (alg === "none" || sig.length === 0) {
    return { severity: "low", label: "an unsigned JSON Web Token", note: "It has no signature, so it only proves anything to a careless server." };
  }
  // Supabase / PostgREST anon keys are meant to ship in browsers.
  if (payload["role"] === "anon") return { severity: "low", label: "a public (anon role) JSON Web Token" };
  if (payload["role"] === "service_role") return { severity: "critical", label: "a Supabase service-role JSON Web Token" };
  return undefined;
}

export const JWT_PATTERN: PatternEntry = {
  kind: "pattern",
  rule: "secrets/jwt",
  label: "a JSON Web Token",
  why: "eyJ… . eyJ… . <signature>: a header and a payload that decode to JSON objects, plus a signature.",
  keywords: ["eyj"],
  pattern: /(?<![\w-])eyJ[\w-]{8,4000}\.eyJ[\w-]{8,8000}\.[\w-]{0,2000}(?![\w-])/g,
  check: (token) => judgeJwt(token),
};
