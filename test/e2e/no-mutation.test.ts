// "Never mutate the scanned tree" (issue 12): a full --all scan of a tree with notebooks, a zip model,
// a pickle, an .h5 file, manifests, code and a symlink leaves every byte, mode, mtime and directory
// listing exactly as it was (the reference tool renames files, writes .py exports and deletes archives).
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { buildH5 } from "../../packages/detector-keras/test/fixtures/h5.js";
import { FAKE } from "../helpers/fakes.js";
import { cleanupTemp, git, makeRepo, notebook, runBin, tempDir, write } from "../helpers/repo.js";
import { evilPickle, torchZip } from "../fuzz/seeds/pickles.js";

afterAll(cleanupTemp);

interface Entry {
  type: "file" | "dir" | "link";
  mode: number;
  mtimeMs: number;
  size: number;
  sha256?: string;
  target?: string;
  children?: string[];
}

/** Every path under `root` (the .git directory when `withGit`) → what it is, byte hash and metadata. */
function snapshot(root: string, withGit = true): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (rel: string): void => {
    const abs = join(root, rel);
    const st = lstatSync(abs);
    const base = { mode: st.mode, mtimeMs: st.mtimeMs, size: st.size };
    if (st.isSymbolicLink()) {
      out.set(rel, { type: "link", ...base, target: readlinkSync(abs) });
    } else if (st.isDirectory()) {
      const children = readdirSync(abs).sort();
      out.set(rel, { type: "dir", ...base, children });
      for (const c of children) if (withGit || !(rel === "" && c === ".git")) walk(rel === "" ? c : `${rel}/${c}`);
    } else {
      out.set(rel, { type: "file", ...base, sha256: createHash("sha256").update(readFileSync(abs)).digest("hex") });
    }
  };
  walk("");
  return out;
}

async function populate(dir: string): Promise<void> {
  write(
    dir,
    "notebooks/train.ipynb",
    notebook([
      { source: "import boto3, pickle\nmodel = pickle.load(open('models/model.pkl', 'rb'))" },
      { source: "!env | grep AWS", outputs: [`AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}\n`] },
      { source: "!pip install torch==1.13.0" },
    ]),
  );
  write(dir, "notebooks/clean.ipynb", notebook([{ source: "print('hello')", outputs: ["hello\n"] }]));
  write(dir, "models/model.pkl", evilPickle(2));
  write(dir, "models/model.pt", torchZip({ dataPkl: evilPickle(4) }));
  write(dir, "models/archive.zip", torchZip());
  write(dir, "models/model.h5", await buildH5({ attrs: { model_config: { fixed: JSON.stringify({ class_name: "Sequential", config: { layers: [] } }) } } }));
  write(dir, "requirements.txt", "torch==1.13.0\nnumpy\n");
  write(dir, "src/app.py", "import os\nos.system(input())\n");
  write(dir, "data/users.csv", "name,email\nMaria Garcia,maria.garcia@example.com\n");
  symlinkSync("../models/model.pkl", join(dir, "src/linked.pkl"));
}

describe("never mutate the scanned tree", () => {
  it("--all on a directory leaves every file, mode, mtime, symlink and listing unchanged", async () => {
    const dir = tempDir("wt-nomut-");
    await populate(dir);
    const before = snapshot(dir);
    const report = tempDir("wt-nomut-report-");
    const r = runBin(dir, ["--all", dir, "--format", "json,text,sarif", "--report-dir", report]);
    expect(r.code, r.stderr).toBe(1);
    const after = snapshot(dir);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(after).toEqual(before);
    // The scan really looked at the models (otherwise this test proves nothing).
    const json = JSON.parse(readFileSync(join(report, "report.json"), "utf8")) as { findings: { ruleId: string; location: { path: string } }[] };
    const paths = new Set(json.findings.map((f) => f.location.path));
    for (const p of ["models/model.pkl", "models/model.pt", "notebooks/train.ipynb"]) expect(paths).toContain(p);
  });

  it("--all and the staged hook in a git repository leave the work tree and the index unchanged", async () => {
    const repo = makeRepo();
    await populate(repo);
    git(repo, "add", ".");
    const before = snapshot(repo, false);
    const index = createHash("sha256").update(readFileSync(join(repo, ".git", "index"))).digest("hex");
    const head = git(repo, "status", "--porcelain=v1");
    expect(runBin(repo, ["--all", ".", "--format", "json"]).code).toBe(1);
    expect(runBin(repo, []).code).toBe(1);
    expect(snapshot(repo, false)).toEqual(before);
    expect(createHash("sha256").update(readFileSync(join(repo, ".git", "index"))).digest("hex")).toBe(index);
    expect(git(repo, "status", "--porcelain=v1")).toBe(head);
  });
});
