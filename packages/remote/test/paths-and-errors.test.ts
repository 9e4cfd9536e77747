import { join } from "node:path";

import { describe, expect, test } from "vitest";

import { RemoteError, safeJoin, scrubUrl } from "../src/index.js";
import { networkCode, redact } from "../src/errors.js";

describe("safeJoin", () => {
  const dir = "/tmp/watchtower-x";
  test.each([
    ["a/b.pkl", join(dir, "a", "b.pkl")],
    ["./a//b.pkl", join(dir, "a", "b.pkl")],
    ["/leading/slash.pkl", join(dir, "leading", "slash.pkl")],
  ])("%s stays inside", (key, expected) => expect(safeJoin(dir, key)).toBe(expected));

  test.each(["../x", "a/../../x", "a/..", "a\\..\\x", ".git/config", "a/.GIT/hooks/pre-commit", "nul\0byte", "tab\there", "", "/", `${"a".repeat(256)}/x`])(
    "%j is refused",
    (key) => expect(safeJoin(dir, key)).toBeUndefined(),
  );
});

describe("scrubUrl and redact", () => {
  test("drops user info and credential-like query parameters", () => {
    expect(scrubUrl("https://user:pa55@host.example/repo.git")).toBe("https://host.example/repo.git");
    expect(scrubUrl("https://host.example/x?access_token=abc&ref=main&X-Amz-Signature=def")).toBe(
      "https://host.example/x?access_token=REDACTED&ref=main&X-Amz-Signature=REDACTED",
    );
    expect(scrubUrl("not a url //user:pw@host/x")).toBe("not a url //host/x");
  });

  test("redact replaces every occurrence of a secret, and ignores trivially short ones", () => {
    expect(redact("a tok123 b tok123", "tok123")).toBe("a [REDACTED] b [REDACTED]");
    expect(redact("abc", "ab")).toBe("abc");
    expect(redact("abc", undefined)).toBe("abc");
  });
});

describe("networkCode", () => {
  test("finds socket codes through fetch causes and AggregateErrors", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(networkCode(refused)).toBe("ECONNREFUSED");
    expect(networkCode(new TypeError("fetch failed", { cause: refused }))).toBe("ECONNREFUSED");
    expect(networkCode(new AggregateError([new Error("x"), refused]))).toBe("ECONNREFUSED");
    expect(networkCode(new Error("Request timed out"))).toBe("ETIMEDOUT");
    expect(networkCode(new Error("something else"))).toBeUndefined();
    expect(networkCode(Object.assign(new Error("x"), { code: "ENOENT" }))).toBeUndefined();
  });

  test("RemoteError carries its kind", () => {
    const e = new RemoteError("m", "rate_limited");
    expect([e.name, e.kind, e.message, e instanceof Error]).toEqual(["RemoteError", "rate_limited", "m", true]);
  });
});
