// Keras HDF5 files are scanned on the watchdog thread (packages/cli/src/isolate.ts) in every mode:
// staged on the main thread, --all on one thread, and --all inside the worker pool (nested thread).
// The findings must be what the keras detector reports, with a limit from the config honoured.
import { afterAll, describe, expect, it } from "vitest";

import { buildH5 } from "../../packages/detector-keras/test/fixtures/h5.js";
import { k2Dense, k2Lambda, k2Sequential } from "../../packages/detector-keras/test/fixtures/keras.js";
import { lambdaBase64, MALICIOUS_LAMBDA } from "../../packages/detector-keras/test/fixtures/marshal.js";
import { cleanupTemp, git, makeRepo, notebook, runBin, write } from "../helpers/repo.js";

afterAll(cleanupTemp);

interface Report {
  findings: { ruleId: string; severity: string; location: { path: string } }[];
  files?: unknown;
}

async function lambdaModel(): Promise<Uint8Array> {
  const config = k2Sequential([k2Dense("dense", 4), k2Lambda("evil", lambdaBase64(MALICIOUS_LAMBDA))]);
  return buildH5({ attrs: { model_config: { fixed: JSON.stringify(config) } } });
}

function keyed(report: Report): string[] {
  return report.findings.map((f) => `${f.location.path} ${f.ruleId} ${f.severity}`);
}

describe("native parsers on the watchdog thread", () => {
  it("staged: a Lambda layer in a staged .h5 blocks the commit", async () => {
    const repo = makeRepo();
    write(repo, "models/model.h5", await lambdaModel());
    git(repo, "add", ".");
    const r = runBin(repo, ["--format", "json"]);
    expect(r.code).toBe(1);
    expect(keyed(JSON.parse(r.stdout) as Report)).toContain("models/model.h5 keras/lambda-layer critical");
  });

  it("--all: same findings on one thread and in the worker pool", async () => {
    const repo = makeRepo();
    const model = await lambdaModel();
    write(repo, "models/a.h5", model);
    write(repo, "models/renamed.bin", model);
    // Enough files and bytes for the pool to start (32 files, 4 MB).
    const filler = notebook([{ source: "x = 1", outputs: ["y".repeat(140_000) + "\n"] }]);
    for (let i = 0; i < 40; i++) write(repo, `nb/n${i}.ipynb`, filler);
    const single = runBin(repo, ["--all", ".", "--format", "json", "--jobs", "1"]);
    const pooled = runBin(repo, ["--all", ".", "--format", "json", "--jobs", "2"]);
    expect(single.code).toBe(1);
    expect(pooled.code).toBe(1);
    const expected = keyed(JSON.parse(single.stdout) as Report);
    expect(expected).toContain("models/a.h5 keras/lambda-layer critical");
    expect(expected).toContain("models/renamed.bin keras/lambda-layer critical");
    expect(keyed(JSON.parse(pooled.stdout) as Report)).toEqual(expected);
  });
});

describe("limits.maxFileSeconds", () => {
  it("a file that does not finish in time is a blocking models/incomplete finding with a timeout error", async () => {
    const repo = makeRepo();
    write(repo, "models/a.h5", await lambdaModel());
    write(repo, "train.py", "print(1)\n");
    // Far below what loading h5wasm takes, so the thread is always stopped mid-file.
    write(repo, ".watchtower.json", JSON.stringify({ limits: { maxFileSeconds: 0.001 } }));
    const r = runBin(repo, ["--all", ".", "--format", "json"]);
    const report = JSON.parse(r.stdout) as Report & { scanLog: { errors: { path?: string; code: string; message: string }[] } };
    expect(r.code).not.toBe(0);
    expect(keyed(report)).toEqual(["models/a.h5 models/incomplete high"]);
    expect(report.scanLog.errors).toEqual([expect.objectContaining({ path: "models/a.h5", code: "timeout", message: expect.stringMatching(/maxFileSeconds/) })]);
  });
});
