/** A remote source failed in a way the user must fix (network, auth, missing bucket, rate limit): exit 2. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly kind: "network" | "auth" | "not_found" | "rate_limited" | "invalid" | "cancelled" | "other",
  ) {
    super(message);
    this.name = "RemoteError";
  }
}

/** Stops a fetch between requests and chunks once the caller (Ctrl-C, the UI's cancel) aborts. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RemoteError("cancelled before the download finished", "cancelled");
}

/** Socket-level error codes that mean "could not talk to the server", whatever the client library. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * The network error code of `error`, looking through `cause` chains (fetch wraps socket errors in
 * a TypeError) and AggregateErrors (Node tries IPv4 and IPv6 in turn); undefined when it is not one.
 */
export function networkCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 4) return undefined;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown; name?: unknown; message?: unknown };
  if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name === "TimeoutError" || (typeof e.message === "string" && /^Request timed out$|socket hang up/.test(e.message))) {
    return "ETIMEDOUT";
  }
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = networkCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return networkCode(e.cause, depth + 1);
}

/** Removes anything that looks like a credential from a URL before it is shown or reported. */
export function scrubUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    for (const key of [...u.searchParams.keys()]) {
      if (/token|key|secret|signature|credential|auth|sig$|^sig|password/i.test(key)) u.searchParams.set(key, "REDACTED");
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@\s]{1,512}@/, "//");
  }
}

/** Replaces every occurrence of the given secrets in a message (defence in depth for error texts). */
export function redact(message: string, ...secrets: (string | undefined)[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  }
  return out;
}
