import { describe, expect, it } from "vitest";

import { displayTarget, parseScanRequest, RequestError } from "../src/request.js";
import { checkToken, cookieName, hostAllowed, newToken, sameOriginWrite, sessionCookie, tokenMatches } from "../src/security.js";

const PORT = 43210;
const token = newToken();
const q = (s = ""): URLSearchParams => new URLSearchParams(s);

describe("token", () => {
  it("is 32 random bytes in base64url, different every time", () => {
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(newToken()).not.toBe(token);
  });

  it("compares exactly", () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, `${token}x`)).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(token, "")).toBe(false);
  });

  it("is accepted from the cookie, a bearer header or the query; missing → 401, wrong → 403", () => {
    expect(checkToken(token, PORT, {}, q())).toEqual({ ok: false, status: 401 });
    expect(checkToken(token, PORT, { cookie: `other=1; ${cookieName(PORT)}=${token}` }, q())).toEqual({ ok: true, source: "cookie" });
    expect(checkToken(token, PORT, { authorization: `Bearer ${token}` }, q())).toEqual({ ok: true, source: "header" });
    expect(checkToken(token, PORT, {}, q(`token=${token}`))).toEqual({ ok: true, source: "query" });
    expect(checkToken(token, PORT, { cookie: `${cookieName(PORT)}=nope` }, q())).toEqual({ ok: false, status: 403 });
    expect(checkToken(token, PORT, { authorization: "Bearer nope" }, q())).toEqual({ ok: false, status: 403 });
    expect(checkToken(token, PORT, { authorization: `Basic ${token}` }, q())).toEqual({ ok: false, status: 403 });
    expect(checkToken(token, PORT, {}, q("token=nope"))).toEqual({ ok: false, status: 403 });
    expect(checkToken(token, PORT, {}, q(`token=${token}&token=${token}`))).toEqual({ ok: false, status: 403 });
  });

  it("a cookie for another port is not ours", () => {
    expect(checkToken(token, PORT, { cookie: `${cookieName(PORT + 1)}=${token}` }, q())).toEqual({ ok: false, status: 401 });
  });

  it("the tokened URL wins over a stale cookie from an earlier run on the same port", () => {
    expect(checkToken(token, PORT, { cookie: `${cookieName(PORT)}=old` }, q(`token=${token}`))).toEqual({ ok: true, source: "query" });
  });

  it("the session cookie is HttpOnly and SameSite=Strict", () => {
    expect(sessionCookie(PORT, token)).toBe(`wt_ui_${PORT}=${token}; Path=/; HttpOnly; SameSite=Strict`);
  });
});

describe("Host (DNS rebinding)", () => {
  it.each([
    [`127.0.0.1:${PORT}`, true],
    [`localhost:${PORT}`, true],
    [`LOCALHOST:${PORT}`, true],
    ["127.0.0.1", false],
    [`127.0.0.1:${PORT + 1}`, false],
    [`attacker.example:${PORT}`, false],
    [`127.0.0.1.nip.io:${PORT}`, false],
    [`[::1]:${PORT}`, false],
    [`0.0.0.0:${PORT}`, false],
    ["", false],
  ])("%s → %s", (host, ok) => {
    expect(hostAllowed(PORT, { host })).toBe(ok);
  });

  it("a missing Host is refused", () => {
    expect(hostAllowed(PORT, {})).toBe(false);
  });
});

describe("Origin on writes (CSRF)", () => {
  const own = `http://127.0.0.1:${PORT}`;
  it.each<[string, Record<string, string>, "cookie" | "header", boolean]>([
    ["own Origin", { origin: own }, "cookie", true],
    ["localhost Origin", { origin: `http://localhost:${PORT}` }, "cookie", true],
    ["foreign Origin", { origin: "https://attacker.example" }, "cookie", false],
    ["same host, other port (same site, other origin)", { origin: `http://127.0.0.1:${PORT + 1}` }, "cookie", false],
    ["https on our port", { origin: `https://127.0.0.1:${PORT}` }, "cookie", false],
    ["opaque Origin", { origin: "null" }, "cookie", false],
    ["own Referer without Origin", { referer: `${own}/` }, "cookie", true],
    ["foreign Referer without Origin", { referer: "https://attacker.example/x" }, "cookie", false],
    ["garbage Referer", { referer: "::::" }, "cookie", false],
    ["neither, cookie auth", {}, "cookie", false],
    ["neither, bearer auth", {}, "header", true],
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site", origin: own }, "cookie", false],
    ["Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site", origin: own }, "cookie", false],
    ["Sec-Fetch-Site same-origin", { "sec-fetch-site": "same-origin", origin: own }, "cookie", true],
    ["foreign Origin with bearer", { origin: "https://attacker.example" }, "header", false],
  ])("%s", (_name, headers, source, ok) => {
    expect(sameOriginWrite(PORT, headers, source)).toBe(ok);
  });
});

describe("scan requests", () => {
  it.each([
    [{ kind: "folder", target: " examples " }, { kind: "folder", target: "examples" }],
    [{ kind: "folder", target: "/home/me/repo" }, { kind: "folder", target: "/home/me/repo" }],
    [{ kind: "git", target: "https://github.com/o/r.git", ref: "v1.2" }, { kind: "git", target: "https://github.com/o/r.git", ref: "v1.2" }],
    [{ kind: "git", target: "https://github.com/o/r", ref: "" }, { kind: "git", target: "https://github.com/o/r" }],
    [{ kind: "s3", target: "s3://my-bucket/models/v1" }, { kind: "s3", target: "s3://my-bucket/models/v1" }],
    [{ kind: "s3", target: "s3://my-bucket" }, { kind: "s3", target: "s3://my-bucket" }],
    [{ kind: "hf", target: "openai-community/gpt2", ref: "main" }, { kind: "hf", target: "openai-community/gpt2", ref: "main" }],
    [{ kind: "hf", target: "datasets/owner/name" }, { kind: "hf", target: "datasets/owner/name" }],
  ])("accepts %j", (body, expected) => {
    expect(parseScanRequest(body)).toEqual(expected);
  });

  it.each([
    ["not an object", "examples"],
    ["an array", []],
    ["unknown kind", { kind: "shell", target: "ls" }],
    ["missing target", { kind: "folder" }],
    ["empty target", { kind: "folder", target: "   " }],
    ["non-string target", { kind: "folder", target: 7 }],
    ["option-like target", { kind: "folder", target: "--config=/etc/passwd" }],
    ["option-like ref", { kind: "git", target: "https://h/o/r", ref: "--upload-pack=x" }],
    ["control characters", { kind: "folder", target: "a\nb" }],
    ["overlong target", { kind: "folder", target: "a".repeat(3000) }],
    ["ssh git URL", { kind: "git", target: "git@github.com:o/r.git" }],
    ["file git URL", { kind: "git", target: "file:///etc" }],
    ["git URL without a path", { kind: "git", target: "https://github.com" }],
    ["s3 without scheme", { kind: "s3", target: "bucket/prefix" }],
    ["hf URL", { kind: "hf", target: "https://huggingface.co/o/n" }],
    ["hf with ..", { kind: "hf", target: "o/.." }],
    ["ref on a folder scan", { kind: "folder", target: "x", ref: "main" }],
    ["ref with spaces", { kind: "git", target: "https://h/o/r", ref: "a b" }],
  ])("refuses %s", (_name, body) => {
    expect(() => parseScanRequest(body)).toThrow(RequestError);
  });

  it("masks credentials of git URLs when showing the target", () => {
    expect(displayTarget({ kind: "git", target: "https://user:secret@host.example/o/r.git" })).toBe("https://***@host.example/o/r.git");
    expect(displayTarget({ kind: "folder", target: "a@b" })).toBe("a@b");
  });
});
