import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { fetchS3, parseS3Uri, relativeKey } from "../src/index.js";
import { closedPort, expectFiles, expectRemoteError, readTree, useSandboxTmpdir, visible, withEnv } from "./helpers.js";
import { fakeAwsAccessKeyId, maliciousPickle, plantedFiles } from "./servers/fixtures.js";
import { S3RVER_CREDENTIALS, startMiniS3, startS3, type S3Server } from "./servers/s3.js";

const sandbox = useSandboxTmpdir();
const LIMIT = 100_000;
const HUGE = new Uint8Array(LIMIT + 1).fill(0x41);

/** The AWS credential chain sees only what a test puts in the environment: no profile, no IMDS. */
const isolatedAws = (extra: Record<string, string | undefined> = {}) => ({
  AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_CONFIG_FILE: "/nonexistent/watchtower-test/config",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/watchtower-test/credentials",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
  WATCHTOWER_S3_ENDPOINT: undefined,
  ...extra,
});

let s3: S3Server;
let restoreEnv: Record<string, string | undefined>;

beforeAll(async () => {
  const env = isolatedAws();
  restoreEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  s3 = await startS3({
    buckets: {
      models: { ...plantedFiles(), "big/huge.bin": HUGE },
      layout: { "x/a.txt": "a\n", "x-old/b.txt": "b\n", "y/c.txt": "c\n" },
      empty: {},
    },
  });
});

afterAll(async () => {
  await s3?.close();
  for (const [k, v] of Object.entries(restoreEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("fetchS3 against s3rver", () => {
  test("cancelled after the first object: cancelled error, temporary tree removed", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const run = fetchS3({
      uri: "s3://models",
      endpoint: s3.endpoint,
      maxObjectBytes: LIMIT,
      signal: controller.signal,
      onObject: (key) => {
        seen.push(key);
        controller.abort();
      },
    });
    await expectRemoteError(run, "cancelled");
    expect(seen).toHaveLength(1);
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("streams a whole bucket: planted files byte for byte, the oversized object incomplete", async () => {
    const tree = await fetchS3({ uri: "s3://models", endpoint: s3.endpoint, maxObjectBytes: LIMIT });
    try {
      await expectFiles(tree.dir, plantedFiles());
      expect(await readFile(join(tree.dir, "notebooks/train.ipynb"), "utf8")).toContain(fakeAwsAccessKeyId());
      expect(new Uint8Array(await readFile(join(tree.dir, "models/model.pkl")))).toEqual(maliciousPickle());
      expect(tree.origin).toEqual({ type: "s3", location: "s3://models/" });
      expect(tree.incomplete).toEqual([{ path: "big/huge.bin", details: expect.stringContaining(`${LIMIT}-byte object limit`) }]);
      expect(tree.notes).toEqual([expect.stringContaining("fetched 3 of 4 objects")]);
      expect(visible(tree)).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
    } finally {
      await tree.cleanup();
    }
    expect(existsSync(tree.dir)).toBe(false);
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("a prefix lists only its objects, relative to the prefix's folder", async () => {
    const folder = await fetchS3({ uri: "s3://models/models/", endpoint: s3.endpoint, maxObjectBytes: LIMIT });
    await expectFiles(folder.dir, { "model.pkl": maliciousPickle() });
    await folder.cleanup();

    const single = await fetchS3({ uri: "s3://models/notebooks/train.ipynb", endpoint: s3.endpoint, maxObjectBytes: LIMIT });
    expect([...(await readTree(single.dir)).keys()]).toEqual(["train.ipynb"]);
    await single.cleanup();

    // "x" is a key prefix, not a folder: x/ and x-old/ both match and stay apart; y/ does not.
    const partial = await fetchS3({ uri: "s3://layout/x", endpoint: s3.endpoint, maxObjectBytes: LIMIT });
    await expectFiles(partial.dir, { "x/a.txt": "a\n", "x-old/b.txt": "b\n" });
    await partial.cleanup();
  });

  test("WATCHTOWER_S3_ENDPOINT switches to the S3-compatible endpoint", async () => {
    const tree = await withEnv({ WATCHTOWER_S3_ENDPOINT: s3.endpoint }, () => fetchS3({ uri: "s3://layout/y/", maxObjectBytes: LIMIT }));
    await expectFiles(tree.dir, { "c.txt": "c\n" });
    await tree.cleanup();
  });

  test("maxTotalBytes stops downloading and marks the rest incomplete", async () => {
    const tree = await fetchS3({ uri: "s3://layout/", endpoint: s3.endpoint, maxObjectBytes: LIMIT, maxTotalBytes: 4 });
    expect((await readTree(tree.dir)).size).toBe(2);
    expect(tree.incomplete).toEqual([{ path: "y/c.txt", details: expect.stringContaining("total download limit") }]);
    await tree.cleanup();
  });

  test("an empty bucket says so in a note", async () => {
    const tree = await fetchS3({ uri: "s3://empty", endpoint: s3.endpoint, maxObjectBytes: LIMIT });
    expect(tree.incomplete).toEqual([]);
    expect(tree.notes).toEqual(["s3://empty/ has no objects"]);
    await tree.cleanup();
  });

  test("a missing bucket is not_found", async () => {
    const error = await expectRemoteError(fetchS3({ uri: "s3://no-such-bucket/x", endpoint: s3.endpoint, maxObjectBytes: LIMIT }), "not_found");
    expect(error.message).toContain("s3://no-such-bucket/x");
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("an access key id s3rver does not know is auth (InvalidAccessKeyId); no credential in the message", async () => {
    const secret = "wrongSecretValueForTest0123456789abcdef";
    const error = await withEnv({ AWS_ACCESS_KEY_ID: "AKIDWRONGWRONGWRONG1", AWS_SECRET_ACCESS_KEY: secret }, () =>
      expectRemoteError(fetchS3({ uri: "s3://models", endpoint: s3.endpoint, maxObjectBytes: LIMIT }), "auth"),
    );
    expect(error.message).toContain("InvalidAccessKeyId");
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain("AKIDWRONGWRONGWRONG1");
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("no credentials anywhere in the chain is auth", async () => {
    await withEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }, async () => {
      const error = await expectRemoteError(fetchS3({ uri: "s3://models", endpoint: s3.endpoint, maxObjectBytes: LIMIT }), "auth");
      expect(error.message).toContain("no AWS credentials");
    });
  });

  test("a closed port is a network error", async () => {
    const port = await closedPort();
    await withEnv({ AWS_MAX_ATTEMPTS: "1" }, () =>
      expectRemoteError(fetchS3({ uri: "s3://models", endpoint: `http://127.0.0.1:${port}`, maxObjectBytes: LIMIT }), "network"),
    );
    expect(await sandbox.leftovers()).toEqual([]);
  });
});

describe("fetchS3 against a minimal S3 (what s3rver cannot do)", () => {
  test("keys with .., .git or control characters stay out of the temporary directory (incomplete)", async () => {
    const mini = await startMiniS3({
      buckets: {
        evil: {
          "../escape.pkl": maliciousPickle(),
          "a/../../escape2.pkl": maliciousPickle(),
          "ok/../../../escape3.txt": "x",
          ".git/config": "[core]\n",
          "bad\u0001name.txt": "x",
          "ok/model.pkl": maliciousPickle(),
        },
      },
    });
    try {
      const tree = await fetchS3({ uri: "s3://evil", endpoint: mini.endpoint, maxObjectBytes: LIMIT });
      await expectFiles(tree.dir, { "ok/model.pkl": maliciousPickle() });
      expect(tree.incomplete.map((i) => i.path).sort()).toEqual(
        ["../escape.pkl", "a/../../escape2.pkl", "ok/../../../escape3.txt", ".git/config", "bad\u0001name.txt"].sort(),
      );
      for (const i of tree.incomplete) expect(i.details).toContain("escapes the download directory");
      expect((await readdir(sandbox.dir)).filter((n) => n.startsWith("escape"))).toEqual([]);
      await tree.cleanup();
    } finally {
      await mini.close();
    }
  });

  test("follows continuation tokens across pages", async () => {
    const objects = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`p/file${i}.txt`, `content ${i}\n`]));
    const mini = await startMiniS3({ buckets: { paged: objects } });
    try {
      const tree = await fetchS3({ uri: "s3://paged/p/", endpoint: mini.endpoint, maxObjectBytes: LIMIT, pageSize: 2 });
      expect((await readTree(tree.dir)).size).toBe(5);
      expect(mini.requests.filter((r) => r.url.includes("list-type=2"))).toHaveLength(3);
      await tree.cleanup();
    } finally {
      await mini.close();
    }
  });

  test("a body longer than listed is cut at the limit and leaves no truncated file", async () => {
    const mini = await startMiniS3({ buckets: { liar: { "model.pkl": { content: HUGE, listedSize: 10 }, "ok.txt": "ok\n" } } });
    try {
      const tree = await fetchS3({ uri: "s3://liar", endpoint: mini.endpoint, maxObjectBytes: LIMIT });
      await expectFiles(tree.dir, { "ok.txt": "ok\n" });
      expect(tree.incomplete).toEqual([{ path: "model.pkl", details: expect.stringContaining("limit was sent") }]);
      await tree.cleanup();
    } finally {
      await mini.close();
    }
  });

  test("two keys that map to one path: the second is incomplete", async () => {
    const mini = await startMiniS3({ buckets: { dup: { "a/b.txt": "first\n", "a//b.txt": "second\n" } } });
    try {
      const tree = await fetchS3({ uri: "s3://dup", endpoint: mini.endpoint, maxObjectBytes: LIMIT });
      expect(tree.incomplete).toEqual([{ path: "a/b.txt", details: expect.stringContaining("same path") }]);
      expect([...(await readTree(tree.dir)).keys()]).toEqual(["a/b.txt"]);
      await tree.cleanup();
    } finally {
      await mini.close();
    }
  });

  test("throttling mid-download keeps what was fetched and marks the rest incomplete", async () => {
    const mini = await startMiniS3({
      buckets: { throttle: { "1.txt": "one\n", "2.txt": "two\n", "3.txt": "three\n" } },
      intercept: (_req, op) => (op.key === "2.txt" ? { status: 503, code: "SlowDown", message: "Please reduce your request rate." } : undefined),
    });
    try {
      const tree = await withEnv({ AWS_MAX_ATTEMPTS: "1" }, () => fetchS3({ uri: "s3://throttle", endpoint: mini.endpoint, maxObjectBytes: LIMIT }));
      await expectFiles(tree.dir, { "1.txt": "one\n" });
      expect(tree.incomplete).toEqual([
        { path: "2.txt", details: expect.stringContaining("rate limited") },
        { path: "3.txt", details: expect.stringContaining("not fetched: ") },
      ]);
      // 3.txt was not even requested.
      expect(mini.requests.some((r) => r.url.endsWith("/3.txt"))).toBe(false);
      await tree.cleanup();
    } finally {
      await mini.close();
    }
  });

  test("throttled from the start is rate_limited; a listing denied is auth", async () => {
    const throttled = await startMiniS3({ buckets: { throttle: { "1.txt": "x" } }, intercept: () => ({ status: 503, code: "SlowDown" }) });
    const denied = await startMiniS3({ buckets: { throttle: { "1.txt": "x" } }, intercept: () => ({ status: 403, code: "AccessDenied", message: "Access Denied" }) });
    try {
      await withEnv({ AWS_MAX_ATTEMPTS: "1" }, async () => {
        await expectRemoteError(fetchS3({ uri: "s3://throttle", endpoint: throttled.endpoint, maxObjectBytes: LIMIT }), "rate_limited");
        await expectRemoteError(fetchS3({ uri: "s3://throttle", endpoint: denied.endpoint, maxObjectBytes: LIMIT }), "auth");
      });
    } finally {
      await throttled.close();
      await denied.close();
    }
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("GetObject denied for one object → incomplete; for every object → auth", async () => {
    const deny = new Set(["secret.pkl"]);
    const mini = await startMiniS3({
      buckets: { some: { "secret.pkl": maliciousPickle(), "ok.txt": "ok\n" }, none: { "a.pkl": maliciousPickle(), "b.pkl": maliciousPickle() } },
      intercept: (_req, op) => (op.key !== undefined && (op.bucket === "none" || deny.has(op.key)) ? { status: 403, code: "AccessDenied" } : undefined),
    });
    try {
      const tree = await fetchS3({ uri: "s3://some", endpoint: mini.endpoint, maxObjectBytes: LIMIT });
      await expectFiles(tree.dir, { "ok.txt": "ok\n" });
      expect(tree.incomplete).toEqual([{ path: "secret.pkl", details: expect.stringContaining("access denied") }]);
      await tree.cleanup();
      const error = await expectRemoteError(fetchS3({ uri: "s3://none", endpoint: mini.endpoint, maxObjectBytes: LIMIT }), "auth");
      expect(error.message).toContain("s3:GetObject");
    } finally {
      await mini.close();
    }
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("a later listing page failing keeps the first page and marks the listing incomplete", async () => {
    const objects = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}.txt`, `${i}\n`]));
    const mini = await startMiniS3({
      buckets: { pages: objects },
      intercept: (req) => (req.url?.includes("continuation-token") ? { status: 500, code: "InternalError" } : undefined),
    });
    try {
      const tree = await withEnv({ AWS_MAX_ATTEMPTS: "1" }, () => fetchS3({ uri: "s3://pages", endpoint: mini.endpoint, maxObjectBytes: LIMIT, pageSize: 2 }));
      expect((await readTree(tree.dir)).size).toBe(2);
      expect(tree.incomplete).toEqual([{ path: "/", details: expect.stringContaining("listing stopped after 2 objects") }]);
      await tree.cleanup();
    } finally {
      await mini.close();
    }
  });
});

describe("S3 URI parsing", () => {
  test.each([
    ["s3://bucket", { bucket: "bucket", prefix: "" }],
    ["s3://my.bucket-1/models/v1/", { bucket: "my.bucket-1", prefix: "models/v1/" }],
  ])("%s", (uri, expected) => expect(parseS3Uri(uri)).toEqual(expected));

  test.each(["bucket/x", "s3://", "s3://B", "https://bucket.s3.amazonaws.com/x", "s3://a"])("%s is invalid", (uri) => {
    expect(() => parseS3Uri(uri)).toThrow(/not an s3:\/\/bucket\/prefix URI/);
  });

  test("relativeKey keeps names below the prefix's folder", () => {
    expect(relativeKey("models/v1", "models/v1-old/a.pkl")).toBe("v1-old/a.pkl");
    expect(relativeKey("models/", "models/a.pkl")).toBe("a.pkl");
    expect(relativeKey("", "a/b.pkl")).toBe("a/b.pkl");
    expect(relativeKey("models/a.pkl", "models/a.pkl")).toBe("a.pkl");
  });
});
