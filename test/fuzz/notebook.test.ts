// Fuzzing notebook parsing (@watchtower/source parseNotebook, locateCells) and the full Scanner with
// the recommended detectors on mutated and generated .ipynb files. See tools/fuzz/README.md.
import { NotebookParseError, locateCells, parseNotebook } from "@watchtower/source";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { FAKE } from "../helpers/fakes.js";
import { notebook } from "../helpers/repo.js";
import { FUZZ_RUNS, Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { mutatedInputs } from "./seeds/mutate.js";
import { deepJson, notebookJsonArb, notebookSeeds } from "./seeds/notebooks.js";
import { assertNoBugs, scanFiles } from "./seeds/run.js";

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: false });

const KNOWN_BUGS = process.env["FUZZ_KNOWN_BUGS"] === "1";

/** parseNotebook may reject an input only with NotebookParseError; locateCells reads any valid JSON. */
function parseOrReject(text: string): void {
  try {
    parseNotebook("nb.ipynb", text);
  } catch (error) {
    if (!(error instanceof NotebookParseError)) throw error;
  }
  let valid = true;
  try {
    JSON.parse(text);
  } catch {
    valid = false;
  }
  if (valid) locateCells(text);
}

/** A notebook whose cell 1 prints a fake AWS key, with `depth`-deep JSON in an output, the metadata or a source. */
function deepNotebook(depth: number, where: "output" | "metadata" | "source"): Uint8Array {
  const nb = JSON.parse(notebook([{ source: "x = 1" }, { source: "print(key)", outputs: [`key=${FAKE.awsKeyId}\n`] }])) as {
    metadata: Record<string, unknown>;
    cells: { source: unknown; outputs: unknown[] }[];
  };
  if (where === "output") nb.cells[0]!.outputs.push({ output_type: "display_data", metadata: {}, data: { "application/json": "__DEEP__" } });
  else if (where === "metadata") nb.metadata["deep"] = "__DEEP__";
  else nb.cells[0]!.source = "__DEEP__";
  return enc.encode(JSON.stringify(nb, null, 1).replace('"__DEEP__"', deepJson(depth, depth % 2 === 1)));
}

async function deepCases(depths: readonly number[], fuzz: Fuzzer): Promise<string[]> {
  const failures: string[] = [];
  for (const depth of depths) {
    for (const where of ["output", "metadata", "source"] as const) {
      const bytes = deepNotebook(depth, where);
      const result = await fuzz.run(`${where} nested ${depth}`, bytes, () => scanFiles([{ path: "nb/deep.ipynb", bytes }]));
      assertNoBugs(result);
      if (!result.findings.some((f) => f.ruleId === "secrets/aws-access-key-id")) {
        failures.push(`${where} nested ${depth}: secret in cell 1 not found; errors ${JSON.stringify(result.errors).slice(0, 300)}`);
      }
    }
  }
  return failures;
}

const inputs = fc.oneof(
  { weight: 3, arbitrary: mutatedInputs(notebookSeeds()).map((i) => ({ label: i.label, text: dec.decode(i.bytes) })) },
  { weight: 2, arbitrary: notebookJsonArb.map((text) => ({ label: `generated ${text.slice(0, 120)}`, text })) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 400 }).map((text) => ({ label: "random text", text })) },
);

describe("fuzz: notebooks", () => {
  it("seeds parse, and the leaky one is found by the Scanner", async () => {
    for (const seed of notebookSeeds()) parseNotebook(`${seed.name}.ipynb`, dec.decode(seed.bytes));
    const result = await scanFiles([{ path: "nb/leaky.ipynb", bytes: notebookSeeds()[0]!.bytes }]);
    assertNoBugs(result);
    expect(result.findings.map((f) => f.ruleId)).toContain("secrets/aws-access-key-id");
  });

  it(
    "parseNotebook throws only NotebookParseError and locateCells never throws",
    async () => {
      const fuzz = new Fuzzer("notebook (parseNotebook, locateCells)");
      await fc.assert(
        fc.asyncProperty(inputs, async (input) => {
          await fuzz.run(input.label, input.text, () => parseOrReject(input.text));
        }),
        params(FUZZ_RUNS * 2),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it(
    "mutated and generated notebooks through the full Scanner (every recommended detector): no internal error",
    async () => {
      const fuzz = new Fuzzer("notebook (Scanner)");
      await fuzz.warm(notebookSeeds().map((s) => () => scanFiles([{ path: "nb/seed.ipynb", bytes: s.bytes }])));
      await fc.assert(
        fc.asyncProperty(inputs, async (input) => {
          const bytes = enc.encode(input.text);
          assertNoBugs(await fuzz.run(input.label, bytes, () => scanFiles([{ path: "notebooks/fuzz.ipynb", bytes }])));
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("deeply nested JSON (3 000 levels) in an output, in metadata and in a source does not hide the other cells", async () => {
    const fuzz = new Fuzzer("notebook nesting");
    const failures = await deepCases([1001, 3000], fuzz);
    fuzz.finish();
    expect(failures).toEqual([]);
  });

  // KNOWN BUG (opt-in with FUZZ_KNOWN_BUGS=1; reported to the lead): parseNotebook serialises
  // application/json outputs and the notebook metadata with JSON.stringify, which overflows the stack
  // from about 4 500 levels, so a 10 KB output makes the whole notebook unscannable ("invalid notebook").
  it.skipIf(!KNOWN_BUGS)("known bug: JSON nested 100 000 deep in an output or the metadata does not hide the other cells", async () => {
    const fuzz = new Fuzzer("notebook nesting (known bug)");
    const failures = await deepCases([10_000, 100_000], fuzz);
    fuzz.finish();
    expect(failures).toEqual([]);
  });
});
