// Fuzzing the text detectors: secrets and PII on random token soup (files and notebook outputs, long
// lines, huge tokens), and the code detector on Python/IPython token soup and deep nesting.
// See tools/fuzz/README.md.
import { detector as codeDetector } from "@watchtower/detector-code";
import { detector as piiDetector } from "@watchtower/detector-pii";
import { detector as secretsDetector } from "@watchtower/detector-secrets";
import { notebookSource, runDetector, textSource } from "@watchtower/tester";
import type { Detector, Source } from "@watchtower/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { FAKE } from "../helpers/fakes.js";
import { FUZZ_RUNS, Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { textDocArb, textLine } from "./seeds/text.js";

const secrets = secretsDetector as Detector<object>;
const pii = piiDetector as Detector<object>;
const code = codeDetector as Detector<object>;

const TEXT_PATHS = ["config/settings.yaml", ".env", "README.md", "data/users.csv", "src/train.py", "notes.txt", "deploy/values.json"];

/** A text file or a notebook whose cells and outputs are the generated text. */
const sourceArb: fc.Arbitrary<{ label: string; source: Source }> = fc.oneof(
  fc.record({ path: fc.constantFrom(...TEXT_PATHS), text: textDocArb }).map(({ path, text }) => ({
    label: `${path} (${text.length} chars)`,
    source: textSource(path, text),
  })),
  fc
    .array(fc.record({ source: textDocArb, outputs: fc.array(fc.oneof(textDocArb, fc.record({ text: textDocArb, mimeType: fc.constantFrom("text/html", "text/plain", "application/json") })), { maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 4,
    })
    .map((cells) => ({ label: `notebook of ${cells.length} cells`, source: notebookSource("nb/fuzz.ipynb", cells) })),
);

function charsOf(source: Source): string {
  if (source.kind === "text") return source.text;
  if (source.kind === "notebook") return source.cells.map((c) => c.source + c.outputs.map((o) => o.text).join("")).join("");
  return "";
}

describe("fuzz: text detectors", () => {
  it("sanity: the generators reach the detectors (a planted key is found in soup)", async () => {
    const r = await runDetector(secrets, textSource("config/settings.yaml", `x = 1\naws_access_key_id = ${FAKE.awsKeyId}\n(((`));
    expect(r.reports.map((d) => d.ruleId)).toContain("secrets/aws-access-key-id");
  });

  for (const [name, detector] of [
    ["secrets", secrets],
    ["pii", pii],
  ] as const) {
    it(
      `${name}: random text with long lines and huge tokens, files and notebook outputs: no exception, bounded time and memory`,
      async () => {
        const fuzz = new Fuzzer(name);
        await fuzz.warm([() => runDetector(detector, textSource("a.txt", "warm up alice@example.com"))]);
        await fc.assert(
          fc.asyncProperty(sourceArb, async ({ label, source }) => {
            await fuzz.run(label, charsOf(source), () => runDetector(detector, source));
          }),
          params(),
        );
        fuzz.finish();
      },
      timeoutFor(),
    );
  }

  it(
    "code: Python and IPython token soup in .py, .ipy and notebooks: no exception, bounded time and memory",
    async () => {
      const fuzz = new Fuzzer("code");
      await fuzz.warm([() => runDetector(code, textSource("a.py", "import os\nos.system(x)\n"))]);
      const ipython = fc.array(fc.oneof(textLine(), fc.constantFrom("!ls", "%time x()", "%%bash", "x = !cat f", "?obj", "obj??", "%env A=1")), { maxLength: 30 });
      const py = fc.oneof(
        textDocArb.map((text) => ({ label: `src/x.py (${text.length})`, source: textSource("src/x.py", text) as Source })),
        ipython.map((lines) => ({ label: "script.ipy", source: textSource("script.ipy", lines.join("\n")) as Source })),
        fc.array(ipython, { minLength: 1, maxLength: 5 }).map((cells) => ({
          label: `notebook of ${cells.length} cells`,
          source: notebookSource("nb.ipynb", cells.map((c) => ({ source: c.join("\n") }))) as Source,
        })),
      );
      await fc.assert(
        fc.asyncProperty(py, async ({ label, source }) => {
          await fuzz.run(label, charsOf(source), () => runDetector(code, source));
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("long lines (1 MB) and long outputs (4 MB) end in time for every text detector", async () => {
    const fuzz = new Fuzzer("text long lines");
    const huge = [
      `token = "${"A1b2".repeat(250_000)}"`,
      `${"password=".repeat(100_000)}`,
      `${"a@b.".repeat(250_000)}`,
      `${"1 ".repeat(500_000)}`,
      `${"-----BEGIN RSA PRIVATE KEY-----\n".repeat(30_000)}`,
      `${"<td>Maria Garcia</td>".repeat(50_000)}`,
      `x = ${"'a' + ".repeat(150_000)}'b'`,
    ];
    for (const text of huge) {
      for (const [name, detector] of [
        ["secrets", secrets],
        ["pii", pii],
        ["code", code],
      ] as const) {
        const label = `${name}: ${JSON.stringify(text.slice(0, 30))} (${text.length} chars)`;
        await fuzz.run(label, text, () => runDetector(detector, textSource("src/big.py", text)), 4000);
        const nb = notebookSource("nb.ipynb", [{ source: "print(x)", outputs: [text, text] }]);
        await fuzz.run(`${label} as notebook outputs`, text, () => runDetector(detector, nb), 4000);
      }
    }
    fuzz.finish();
  }, timeoutFor(FUZZ_RUNS));
});
