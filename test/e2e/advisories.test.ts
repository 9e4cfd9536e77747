// `advisories update` against a local HTTP server serving a tiny OSV export, then a scan that uses it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { zipSync, strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { cleanupTemp, runBinAsync, tempDir, write } from "../helpers/repo.js";

let server: Server;
let url = "";
// A made-up advisory for a made-up package, so the result can only come from this export.
const record = {
  schema_version: "1.6.0",
  id: "PYSEC-2099-1",
  modified: "2099-01-02T00:00:00Z",
  published: "2099-01-01T00:00:00Z",
  aliases: ["CVE-2099-0001"],
  summary: "Code execution when loading a checkpoint",
  affected: [
    {
      package: { ecosystem: "PyPI", name: "watchtower-demo-lib" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.0.0" }] }],
    },
  ],
  severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
};

beforeAll(async () => {
  const zip = zipSync({ "PYSEC-2099-1.json": strToU8(JSON.stringify(record)) });
  server = createServer((req, res) => {
    if (req.url === "/PyPI/all.zip") {
      res.writeHead(200, { "content-type": "application/zip", "content-length": zip.length });
      res.end(zip);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/PyPI/all.zip`;
});
afterAll(() => {
  server.close();
  cleanupTemp();
});

describe("advisories update", () => {
  it("refreshes the user cache from an OSV export, and scans use it", async () => {
    const cache = tempDir();
    const env = { WATCHTOWER_CACHE_DIR: cache };
    const project = tempDir();
    write(project, "requirements.txt", "watchtower-demo-lib==1.5.0\n");
    const before = JSON.parse((await runBinAsync(project, ["--all", ".", "--format", "json"], env)).stdout);
    expect(before.advisories.source).toBe("embedded snapshot");
    expect(before.findings.some((f: { ruleId: string }) => f.ruleId === "dependencies/vulnerable")).toBe(false);

    const update = await runBinAsync(project, ["advisories", "update", "--url", url], env);
    expect(update.stderr).toBe("");
    expect(update.code).toBe(0);
    expect(update.stdout).toContain("advisory database updated");

    const after = await runBinAsync(project, ["--all", ".", "--format", "json"], env);
    const report = JSON.parse(after.stdout);
    expect(report.advisories.source).toContain("user cache");
    const vuln = report.findings.find((f: { ruleId: string }) => f.ruleId === "dependencies/vulnerable");
    expect(vuln.severity).toBe("critical");
    expect(vuln.message).toContain("PYSEC-2099-1");
    expect(after.code).toBe(1);
  });

  it("fails clearly (exit 2) when the export cannot be fetched", async () => {
    const r = await runBinAsync(tempDir(), ["advisories", "update", "--url", url.replace("all.zip", "missing.zip")], { WATCHTOWER_CACHE_DIR: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("embedded snapshot stays in use");
  });
});
