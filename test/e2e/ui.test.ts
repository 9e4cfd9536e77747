// `watchtower-hook ui` end to end: the real CLI serves the UI, scans the bundled examples through the
// command-line code path, and serves a schema-valid JSON report; no token means no access.
import { spawn } from "node:child_process";
import { join } from "node:path";

import { validate } from "@watchtower/report/validate";
import { describe, expect, it } from "vitest";

import { BIN, PROJECT_ROOT } from "../helpers/repo.js";

describe("watchtower-hook ui", () => {
  it("scans a folder from the API and exits cleanly on SIGINT", async () => {
    const child = spawn(process.execPath, [BIN, "ui", "--port", "0"], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on("close", r));
    try {
      const url = await new Promise<URL>((resolveUrl, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${stderr}`)), 20_000);
        const check = (): void => {
          const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolveUrl(new URL(m[1]!));
          } else setTimeout(check, 50);
        };
        check();
      });
      const token = url.searchParams.get("token")!;
      const base = url.origin;
      expect((await fetch(`${base}/api/state`)).status).toBe(401);
      const auth = { authorization: `Bearer ${token}`, origin: base, "content-type": "application/json" };
      const start = await fetch(`${base}/api/scan`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ kind: "folder", target: join(PROJECT_ROOT, "examples") }),
      });
      expect(start.status).toBe(202);
      let scan: { state: string; links?: { json: string }; error?: string } | null = null;
      for (let i = 0; i < 600; i++) {
        scan = ((await (await fetch(`${base}/api/state`, { headers: auth })).json()) as { scan: typeof scan }).scan;
        if (scan && !["queued", "running", "cancelling"].includes(scan.state)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(scan?.error).toBeUndefined();
      expect(scan?.links?.json).toBeTruthy();
      const report = await (await fetch(new URL(scan!.links!.json, base), { headers: auth })).json();
      expect(validate("report", report).errors).toEqual([]);
      expect((report as { findings: unknown[] }).findings.length).toBeGreaterThan(10);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain("UI stopped");
  }, 90_000);
});
