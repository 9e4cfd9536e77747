import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { fetchHuggingFace, parseHfRepo } from "../src/index.js";
import { closedPort, expectFiles, expectRemoteError, readTree, useSandboxTmpdir, visible, withEnv } from "./helpers.js";
import { fakeAwsAccessKeyId, maliciousPickle, plantedFiles } from "./servers/fixtures.js";
import { startHubServer, type HubServer } from "./servers/hub.js";

const sandbox = useSandboxTmpdir();
const TOKEN = ["hf", "TestOnlyTokenAbCdEfGhIjKlMnOpQrStUv"].join("_");
const LIMIT = 100_000;
const DEV_SHA = "d".repeat(40);

let hub: HubServer;

beforeAll(async () => {
  hub = await startHubServer({
    token: TOKEN,
    repos: [
      { id: "acme/demo", files: plantedFiles(), revisions: { dev: DEV_SHA } },
      { id: "acme/data", kind: "dataset", files: { "train/part-0.ipynb": plantedFiles()["notebooks/train.ipynb"]! } },
      { id: "acme/gated", files: plantedFiles(), gated: true },
      { id: "acme/private", files: plantedFiles(), private: true },
      {
        id: "acme/evil",
        files: { "ok/model.pkl": maliciousPickle() },
        extraEntries: [
          { type: "file", path: "../escape.pkl", size: 10 },
          { type: "file", path: "a/../../escape2.pkl", size: 10 },
          { type: "file", path: ".git/config", size: 10 },
          { type: "file", path: "/abs/../../../escape3.pkl", size: 10 },
        ],
      },
      {
        id: "acme/big",
        files: { "big.bin": new Uint8Array(LIMIT + 1), "liar.pkl": new Uint8Array(LIMIT + 1).fill(0x80), "small.txt": "small\n" },
        listedSizes: { "liar.pkl": 12 },
      },
    ],
  });
});

afterAll(async () => {
  await hub?.close();
});

const since = (start: number) => hub.requests.slice(start);

describe("fetchHuggingFace against a local Hub", () => {
  test("cancelled after the first file: nothing more is downloaded, cancelled error, temporary tree removed", async () => {
    const controller = new AbortController();
    const start = hub.requests.length;
    const seen: string[] = [];
    const run = fetchHuggingFace({
      repo: "acme/demo",
      endpoint: hub.endpoint,
      maxFileBytes: LIMIT,
      signal: controller.signal,
      onFile: (path) => {
        seen.push(path);
        controller.abort();
      },
    });
    await expectRemoteError(run, "cancelled");
    expect(seen).toHaveLength(1);
    expect(since(start).filter((r) => r.url.includes("/resolve/")).length).toBe(1);
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("fetches a model repo at the resolved commit: planted files, two tree pages, LFS redirects", async () => {
    const start = hub.requests.length;
    const tree = await fetchHuggingFace({ repo: "acme/demo", endpoint: hub.endpoint, maxFileBytes: LIMIT });
    try {
      await expectFiles(tree.dir, plantedFiles());
      expect(await readFile(join(tree.dir, "notebooks/train.ipynb"), "utf8")).toContain(fakeAwsAccessKeyId());
      expect(new Uint8Array(await readFile(join(tree.dir, "models/model.pkl")))).toEqual(maliciousPickle());
      const reqs = since(start);
      const sha = tree.origin.commit!;
      expect(tree.origin).toEqual({ type: "huggingface", location: "acme/demo", revision: "main", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
      expect(tree.incomplete).toEqual([]);
      // 2 dirs + 3 files at 2 per page: three pages, all at the resolved sha.
      const treeCalls = reqs.filter((r) => r.url.includes("/tree/"));
      expect(treeCalls.length).toBe(3);
      for (const r of treeCalls) expect(r.url).toContain(`/tree/${sha}`);
      // The pickle is "in LFS": a 302 to the other host; small files go through a relative 307.
      expect(reqs.filter((r) => r.host === "lfs")).toHaveLength(1);
      expect(reqs.some((r) => r.url.startsWith("/api/resolve-cache/models/acme/demo/"))).toBe(true);
      for (const r of reqs.filter((x) => x.url.includes("/resolve/"))) expect(r.url).toContain(`/resolve/${sha}/`);
      // No token given: none sent.
      expect(reqs.every((r) => r.authorization === undefined)).toBe(true);
      expect(tree.notes[0]).toContain("fetched 3 of 3 files");
    } finally {
      await tree.cleanup();
    }
    expect(existsSync(tree.dir)).toBe(false);
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("a dataset repo (datasets/owner/name) and a named revision", async () => {
    const data = await fetchHuggingFace({ repo: "datasets/acme/data", endpoint: hub.endpoint, maxFileBytes: LIMIT });
    expect(data.origin.location).toBe("datasets/acme/data");
    expect([...(await readTree(data.dir)).keys()]).toEqual(["train/part-0.ipynb"]);
    await data.cleanup();

    const dev = await fetchHuggingFace({ repo: "acme/demo", revision: "dev", endpoint: hub.endpoint, maxFileBytes: LIMIT });
    expect(dev.origin).toMatchObject({ revision: "dev", commit: DEV_SHA });
    await dev.cleanup();
  });

  test("HF_ENDPOINT selects the Hub (a trailing slash is fine)", async () => {
    const tree = await withEnv({ HF_ENDPOINT: `${hub.endpoint}/` }, () => fetchHuggingFace({ repo: "acme/demo", maxFileBytes: LIMIT }));
    expect((await readTree(tree.dir)).size).toBe(3);
    expect(tree.notes).toContain(`Hub endpoint: ${hub.endpoint}`);
    await tree.cleanup();
  });

  test("missing repo or revision is not_found", async () => {
    const repo = await expectRemoteError(fetchHuggingFace({ repo: "acme/nope", endpoint: hub.endpoint, maxFileBytes: LIMIT }), "not_found");
    expect(repo.message).toContain("HF_TOKEN");
    await expectRemoteError(fetchHuggingFace({ repo: "acme/demo", revision: "v9", endpoint: hub.endpoint, maxFileBytes: LIMIT }), "not_found");
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("a closed port is a network error", async () => {
    const port = await closedPort();
    const error = await expectRemoteError(fetchHuggingFace({ repo: "acme/demo", endpoint: `http://127.0.0.1:${port}`, maxFileBytes: LIMIT }), "network");
    expect(error.message).toContain("ECONNREFUSED");
  });

  test("an answer that is not JSON is other", async () => {
    const fake = await startHubServer({ repos: [], intercept: () => ({ status: 200, body: "<html>hello</html>", headers: { "content-type": "text/html" } }) });
    try {
      await expectRemoteError(fetchHuggingFace({ repo: "acme/demo", endpoint: fake.endpoint, maxFileBytes: LIMIT }), "other");
    } finally {
      await fake.close();
    }
  });
});

describe("tokens (HF_TOKEN), gated and private repositories", () => {
  test("gated without a token → auth, with a token lacking access → auth, never fetched", async () => {
    const none = await expectRemoteError(fetchHuggingFace({ repo: "acme/gated", endpoint: hub.endpoint, maxFileBytes: LIMIT }), "auth");
    expect(none.message).toContain("HF_TOKEN");
    const gatedOther = await startHubServer({ token: TOKEN, repos: [{ id: "acme/gated", files: plantedFiles(), gated: true, allowedTokens: [] }] });
    try {
      const error = await expectRemoteError(fetchHuggingFace({ repo: "acme/gated", token: TOKEN, endpoint: gatedOther.endpoint, maxFileBytes: LIMIT }), "auth");
      expect(error.message).not.toContain(TOKEN);
    } finally {
      await gatedOther.close();
    }
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("a wrong token is auth and is not echoed", async () => {
    const wrong = "hf_wrongwrongwrongwrongwrongwrong";
    const error = await expectRemoteError(fetchHuggingFace({ repo: "acme/demo", token: wrong, endpoint: hub.endpoint, maxFileBytes: LIMIT }), "auth");
    expect(error.message).not.toContain(wrong);
  });

  test("private without a token is not_found (RepoNotFound) with a hint", async () => {
    const error = await expectRemoteError(fetchHuggingFace({ repo: "acme/private", endpoint: hub.endpoint, maxFileBytes: LIMIT }), "not_found");
    expect(error.message).toContain("private: set HF_TOKEN");
  });

  test.each(["acme/gated", "acme/private"])("%s with the token: fetched; the token goes to the Hub only, never to the LFS host or the results", async (repo) => {
    const start = hub.requests.length;
    const tree = await fetchHuggingFace({ repo, token: TOKEN, endpoint: hub.endpoint, maxFileBytes: LIMIT });
    try {
      await expectFiles(tree.dir, plantedFiles());
      expect(visible(tree)).not.toContain(TOKEN);
      const reqs = since(start);
      expect(reqs.filter((r) => r.host === "hub").every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
      const lfs = reqs.filter((r) => r.host === "lfs");
      expect(lfs.length).toBe(1);
      expect(lfs.every((r) => r.authorization === undefined)).toBe(true);
    } finally {
      await tree.cleanup();
    }
  });
});

describe("pagination links to another host", () => {
  test("the token is not sent to a next-page link on another origin", async () => {
    let other = "";
    const tricky = await startHubServer({
      token: TOKEN,
      repos: [{ id: "acme/demo", files: plantedFiles(), private: true }],
      intercept: (req, host) =>
        host === "hub" && req.url?.includes("/tree/")
          ? { status: 200, body: "[]", headers: { "content-type": "application/json", link: `<${other}/api/models/acme/demo/tree/x?cursor=2>; rel="next"` } }
          : undefined,
    });
    other = tricky.lfsEndpoint;
    try {
      const tree = await fetchHuggingFace({ repo: "acme/demo", token: TOKEN, endpoint: tricky.endpoint, maxFileBytes: LIMIT });
      const lfs = tricky.requests.filter((r) => r.host === "lfs");
      expect(lfs).toHaveLength(1);
      expect(lfs[0]!.authorization).toBeUndefined();
      // The foreign page answered 404: the listing is marked incomplete, not silently short.
      expect(tree.incomplete).toEqual([{ path: "/", details: expect.stringContaining("listing stopped") }]);
      await tree.cleanup();
    } finally {
      await tricky.close();
    }
  });
});

describe("rate limits and partial results", () => {
  test("429 throughout is rate_limited; one 429 with Retry-After: 0 is retried", async () => {
    const always = await startHubServer({ repos: [{ id: "acme/demo", files: plantedFiles() }], intercept: () => ({ status: 429, body: "slow down" }) });
    let first = true;
    const once = await startHubServer({
      repos: [{ id: "acme/demo", files: plantedFiles() }],
      intercept: () => {
        if (!first) return undefined;
        first = false;
        return { status: 429, headers: { "retry-after": "0" } };
      },
    });
    try {
      await expectRemoteError(fetchHuggingFace({ repo: "acme/demo", endpoint: always.endpoint, maxFileBytes: LIMIT }), "rate_limited");
      const tree = await fetchHuggingFace({ repo: "acme/demo", endpoint: once.endpoint, maxFileBytes: LIMIT });
      await expectFiles(tree.dir, plantedFiles());
      expect(once.requests[0]!.status).toBe(429);
      await tree.cleanup();
    } finally {
      await always.close();
      await once.close();
    }
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("rate limited mid-download: what was fetched stays, the rest is incomplete", async () => {
    // Files are fetched in listing order: README.md, models/model.pkl (LFS host), notebooks/train.ipynb.
    const limited = await startHubServer({
      repos: [{ id: "acme/demo", files: plantedFiles() }],
      intercept: (_req, host) => (host === "lfs" ? { status: 429, body: "slow down" } : undefined),
    });
    try {
      const tree = await fetchHuggingFace({ repo: "acme/demo", endpoint: limited.endpoint, maxFileBytes: LIMIT });
      await expectFiles(tree.dir, { "README.md": plantedFiles()["README.md"]! });
      expect(tree.incomplete).toEqual([
        { path: "models/model.pkl", details: expect.stringContaining("rate limited") },
        { path: "notebooks/train.ipynb", details: expect.stringContaining("not fetched: ") },
      ]);
      await tree.cleanup();
    } finally {
      await limited.close();
    }
  });

  test("a failing second tree page keeps the first page and marks the listing incomplete", async () => {
    const broken = await startHubServer({
      repos: [{ id: "acme/demo", files: plantedFiles() }],
      pageSize: 3,
      intercept: (req) => (req.url?.includes("cursor=") ? { status: 500, body: "oops" } : undefined),
    });
    try {
      const tree = await fetchHuggingFace({ repo: "acme/demo", endpoint: broken.endpoint, maxFileBytes: LIMIT });
      // Page 1 (sorted by path): README.md, models/, models/model.pkl.
      expect([...(await readTree(tree.dir)).keys()].sort()).toEqual(["README.md", "models/model.pkl"]);
      expect(tree.incomplete).toEqual([{ path: "/", details: expect.stringContaining("listing stopped") }]);
      await tree.cleanup();
    } finally {
      await broken.close();
    }
  });
});

describe("paths and limits", () => {
  test("paths with .., a leading / or .git stay out of the temporary directory (incomplete)", async () => {
    const tree = await fetchHuggingFace({ repo: "acme/evil", endpoint: hub.endpoint, maxFileBytes: LIMIT });
    try {
      await expectFiles(tree.dir, { "ok/model.pkl": maliciousPickle() });
      expect(tree.incomplete.map((i) => i.path).sort()).toEqual(["../escape.pkl", "a/../../escape2.pkl", ".git/config", "/abs/../../../escape3.pkl"].sort());
      for (const i of tree.incomplete) expect(i.details).toContain("escapes the download directory");
      expect((await readdir(sandbox.dir)).filter((n) => n.startsWith("escape"))).toEqual([]);
    } finally {
      await tree.cleanup();
    }
  });

  test("files over the limit are not downloaded; a file larger than listed is cut and removed", async () => {
    const start = hub.requests.length;
    const tree = await fetchHuggingFace({ repo: "acme/big", endpoint: hub.endpoint, maxFileBytes: LIMIT });
    try {
      await expectFiles(tree.dir, { "small.txt": "small\n" });
      expect(tree.incomplete).toEqual([
        { path: "big.bin", details: expect.stringContaining(`over the ${LIMIT}-byte file limit`) },
        { path: "liar.pkl", details: expect.stringContaining("limit was sent") },
      ]);
      // big.bin was never requested.
      expect(since(start).some((r) => r.url.includes("big.bin"))).toBe(false);
    } finally {
      await tree.cleanup();
    }
  });

  test("maxTotalBytes marks the rest incomplete", async () => {
    const tree = await fetchHuggingFace({ repo: "acme/demo", endpoint: hub.endpoint, maxFileBytes: LIMIT, maxTotalBytes: 100 });
    expect((await readTree(tree.dir)).size).toBeLessThan(3);
    expect(tree.incomplete.length).toBeGreaterThan(0);
    for (const i of tree.incomplete) expect(i.details).toContain("total download limit");
    await tree.cleanup();
  });
});

describe("repository ids", () => {
  test.each([
    ["acme/demo", { repo: "acme/demo", kind: "model" }],
    ["models/acme/demo", { repo: "acme/demo", kind: "model" }],
    ["datasets/acme/data-v1.2", { repo: "acme/data-v1.2", kind: "dataset" }],
    ["openai-community/gpt2", { repo: "openai-community/gpt2", kind: "model" }],
    // Legacy ids without an owner still resolve on the Hub (by redirect).
    ["gpt2", { repo: "gpt2", kind: "model" }],
    ["datasets/squad", { repo: "squad", kind: "dataset" }],
  ])("%s", (id, expected) => expect(parseHfRepo(id)).toEqual(expected));

  test.each(["acme/demo/extra", "datasets/", "a/b/c/d", "../etc/passwd", "acme/..", "acme/.hidden", "https://huggingface.co/acme/demo", "acme/de mo", ""])(
    "%s is invalid",
    (id) => expect(() => parseHfRepo(id)).toThrow(/not a Hugging Face repository id/),
  );
});
