/**
 * The server over plain HTTP: every defence of the README's security model, the scan lifecycle
 * (busy, cancel, failure, results and downloads), progress events and a clean shutdown.
 */
import { request as httpRequest } from "node:http";
import { networkInterfaces } from "node:os";
import { connect } from "node:net";

import { validate } from "@watchtower/report/validate";
import { afterEach, describe, expect, it } from "vitest";

import { ASSETS } from "../src/generated/assets.js";
import { PAGE_CSP, REPORT_VIEW_CSP } from "../src/security.js";
import { startUi } from "../src/index.js";
import type { UiServer } from "../src/types.js";
import { examplesReport, fakeScan, heldScan, http, rawRequest, sarifFor, waitFor, type Reply } from "./helpers.js";

const servers: UiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(scan = fakeScan().scan, log?: (line: string) => void): Promise<UiServer> {
  const ui = await startUi({ scan, ...(log ? { log } : {}) });
  servers.push(ui);
  return ui;
}

const bearer = (ui: UiServer): Record<string, string> => ({ Authorization: `Bearer ${ui.token}` });
const cookie = (ui: UiServer): Record<string, string> => ({ Cookie: `wt_ui_${ui.port}=${ui.token}` });
const fromPage = (ui: UiServer): Record<string, string> => ({ ...cookie(ui), Origin: `http://127.0.0.1:${ui.port}`, "Content-Type": "application/json" });

function postScan(ui: UiServer, body: unknown, headers: Record<string, string> = fromPage(ui)): Promise<Reply> {
  return http(ui.port, "POST", "/api/scan", { headers, body: JSON.stringify(body) });
}

async function state(ui: UiServer): Promise<{ scan: { id: string; state: string; error?: string; progress: { files: number }; links?: Record<string, string> } | null }> {
  const r = await http(ui.port, "GET", "/api/state", { headers: bearer(ui) });
  expect(r.status).toBe(200);
  return JSON.parse(r.body);
}

function noCors(r: Reply): void {
  expect(Object.keys(r.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
}

describe("binding", () => {
  it("listens on 127.0.0.1 and prints a tokened URL", async () => {
    const ui = await start();
    expect(ui.url).toBe(`http://127.0.0.1:${ui.port}/?token=${ui.token}`);
    expect(ui.token).toMatch(/^[\w-]{43}$/);
    expect(ui.port).toBeGreaterThan(0);
  });

  it("refuses any other host setting before listening", async () => {
    for (const host of ["0.0.0.0", "::", "::1", "localhost", "192.168.1.10", ""]) {
      await expect(startUi({ host, scan: fakeScan().scan })).rejects.toThrow(/127\.0\.0\.1 only/);
    }
  });

  it("refuses invalid ports and a missing scan function", async () => {
    await expect(startUi({ port: -1, scan: fakeScan().scan })).rejects.toThrow(/invalid port/);
    await expect(startUi({ port: 1.5, scan: fakeScan().scan })).rejects.toThrow(/invalid port/);
    await expect(startUi({ scan: undefined as never })).rejects.toThrow(/scan function/);
  });

  it("a port in use is a clear error", async () => {
    const ui = await start();
    await expect(startUi({ port: ui.port, scan: fakeScan().scan })).rejects.toThrow(/already in use/);
  });

  it("is not reachable on the machine's other addresses", async () => {
    const ui = await start();
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === "IPv4" && !a.internal)
      .map((a) => a!.address);
    for (const address of [...others, "::1"]) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host: address, port: ui.port });
        s.on("connect", () => {
          s.destroy();
          resolve("connected");
        });
        s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      });
      expect(outcome, address).not.toBe("connected");
    }
  });
});

describe("token", () => {
  const paths = ["/", "/assets/app.js", "/assets/app.css", "/api/state", "/api/events", "/api/scans/abc/report.json", "/nope"];

  it.each(paths)("GET %s without a token → 401, with a wrong one → 403, no content", async (path) => {
    const ui = await start();
    const none = await http(ui.port, "GET", path);
    expect(none.status).toBe(401);
    expect(none.body).not.toContain("<form");
    noCors(none);
    for (const headers of [{ Authorization: "Bearer wrong" }, { Cookie: `wt_ui_${ui.port}=wrong` }]) {
      const wrong = await http(ui.port, "GET", path, { headers });
      expect(wrong.status).toBe(403);
    }
    expect((await http(ui.port, "GET", `${path}?token=${ui.token.slice(1)}`)).status).toBe(403);
  });

  it("POST and DELETE need the token too", async () => {
    const fake = fakeScan();
    const ui = await start(fake.scan);
    const headers = { Origin: `http://127.0.0.1:${ui.port}`, "Content-Type": "application/json" };
    expect((await postScan(ui, { kind: "folder", target: "examples" }, headers)).status).toBe(401);
    expect((await http(ui.port, "POST", "/api/scan/cancel", { headers })).status).toBe(401);
    expect((await http(ui.port, "DELETE", "/api/scan", { headers })).status).toBe(401);
    expect(fake.calls).toEqual([]);
  });

  it("the tokened URL serves the page and sets an HttpOnly SameSite=Strict cookie that then suffices", async () => {
    const ui = await start();
    const first = await http(ui.port, "GET", `/?token=${ui.token}`);
    expect(first.status).toBe(200);
    expect(first.body).toBe(ASSETS["index.html"]);
    expect(first.headers["set-cookie"]).toEqual([`wt_ui_${ui.port}=${ui.token}; Path=/; HttpOnly; SameSite=Strict`]);
    const again = await http(ui.port, "GET", "/", { headers: cookie(ui) });
    expect(again.status).toBe(200);
    expect(again.headers["set-cookie"]).toBeUndefined();
    expect((await http(ui.port, "GET", "/assets/app.js", { headers: cookie(ui) })).body).toBe(ASSETS["app.js"]);
  });

  it("logs refusals without the token", async () => {
    const lines: string[] = [];
    const ui = await start(fakeScan().scan, (l) => lines.push(l));
    await http(ui.port, "GET", "/api/state?token=guess");
    expect(lines.join("\n")).toContain("refused GET /api/state: wrong token");
    expect(lines.join("\n")).not.toContain("guess");
  });
});

describe("Host header (DNS rebinding)", () => {
  it.each(["attacker.example", "attacker.example:PORT", "127.0.0.1", "127.0.0.1:1", "localhost.attacker.example:PORT", "[::1]:PORT"])(
    "Host %s → 403 even with the token",
    async (host) => {
      const ui = await start();
      const r = await http(ui.port, "GET", "/", { headers: bearer(ui), host: host.replace("PORT", String(ui.port)) });
      expect(r.status).toBe(403);
      expect(r.body).not.toContain("<form");
    },
  );

  it("no Host → 403; localhost:<port> → 200", async () => {
    const ui = await start();
    // Node itself answers 400 to an HTTP/1.1 request without Host; either way nothing is served.
    expect([400, 403]).toContain((await http(ui.port, "GET", "/", { headers: bearer(ui), host: null })).status);
    expect((await http(ui.port, "GET", "/", { headers: bearer(ui), host: `localhost:${ui.port}` })).status).toBe(200);
  });

  it("checks Host before the token (a rebound page learns nothing)", async () => {
    const ui = await start();
    const r = await http(ui.port, "GET", "/api/state", { host: `attacker.example:${ui.port}` });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toEqual({ error: "Host must be 127.0.0.1 or localhost with this port" });
  });
});

describe("Origin (cross-site requests)", () => {
  it.each([
    ["foreign Origin", { Origin: "https://attacker.example" }],
    ["other local port", { Origin: "http://127.0.0.1:9" }],
    ["opaque Origin", { Origin: "null" }],
    ["foreign Referer", { Referer: "https://attacker.example/page" }],
    ["cross-site fetch metadata", { "Sec-Fetch-Site": "cross-site" }],
    ["no Origin or Referer with the cookie", {}],
  ])("POST /api/scan with %s → 403 and no scan", async (_name, extra) => {
    const fake = fakeScan();
    const ui = await start(fake.scan);
    const r = await postScan(ui, { kind: "folder", target: "examples" }, { ...cookie(ui), "Content-Type": "application/json", ...extra });
    expect(r.status).toBe(403);
    noCors(r);
    expect(fake.calls).toEqual([]);
    expect((await state(ui)).scan).toBeNull();
  });

  it("cancel with a foreign Origin → 403 and the scan keeps running", async () => {
    const held = heldScan();
    const ui = await start(held.scan);
    expect((await postScan(ui, { kind: "folder", target: "x" })).status).toBe(202);
    for (const method of ["POST", "DELETE"]) {
      const path = method === "POST" ? "/api/scan/cancel" : "/api/scan";
      expect((await http(ui.port, method, path, { headers: { ...cookie(ui), Origin: "https://attacker.example" } })).status).toBe(403);
    }
    expect(held.signals[0]!.aborted).toBe(false);
    expect((await state(ui)).scan!.state).toBe("running");
  });

  it("the bearer header needs no Origin (no page can send it cross-site)", async () => {
    const ui = await start();
    const r = await postScan(ui, { kind: "folder", target: "examples" }, { ...bearer(ui), "Content-Type": "application/json" });
    expect(r.status).toBe(202);
  });

  it("OPTIONS (a CORS preflight) is refused without CORS headers", async () => {
    const ui = await start();
    const r = await http(ui.port, "OPTIONS", "/api/scan", {
      headers: { ...cookie(ui), Origin: "https://attacker.example", "Access-Control-Request-Method": "POST" },
    });
    expect(r.status).toBe(403);
    noCors(r);
    const own = await http(ui.port, "OPTIONS", "/api/scan", { headers: { ...cookie(ui), Origin: `http://127.0.0.1:${ui.port}` } });
    expect(own.status).toBe(405);
    noCors(own);
  });
});

describe("headers", () => {
  it("the page has the strict CSP, nosniff, no-referrer, no framing, no caching", async () => {
    const ui = await start();
    const r = await http(ui.port, "GET", "/", { headers: bearer(ui) });
    expect(r.headers["content-security-policy"]).toBe(PAGE_CSP);
    expect(PAGE_CSP).toContain("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["referrer-policy"]).toBe("no-referrer");
    expect(r.headers["x-frame-options"]).toBe("DENY");
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    noCors(r);
  });

  it("assets and API responses carry nosniff and a CSP too", async () => {
    const ui = await start();
    for (const [path, type] of [
      ["/assets/app.js", "text/javascript; charset=utf-8"],
      ["/assets/app.css", "text/css; charset=utf-8"],
      ["/api/state", "application/json; charset=utf-8"],
      ["/nope", "application/json; charset=utf-8"],
    ]) {
      const r = await http(ui.port, "GET", path!, { headers: bearer(ui) });
      expect(r.headers["content-type"], path).toBe(type);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["content-security-policy"]).toMatch(/^default-src 'none'/);
      noCors(r);
    }
  });
});

describe("paths", () => {
  const attempts = [
    "/../package.json",
    "/assets/../src/server.ts",
    "/assets/../../package.json",
    "/assets/%2e%2e/package.json",
    "/assets/%2e%2e%2fpackage.json",
    "/assets/..%2f..%2fpackage.json",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%5c..%5cpackage.json",
    "/assets/app.js/../../package.json",
    "/assets/app.js%00.txt",
    "/assets/./app.js",
    "//assets/app.js",
    "/assets//app.js",
    "/assets/APP.JS",
    "/assets/",
    "/assets/index.html",
    "/index.html",
    "/assets/embed-assets.mjs",
    "/src/server.ts",
    "/package.json",
    "/api/scans/../../package.json",
    "/api/scans/%2e%2e/report.json",
    "/etc/passwd",
  ];

  it.each(attempts)("GET %s → 404 (static files come from a fixed map)", async (path) => {
    const ui = await start();
    const r = await http(ui.port, "GET", path, { headers: bearer(ui) });
    expect(r.status).toBe(404);
    expect(r.body).toBe('{"error":"not found"}');
  });

  it("raw request targets: absolute-form and asterisk-form are refused, dot segments are not resolved", async () => {
    const ui = await start();
    const head = (target: string): string =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${ui.port}\r\nAuthorization: Bearer ${ui.token}\r\nConnection: close\r\n\r\n`;
    expect(await rawRequest(ui.port, head(`http://127.0.0.1:${ui.port}/`))).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(ui.port, `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${ui.port}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(ui.port, head("/assets/../../../../etc/passwd"))).toMatch(/^HTTP\/1\.1 404/);
    expect(await rawRequest(ui.port, head("/assets/app.css"))).toMatch(/^HTTP\/1\.1 200/);
  });

  it("known paths with the wrong method → 405", async () => {
    const ui = await start();
    expect((await http(ui.port, "POST", "/", { headers: bearer(ui) })).status).toBe(405);
    expect((await http(ui.port, "PUT", "/api/scan", { headers: bearer(ui) })).status).toBe(405);
    expect((await http(ui.port, "GET", "/api/scan", { headers: bearer(ui) })).status).toBe(405);
    expect((await http(ui.port, "DELETE", "/assets/app.js", { headers: bearer(ui) })).status).toBe(405);
  });
});

describe("scans", () => {
  it("runs the injected scan and serves the JSON, SARIF and HTML reports as downloads", async () => {
    const fake = fakeScan({ stepMs: 1 });
    const ui = await start(fake.scan);
    const r = await postScan(ui, { kind: "folder", target: "examples" });
    expect(r.status).toBe(202);
    const { scan } = JSON.parse(r.body) as { scan: { id: string; state: string; kind: string; target: string } };
    expect(scan).toMatchObject({ state: "running", kind: "folder", target: "examples" });
    expect(fake.calls).toEqual([{ kind: "folder", target: "examples" }]);

    const done = await waitFor(async () => {
      const s = (await state(ui)).scan!;
      return s.state === "done" ? s : undefined;
    });
    const report = examplesReport();
    expect(done).toMatchObject({
      id: scan.id,
      summary: { verdict: "fail", findings: report.findings.length, blocking: report.summary.findings.blocking, bySeverity: report.summary.findings.bySeverity },
      links: {
        view: `/api/scans/${scan.id}/view.html`,
        json: `/api/scans/${scan.id}/report.json`,
        sarif: `/api/scans/${scan.id}/report.sarif`,
        html: `/api/scans/${scan.id}/report.html`,
      },
    });
    expect(done.progress.files).toBe(report.summary.files.scanned);

    const json = await http(ui.port, "GET", done.links!.json!, { headers: cookie(ui) });
    expect(json.status).toBe(200);
    expect(json.headers["content-disposition"]).toMatch(/^attachment; filename="watchtower-report-[\dT-]+\.json"$/);
    expect(json.headers["content-type"]).toBe("application/json; charset=utf-8");
    const parsed = JSON.parse(json.body) as unknown;
    expect(parsed).toEqual(report);
    expect(validate("report", parsed)).toEqual({ valid: true, errors: [] });

    const sarif = await http(ui.port, "GET", done.links!.sarif!, { headers: cookie(ui) });
    expect(sarif.headers["content-disposition"]).toMatch(/^attachment; filename=".*\.sarif"$/);
    expect(sarif.body).toBe(sarifFor(report));

    const html = await http(ui.port, "GET", done.links!.html!, { headers: cookie(ui) });
    expect(html.headers["content-disposition"]).toMatch(/^attachment; filename=".*\.html"$/);
    expect(html.headers["content-security-policy"]).toContain("sandbox");
    expect(html.body).toContain("<!doctype html>");

    const view = await http(ui.port, "GET", done.links!.view!, { headers: cookie(ui) });
    expect(view.status).toBe(200);
    expect(view.headers["content-disposition"]).toBeUndefined();
    expect(view.headers["content-security-policy"]).toBe(REPORT_VIEW_CSP);
    expect(view.body).toBe(html.body);
    for (const f of report.findings.slice(0, 5)) expect(view.body).toContain(f.fingerprint);
  });

  it("without an HTML report from the scan function, the view renders the JSON report with @watchtower/report", async () => {
    const report = examplesReport();
    const ui = await start(async () => ({ reportJson: report }));
    await postScan(ui, { kind: "folder", target: "examples" });
    const s = await waitFor(async () => {
      const v = (await state(ui)).scan!;
      return v.state === "done" ? v : undefined;
    });
    expect(s.links!.sarif).toBeUndefined();
    expect((await http(ui.port, "GET", `/api/scans/${s.id}/report.sarif`, { headers: cookie(ui) })).status).toBe(404);
    const view = await http(ui.port, "GET", s.links!.view, { headers: cookie(ui) });
    expect(view.status).toBe(200);
    expect(view.headers["content-security-policy"]).toBe(REPORT_VIEW_CSP);
    const exported = "formatHtml" in (await import("@watchtower/report"));
    if (exported) for (const f of report.findings) expect(view.body).toContain(f.fingerprint);
    else expect(view.body).toContain("The HTML report could not be rendered (this build of @watchtower/report has no HTML formatter)");
  });

  it("one scan at a time: a second POST while one runs → 409", async () => {
    const held = heldScan();
    const ui = await start(held.scan);
    expect((await postScan(ui, { kind: "folder", target: "a" })).status).toBe(202);
    const second = await postScan(ui, { kind: "git", target: "https://example.com/o/r.git" });
    expect(second.status).toBe(409);
    expect(JSON.parse(second.body).error).toMatch(/already running/);
    expect(held.calls).toHaveLength(1);
    held.release();
    await waitFor(async () => ((await state(ui)).scan!.state === "done" ? true : undefined));
    expect((await postScan(ui, { kind: "folder", target: "b" })).status).toBe(202);
  });

  it("cancel (POST /api/scan/cancel or DELETE /api/scan) aborts the scan's signal; a new scan may start", async () => {
    for (const [method, path] of [
      ["POST", "/api/scan/cancel"],
      ["DELETE", "/api/scan"],
    ] as const) {
      const held = heldScan();
      const ui = await start(held.scan);
      expect((await postScan(ui, { kind: "folder", target: "a" })).status).toBe(202);
      const c = await http(ui.port, method, path, { headers: fromPage(ui) });
      expect(c.status).toBe(202);
      expect(held.signals[0]!.aborted).toBe(true);
      const s = await waitFor(async () => {
        const v = (await state(ui)).scan!;
        return v.state === "cancelled" ? v : undefined;
      });
      expect(s.links).toBeUndefined();
      expect((await http(ui.port, "GET", `/api/scans/${s.id}/report.json`, { headers: cookie(ui) })).status).toBe(404);
      expect((await postScan(ui, { kind: "folder", target: "b" })).status).toBe(202);
    }
  });

  it("cancel with nothing running → 409", async () => {
    const ui = await start();
    expect((await http(ui.port, "POST", "/api/scan/cancel", { headers: fromPage(ui) })).status).toBe(409);
  });

  it("a scan that ignores the abort stays 'cancelling' and keeps the slot until it returns", async () => {
    const held = heldScan({ ignoreAbort: true });
    const ui = await start(held.scan);
    await postScan(ui, { kind: "folder", target: "a" });
    await http(ui.port, "POST", "/api/scan/cancel", { headers: fromPage(ui) });
    expect((await state(ui)).scan!.state).toBe("cancelling");
    expect((await postScan(ui, { kind: "folder", target: "b" })).status).toBe(409);
    held.release();
    await waitFor(async () => ((await state(ui)).scan!.state === "cancelled" ? true : undefined));
  });

  it("a failing scan shows its message and keeps no report", async () => {
    const ui = await start(fakeScan({ fail: "cannot reach https://example.com/o/r.git (ENOTFOUND)" }).scan);
    await postScan(ui, { kind: "git", target: "https://example.com/o/r.git", ref: "main" });
    const s = await waitFor(async () => {
      const v = (await state(ui)).scan!;
      return v.state === "failed" ? v : undefined;
    });
    expect(s.error).toBe("cannot reach https://example.com/o/r.git (ENOTFOUND)");
    expect(s.links).toBeUndefined();
  });

  it("a scan function that throws synchronously or returns nothing is a failed scan, not a crash", async () => {
    const ui = await start((() => {
      throw new Error("boom");
    }) as never);
    await postScan(ui, { kind: "folder", target: "a" });
    expect(await waitFor(async () => ((await state(ui)).scan!.state === "failed" ? (await state(ui)).scan!.error : undefined))).toBe("boom");
    const ui2 = await start((async () => undefined) as never);
    await postScan(ui2, { kind: "folder", target: "a" });
    expect(await waitFor(async () => ((await state(ui2)).scan!.state === "failed" ? (await state(ui2)).scan!.error : undefined))).toBe(
      "the scan returned no report",
    );
  });

  it("hides credentials of a git URL in the state", async () => {
    const held = heldScan();
    const ui = await start(held.scan);
    await postScan(ui, { kind: "git", target: "https://user:pw@example.com/o/r.git" });
    expect(held.calls[0]!.target).toBe("https://user:pw@example.com/o/r.git");
    expect(JSON.stringify(await state(ui))).not.toContain("pw@");
  });

  it.each([
    ["invalid kind", { kind: "exec", target: "x" }, 400],
    ["option-like target", { kind: "folder", target: "-rf" }, 400],
    ["file:// git URL", { kind: "git", target: "file:///etc/passwd" }, 400],
  ])("rejects %s", async (_name, body, status) => {
    const fake = fakeScan();
    const ui = await start(fake.scan);
    const r = await postScan(ui, body);
    expect(r.status).toBe(status);
    expect(fake.calls).toEqual([]);
  });

  it("needs application/json, valid JSON and a small body", async () => {
    const ui = await start();
    const h = { ...cookie(ui), Origin: `http://127.0.0.1:${ui.port}` };
    expect((await http(ui.port, "POST", "/api/scan", { headers: { ...h, "Content-Type": "text/plain" }, body: '{"kind":"folder","target":"x"}' })).status).toBe(415);
    expect((await http(ui.port, "POST", "/api/scan", { headers: { ...h, "Content-Type": "application/json" }, body: "{nope" })).status).toBe(400);
    const big = JSON.stringify({ kind: "folder", target: "x", pad: "a".repeat(40_000) });
    expect((await http(ui.port, "POST", "/api/scan", { headers: { ...h, "Content-Type": "application/json" }, body: big })).status).toBe(413);
    // Without a Content-Length (chunked), the limit applies while reading.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port: ui.port, method: "POST", path: "/api/scan", headers: { ...h, Host: `127.0.0.1:${ui.port}`, "Content-Type": "application/json" }, agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 8; i++) req.write(big.slice(i * 5000, (i + 1) * 5000));
      req.end();
    });
    expect(chunked).toBe(413);
    expect((await state(ui)).scan).toBeNull();
  });

  it("keeps the reports of the last three scans only", async () => {
    const ui = await start(fakeScan().scan);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await postScan(ui, { kind: "folder", target: `t${i}` });
      ids.push(JSON.parse(r.body).scan.id);
      await waitFor(async () => ((await state(ui)).scan!.state === "done" ? true : undefined));
    }
    const statuses = await Promise.all(ids.map(async (id) => (await http(ui.port, "GET", `/api/scans/${id}/report.json`, { headers: cookie(ui) })).status));
    expect(statuses).toEqual([404, 200, 200, 200]);
  });
});

/** Reads Server-Sent Events until `until` says stop. */
function readEvents(ui: UiServer, until: (events: { state: string; progress: { files: number } }[]) => boolean): Promise<{ state: string; progress: { files: number } }[]> {
  return new Promise((resolve, reject) => {
    const events: { state: string; progress: { files: number } }[] = [];
    const req = httpRequest(
      { host: "127.0.0.1", port: ui.port, path: "/api/events", headers: { ...bearer(ui), Host: `127.0.0.1:${ui.port}` }, agent: false },
      (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
        let buffer = "";
        res.on("data", (chunk: Buffer) => {
          buffer += chunk.toString("utf8");
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split("\n").find((l) => l.startsWith("data: "));
            if (data && block.includes("event: scan")) {
              const v = JSON.parse(data.slice(6));
              if (v) events.push(v);
            }
            if (until(events)) {
              req.destroy();
              resolve(events);
            }
          }
        });
        res.on("end", () => resolve(events));
      },
    );
    req.on("error", (e) => (e.message.includes("aborted") || e.message.includes("socket hang up") ? resolve(events) : reject(e)));
    req.end();
  });
}

describe("progress events", () => {
  it("streams the scan's progress (files, bytes, findings) and the final state", async () => {
    const fake = fakeScan({ stepMs: 40 });
    const ui = await start(fake.scan);
    const reading = readEvents(ui, (ev) => ev.some((e) => e.state === "done"));
    await new Promise((r) => setTimeout(r, 50));
    await postScan(ui, { kind: "folder", target: "examples" });
    const events = await reading;
    const running = events.filter((e) => e.state === "running");
    const files = running.map((e) => e.progress.files);
    expect(new Set(files).size).toBeGreaterThan(2);
    expect(files).toEqual([...files].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ state: "done", progress: { files: examplesReport().summary.files.scanned } });
  });

  it("throttles a chatty scan", async () => {
    const ui = await start(async (_req, onProgress) => {
      for (let i = 0; i < 20_000; i++) onProgress({ files: i, bytes: i, findings: 0 });
      await new Promise((r) => setTimeout(r, 250));
      return { reportJson: examplesReport() };
    });
    const reading = readEvents(ui, (ev) => ev.some((e) => e.state === "done"));
    await new Promise((r) => setTimeout(r, 50));
    await postScan(ui, { kind: "folder", target: "x" });
    const events = await reading;
    expect(events.length).toBeLessThan(10);
  });
});

describe("close()", () => {
  it("aborts a running scan, ends event streams and stops listening; twice is fine", async () => {
    const held = heldScan();
    const lines: string[] = [];
    const ui = await startUi({ scan: held.scan, log: (l) => lines.push(l) });
    await postScan(ui, { kind: "folder", target: "a" });
    const stream = readEvents(ui, () => false);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await Promise.all([ui.close(), ui.close()]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(held.signals[0]!.aborted).toBe(true);
    await stream;
    await expect(http(ui.port, "GET", "/", { headers: bearer(ui) })).rejects.toThrow(/ECONNREFUSED/);
    expect(lines.at(-1)).toBe("UI server stopped");
  });

  it("does not wait forever for a scan that ignores the abort", async () => {
    const held = heldScan({ ignoreAbort: true });
    const ui = await startUi({ scan: held.scan });
    await postScan(ui, { kind: "folder", target: "a" });
    const started = Date.now();
    await ui.close();
    expect(Date.now() - started).toBeLessThan(3500);
  }, 10_000);
});
