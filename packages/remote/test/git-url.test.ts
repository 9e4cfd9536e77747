import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { cloneGitUrl } from "../src/index.js";
import { closedPort, expectFiles, expectRemoteError, useSandboxTmpdir, visible } from "./helpers.js";
import { fakeAwsAccessKeyId, maliciousPickle, plantedFiles } from "./servers/fixtures.js";
import { createBareRepo, createRawRepo, startGitServer, type BareRepo, type GitServer } from "./servers/git-http.js";

const run = promisify(execFile);
const TOKEN = ["ghp", "TestOnly", "9f8e7d6c5b4a"].join("_");

const sandbox = useSandboxTmpdir();
let root: string;
let repo: BareRepo;
let open: GitServer;
let locked: GitServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "wt-git-root-"));
  repo = await createBareRepo(root, "demo", plantedFiles(), {
    history: 2,
    tags: ["v1"],
    annotatedTags: ["v2"],
    branches: { feature: { "feature.txt": "only on the feature branch\n" } },
  });
  open = await startGitServer({ root });
  locked = await startGitServer({ root, token: TOKEN });
});

afterAll(async () => {
  await open?.close();
  await locked?.close();
  await rm(root, { recursive: true, force: true });
});

describe("cloneGitUrl against git http-backend", () => {
  test("a cancelled clone stops at the next request or chunk and leaves no temporary tree", async () => {
    const before = AbortSignal.abort();
    await expectRemoteError(cloneGitUrl({ url: `${open.url}/demo.git`, signal: before }), "cancelled");
    const controller = new AbortController();
    const run = cloneGitUrl({ url: `${open.url}/demo.git`, signal: controller.signal });
    setImmediate(() => controller.abort());
    await expectRemoteError(run, "cancelled");
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("shallow-clones the default branch: planted notebook and pickle, commit and branch in the origin", async () => {
    const url = `${open.url}/demo.git`;
    const tree = await cloneGitUrl({ url });
    try {
      await expectFiles(tree.dir, plantedFiles());
      const notebook = await readFile(join(tree.dir, "notebooks/train.ipynb"), "utf8");
      expect(notebook).toContain(fakeAwsAccessKeyId());
      expect(new Uint8Array(await readFile(join(tree.dir, "models/model.pkl")))).toEqual(maliciousPickle());
      expect(tree.origin).toEqual({ type: "git-url", location: url, revision: "main", commit: repo.commit });
      expect(tree.incomplete).toEqual([]);
      // depth 1: the two older commits were not fetched.
      expect((await readFile(join(tree.dir, ".git/shallow"), "utf8")).trim()).toBe(repo.commit);
      const { stdout } = await run("git", ["-C", tree.dir, "rev-list", "--count", "HEAD"], { env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null" } });
      expect(stdout.trim()).toBe("1");
      expect(tree.notes.join("\n")).toContain(repo.commit.slice(0, 12));
    } finally {
      await tree.cleanup();
    }
    expect(existsSync(tree.dir)).toBe(false);
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test.each([
    ["a branch", "feature", () => repo.branches.feature!, ["feature.txt"]],
    ["a lightweight tag", "v1", () => repo.commit, []],
    ["an annotated tag (peeled to its commit)", "v2", () => repo.commit, []],
    ["a full commit sha", "", () => repo.commit, []],
  ])("--ref takes %s", async (_what, ref, commit, extra) => {
    const wanted = ref || repo.commit;
    const tree = await cloneGitUrl({ url: `${open.url}/demo.git`, ref: wanted });
    try {
      expect(tree.origin.commit).toBe(commit());
      expect(tree.origin.revision).toBe(wanted);
      for (const file of extra) expect(existsSync(join(tree.dir, file))).toBe(true);
      expect(existsSync(join(tree.dir, "feature.txt"))).toBe(extra.length > 0);
    } finally {
      await tree.cleanup();
    }
  });

  test("a missing repository or ref is not_found, and the temporary directory is gone", async () => {
    await expectRemoteError(cloneGitUrl({ url: `${open.url}/nope.git` }), "not_found");
    const error = await expectRemoteError(cloneGitUrl({ url: `${open.url}/demo.git`, ref: "no-such-branch" }), "not_found");
    expect(error.message).toContain("no-such-branch");
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("a closed port is a network error", async () => {
    const port = await closedPort();
    const error = await expectRemoteError(cloneGitUrl({ url: `http://127.0.0.1:${port}/demo.git` }), "network");
    expect(error.message).toContain("ECONNREFUSED");
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("a server that stops answering times out as a network error", async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      await expectRemoteError(cloneGitUrl({ url: `http://127.0.0.1:${port}/demo.git`, idleTimeoutMs: 300 }), "network");
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("HTTP 429 is rate_limited, 500 is other, a non-git answer is invalid", async () => {
    const cases: [number, string, "rate_limited" | "other" | "invalid"][] = [
      [429, "slow down", "rate_limited"],
      [500, "boom", "other"],
      [200, "<html>not git</html>", "invalid"],
    ];
    for (const [status, body, kind] of cases) {
      const server = await startGitServer({ root, intercept: () => ({ status, body, headers: { "content-type": "text/html" } }) });
      try {
        await expectRemoteError(cloneGitUrl({ url: `${server.url}/demo.git` }), kind);
      } finally {
        await server.close();
      }
    }
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("URLs with credentials and non-HTTP URLs are refused before any request", async () => {
    const before = open.requests.length;
    const withCreds = await expectRemoteError(cloneGitUrl({ url: `http://user:${TOKEN}@127.0.0.1:1/demo.git` }), "invalid");
    expect(withCreds.message).not.toContain(TOKEN);
    await expectRemoteError(cloneGitUrl({ url: "ssh://git@127.0.0.1/demo.git" }), "invalid");
    await expectRemoteError(cloneGitUrl({ url: "file:///etc" }), "invalid");
    expect(open.requests.length).toBe(before);
  });

  test("a repository over maxBytes is refused and cleaned up", async () => {
    const error = await expectRemoteError(cloneGitUrl({ url: `${open.url}/demo.git`, maxBytes: 200 }), "other");
    expect(error.message).toContain("200-byte limit");
    expect(await sandbox.leftovers()).toEqual([]);
  });
});

describe("token (GIT_TOKEN) against a server that requires Basic auth", () => {
  test("no token → auth; wrong token → auth; neither message carries a token", async () => {
    const none = await expectRemoteError(cloneGitUrl({ url: `${locked.url}/demo.git` }), "auth");
    expect(none.message).toContain("GIT_TOKEN");
    const wrong = await expectRemoteError(cloneGitUrl({ url: `${locked.url}/demo.git`, token: "wrong-token-value" }), "auth");
    expect(wrong.message).not.toContain("wrong-token-value");
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("the right token clones; it never appears in the origin, notes or on disk outside .git", async () => {
    const start = locked.requests.length;
    const tree = await cloneGitUrl({ url: `${locked.url}/demo.git`, token: TOKEN });
    try {
      await expectFiles(tree.dir, plantedFiles());
      expect(tree.origin.commit).toBe(repo.commit);
      expect(visible(tree)).not.toContain(TOKEN);
      expect(visible(tree)).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString("base64"));
      // Not written to .git/config either (the temporary clone could be kept by a crash).
      expect(await readFile(join(tree.dir, ".git/config"), "utf8")).not.toContain(TOKEN);
      const sent = locked.requests.slice(start).map((r) => r.authorization).filter(Boolean);
      expect(sent.length).toBeGreaterThan(0);
      expect(new Set(sent)).toEqual(new Set([`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`]));
    } finally {
      await tree.cleanup();
    }
  });
});

describe("malicious repositories", () => {
  test.each(["..", ".git", ".GIT"])("a tree entry named %s is refused (invalid) and nothing lands outside", async (entry) => {
    const name = `evil-${entry.replaceAll(".", "dot")}`;
    await createRawRepo(root, name, { [entry]: { "escaped.txt": "escaped\n" }, "ok.txt": "fine\n" });
    const error = await expectRemoteError(cloneGitUrl({ url: `${open.url}/${name}.git` }), "invalid");
    expect(error.message).toContain("unsafe path");
    expect(await sandbox.leftovers()).toEqual([]);
    expect((await readdir(sandbox.dir)).filter((n) => n.includes("escaped"))).toEqual([]);
  });
});

describe("the git test server itself", () => {
  const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, "0")}${line}`;

  test("the system git client clones from it", async () => {
    const dest = join(sandbox.dir, "system-clone");
    await run("git", ["clone", "-q", "--depth", "1", `${open.url}/demo.git`, dest], { env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
    await expectFiles(dest, plantedFiles());
    await rm(dest, { recursive: true, force: true });
  });

  test("inflates a gzip-encoded upload-pack request", async () => {
    const body = `${pkt(`want ${repo.commit} ofs-delta\n`)}${pkt("deepen 1\n")}0000${pkt("done\n")}`;
    const res = await fetch(`${open.url}/demo.git/git-upload-pack`, {
      method: "POST",
      headers: { "content-type": "application/x-git-upload-pack-request", "content-encoding": "gzip" },
      body: gzipSync(Buffer.from(body)),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-git-upload-pack-result");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.includes(Buffer.from("PACK"))).toBe(true);
  });
});
