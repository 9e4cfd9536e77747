import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { cloneGitUrl, lfsEndpoint } from "../src/index.js";
import { useSandboxTmpdir, visible } from "./helpers.js";
import { maliciousPickle, plantedFiles } from "./servers/fixtures.js";
import { createBareRepo, lfsPointer, startGitServer, type GitServer } from "./servers/git-http.js";

const sandbox = useSandboxTmpdir();
const TOKEN = ["glpat", "TestOnly", "LfsToken123"].join("-");
const pickle = lfsPointer(maliciousPickle());
const weights = lfsPointer(new Uint8Array(4096).fill(7));
const tampered = lfsPointer("what the pointer promises\n");
const unknown = lfsPointer("the server never had this\n");

let root: string;
let server: GitServer;

const objectPath = (dir: string, oid: string) => join(dir, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "wt-lfs-root-"));
  await createBareRepo(root, "models", {
    "README.md": "# weights in LFS\n",
    "models/model.pkl": pickle.pointer,
    "weights/a.bin": weights.pointer,
    "weights/copy.bin": weights.pointer,
  });
  await createBareRepo(root, "broken", {
    "tampered.pkl": tampered.pointer,
    "unknown.pkl": unknown.pointer,
  });
  server = await startGitServer({
    root,
    token: TOKEN,
    lfsObjects: {
      [pickle.oid]: maliciousPickle(),
      [weights.oid]: new Uint8Array(4096).fill(7),
      // Served bytes that do not hash to the oid.
      [tampered.oid]: "something else entirely\n",
    },
  });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe("Git LFS objects of a cloned repository", () => {
  test("are downloaded into .git/lfs/objects, verified, once per oid; the token stays with the repository's origin", async () => {
    const start = server.requests.length;
    const tree = await cloneGitUrl({ url: `${server.url}/models.git`, token: TOKEN });
    try {
      // The working tree keeps the pointers; the scanner resolves them from the store.
      expect(await readFile(join(tree.dir, "models/model.pkl"), "utf8")).toBe(pickle.pointer);
      expect(new Uint8Array(await readFile(objectPath(tree.dir, pickle.oid)))).toEqual(maliciousPickle());
      expect((await readFile(objectPath(tree.dir, weights.oid))).length).toBe(4096);
      expect(tree.notes).toContain("downloaded 2 Git LFS objects");
      expect(visible(tree)).not.toContain(TOKEN);

      const batch = server.requests.slice(start).filter((r) => r.url.endsWith("/info/lfs/objects/batch"));
      expect(batch).toHaveLength(1);
      expect(batch[0]!.url).toBe("/models.git/info/lfs/objects/batch");
      expect(batch[0]!.authorization).toBe(`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`);
      const downloads = server.lfsRequests.filter((r) => r.url.includes(pickle.oid) || r.url.includes(weights.oid));
      expect(downloads).toHaveLength(2);
      for (const d of downloads) {
        expect(d.status).toBe(200);
        expect(d.authorization).toBeUndefined();
      }
    } finally {
      await tree.cleanup();
    }
    expect(await sandbox.leftovers()).toEqual([]);
  });

  test("a body that does not match its oid, or an object the server lacks, stays a pointer with a note", async () => {
    const tree = await cloneGitUrl({ url: `${server.url}/broken.git`, token: TOKEN });
    try {
      expect(existsSync(objectPath(tree.dir, tampered.oid))).toBe(false);
      expect(existsSync(objectPath(tree.dir, unknown.oid))).toBe(false);
      expect(existsSync(join(tree.dir, ".git", "lfs", "tmp", `${tampered.oid}.part`))).toBe(false);
      expect(tree.notes).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^tampered\.pkl: LFS object not downloaded: .*(sha256|bytes instead)/),
          "unknown.pkl: LFS object not downloaded: Object does not exist",
        ]),
      );
    } finally {
      await tree.cleanup();
    }
  });

  test("objects over maxLfsObjectBytes are not requested", async () => {
    const before = server.lfsRequests.length;
    const tree = await cloneGitUrl({ url: `${server.url}/models.git`, token: TOKEN, maxLfsObjectBytes: 1000 });
    try {
      expect(existsSync(objectPath(tree.dir, weights.oid))).toBe(false);
      expect(existsSync(objectPath(tree.dir, pickle.oid))).toBe(true);
      expect(server.lfsRequests.slice(before).some((r) => r.url.includes(weights.oid))).toBe(false);
      expect(tree.notes).toContain("weights/a.bin: LFS object of 4096 bytes is over the 1000-byte limit; not downloaded");
    } finally {
      await tree.cleanup();
    }
  });

  test("a server without LFS: the clone still succeeds and says why the objects are missing; lfs: false asks nothing", async () => {
    const plain = await startGitServer({ root });
    try {
      const tree = await cloneGitUrl({ url: `${plain.url}/models.git` });
      expect(tree.notes).toContain("models/model.pkl: LFS object not downloaded: the server has no LFS endpoint");
      await tree.cleanup();

      const before = plain.requests.length;
      const off = await cloneGitUrl({ url: `${plain.url}/models.git`, lfs: false });
      expect(plain.requests.slice(before).some((r) => r.url.includes("/info/lfs/"))).toBe(false);
      await off.cleanup();

      // A repository without pointers never asks.
      await createBareRepo(root, "plain", plantedFiles());
      const start = plain.requests.length;
      const none = await cloneGitUrl({ url: `${plain.url}/plain.git` });
      expect(plain.requests.slice(start).some((r) => r.url.includes("/info/lfs/"))).toBe(false);
      await none.cleanup();
    } finally {
      await plain.close();
    }
  });

  test("the LFS endpoint follows the Git LFS spec", () => {
    expect(lfsEndpoint("https://github.com/org/repo")).toBe("https://github.com/org/repo.git/info/lfs");
    expect(lfsEndpoint("https://github.com/org/repo.git")).toBe("https://github.com/org/repo.git/info/lfs");
    expect(lfsEndpoint("https://huggingface.co/org/model/")).toBe("https://huggingface.co/org/model.git/info/lfs");
  });
});
