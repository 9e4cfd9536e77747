import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CACHE_FILE, defaultCacheDir, loadCachedDb, readOsvZip, updateAdvisoryDb } from "../src/index.js";

/** A small OSV export, built here: two records that alias each other, a malware record, a README. */
function exportZip(): Uint8Array {
  const rec = (o: object) => strToU8(JSON.stringify(o));
  return zipSync({
    "PYSEC-2022-43015.json": rec({
      id: "PYSEC-2022-43015",
      modified: "2023-05-04T03:49:48Z",
      aliases: ["CVE-2022-45907", "GHSA-47fc-vmwq-366v"],
      details: "In PyTorch before trunk/89695, torch.jit.annotations.parse_type_line can cause arbitrary code execution.",
      affected: [{ package: { ecosystem: "PyPI", name: "torch" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.13.1" }] }] }],
    }),
    "GHSA-47fc-vmwq-366v.json": rec({
      id: "GHSA-47fc-vmwq-366v",
      modified: "2024-11-13T22:52:23Z",
      aliases: ["CVE-2022-45907"],
      summary: "PyTorch vulnerable to arbitrary code execution",
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
      affected: [{ package: { ecosystem: "PyPI", name: "torch" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.13.1" }] }] }],
    }),
    "MAL-2023-2127.json": rec({
      id: "MAL-2023-2127",
      modified: "2023-08-21T20:12:58Z",
      summary: "Malicious code in pytoch (PyPI)",
      affected: [{ package: { ecosystem: "PyPI", name: "pytoch" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }] }],
    }),
    "README.txt": strToU8("not a record"),
  });
}

let server: Server;
let base = "";
let hits = 0;
const zip = exportZip();

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === "/PyPI/all.zip") {
      res.writeHead(200, { "content-type": "application/zip", "content-length": String(zip.byteLength) });
      res.end(Buffer.from(zip));
    } else if (req.url === "/broken.zip") {
      res.writeHead(200, { "content-type": "application/zip" });
      res.end(Buffer.from("PK\u0003\u0004 this is not a zip"));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("updateAdvisoryDb", () => {
  it("downloads the export, builds the database and writes it atomically to the cache", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "wt-advisories-"));
    try {
      const result = await updateAdvisoryDb({ url: `${base}/PyPI/all.zip`, cacheDir });
      expect(result.path).toBe(join(cacheDir, CACHE_FILE));
      expect(result.snapshot).toBe("2024-11-13");
      expect(result.stats).toMatchObject({ records: 3, vulnerabilities: 1, malicious: 1 });
      expect(await readdir(cacheDir)).toEqual([CACHE_FILE]);
      const db = await loadCachedDb(cacheDir);
      expect(db?.vulns.torch).toEqual([
        expect.objectContaining({ id: "GHSA-47fc-vmwq-366v", severity: "critical", ranges: ["0:1.13.1"] }),
      ]);
      expect(db?.malicious.pytoch?.[0]?.id).toBe("MAL-2023-2127");
      expect(db?.sources[0]).toContain(`${base}/PyPI/all.zip`);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("keeps the previous cache when the download fails", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "wt-advisories-"));
    try {
      await updateAdvisoryDb({ url: `${base}/PyPI/all.zip`, cacheDir });
      const before = await readFile(join(cacheDir, CACHE_FILE), "utf8");
      await expect(updateAdvisoryDb({ url: `${base}/missing.zip`, cacheDir })).rejects.toThrow(/HTTP 404/);
      await expect(updateAdvisoryDb({ url: `${base}/broken.zip`, cacheDir })).rejects.toThrow();
      expect(await readFile(join(cacheDir, CACHE_FILE), "utf8")).toBe(before);
      expect(await readdir(cacheDir)).toEqual([CACHE_FILE]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("refuses downloads larger than the limit", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "wt-advisories-"));
    try {
      await expect(updateAdvisoryDb({ url: `${base}/PyPI/all.zip`, cacheDir, maxDownloadBytes: 100 })).rejects.toThrow(/100/);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("uses an injected fetch", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "wt-advisories-"));
    const before = hits;
    try {
      const fakeFetch: typeof fetch = async () => new Response(Buffer.from(zip), { status: 200 });
      const result = await updateAdvisoryDb({ url: "https://example.invalid/all.zip", cacheDir, fetch: fakeFetch });
      expect(result.stats.records).toBe(3);
      expect(hits).toBe(before);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});

describe("cache helpers", () => {
  it("returns undefined for a missing, corrupt or foreign cache file", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "wt-advisories-"));
    try {
      expect(await loadCachedDb(cacheDir)).toBeUndefined();
      await writeFile(join(cacheDir, CACHE_FILE), "{not json");
      expect(await loadCachedDb(cacheDir)).toBeUndefined();
      await writeFile(join(cacheDir, CACHE_FILE), JSON.stringify({ format: 2, snapshot: "x", vulns: {}, malicious: {} }));
      expect(await loadCachedDb(cacheDir)).toBeUndefined();
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("picks the platform cache directory", () => {
    expect(defaultCacheDir({ WATCHTOWER_CACHE_DIR: "/x" }, "linux", "/home/u")).toBe("/x");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/c" }, "linux", "/home/u")).toBe("/c/watchtower-hook");
    expect(defaultCacheDir({}, "linux", "/home/u")).toBe("/home/u/.cache/watchtower-hook");
    expect(defaultCacheDir({}, "darwin", "/Users/u")).toBe("/Users/u/Library/Caches/watchtower-hook");
    expect(defaultCacheDir({ LOCALAPPDATA: "C:\\L" }, "win32", "C:\\U")).toContain("watchtower-hook");
  });

  it("reads only JSON members of the export", () => {
    expect(readOsvZip(zip).map((r) => r.id).sort()).toEqual(["GHSA-47fc-vmwq-366v", "MAL-2023-2127", "PYSEC-2022-43015"]);
  });
});
