/** A remote source failed in a way the user must fix (network, auth, missing bucket, rate limit): exit 2. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly kind: "network" | "auth" | "not_found" | "rate_limited" | "invalid" | "other",
  ) {
    super(message);
    this.name = "RemoteError";
  }
}

/** Removes anything that looks like a credential from a URL before it is shown or reported. */
export function scrubUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    for (const key of [...u.searchParams.keys()]) {
      if (/token|key|secret|signature|credential|auth/i.test(key)) u.searchParams.set(key, "REDACTED");
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@\s]{1,512}@/, "//");
  }
}
