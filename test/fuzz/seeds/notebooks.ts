/**
 * Notebook seeds (.ipynb JSON as real Jupyter writes it: nbformat 4.5 and 3, streams, rich outputs,
 * ANSI tracebacks, base64 images, widget state, tags) and a structural generator of notebook-like
 * JSON, so fuzzing reaches past JSON.parse into the cell/output walk and the detectors.
 */
import fc from "fast-check";

import { FAKE } from "../../helpers/fakes.js";
import { notebook } from "../../helpers/repo.js";
import type { Seed } from "./mutate.js";
import { textLine } from "./text.js";

const enc = new TextEncoder();

function rich(): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: "python3", language: "python", display_name: "Python 3" },
        language_info: { name: "python", version: "3.11.7" },
        widgets: { "application/vnd.jupyter.widget-state+json": { state: {}, version_major: 2 } },
      },
      cells: [
        { cell_type: "markdown", id: "md-1", metadata: {}, source: ["# Training\n", "Contact: data-team@example.com\n"] },
        {
          cell_type: "code",
          id: "c-1",
          execution_count: 1,
          metadata: { tags: ["parameters"] },
          source: ["import os, pickle\n", "!pip install torch==1.13.0\n", "%env API_KEY=abc\n", "df = pd.read_csv('users.csv')\n", "df.head()"],
          outputs: [
            { output_type: "stream", name: "stdout", text: ["Collecting torch\n", "Successfully installed torch-1.13.0\n"] },
            {
              output_type: "execute_result",
              execution_count: 1,
              metadata: {},
              data: {
                "text/plain": ["   name   email\n", "0  Ann Lee  ann.lee@example.org\n"],
                "text/html": ["<table><tr><td>Ann Lee</td><td>ann.lee@example.org</td></tr></table>"],
                "application/json": { rows: [{ name: "Ann Lee", phone: "+1 415 555 0100" }] },
              },
            },
            { output_type: "display_data", metadata: {}, data: { "image/png": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" } },
            {
              output_type: "error",
              ename: "KeyError",
              evalue: "'AWS_SECRET_ACCESS_KEY'",
              traceback: ["\u001b[0;31mKeyError\u001b[0m Traceback (most recent call last)", `\u001b[0;32m----> 1\u001b[0m key = "${FAKE.awsKeyId}"`],
            },
          ],
        },
        { cell_type: "raw", id: "r-1", metadata: {}, source: "token=" + FAKE.githubToken },
      ],
    },
    null,
    1,
  );
}

function nbformat3(): string {
  return JSON.stringify({
    nbformat: 3,
    nbformat_minor: 0,
    metadata: { name: "old" },
    worksheets: [
      {
        cells: [
          { cell_type: "heading", level: 1, source: ["Old notebook"] },
          {
            cell_type: "code",
            language: "python",
            input: ["import yaml\n", "yaml.load(open('c.yml'))"],
            outputs: [{ output_type: "pyout", text: ["{'a': 1}"], html: ["<b>a</b>"] }, { output_type: "pyerr", ename: "E", evalue: "v", traceback: ["t"] }],
          },
        ],
      },
    ],
  });
}

export function notebookSeeds(): Seed[] {
  const leaky = notebook([
    { source: "import boto3\nsession = boto3.Session()" },
    { source: "!env | grep AWS", outputs: [`AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}\nAWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}\n`] },
    { source: "import subprocess\nsubprocess.call(cmd, shell=True)\nexec(user_code)" },
  ]);
  return [
    { name: "leaky", bytes: enc.encode(leaky) },
    { name: "rich", bytes: enc.encode(rich()) },
    { name: "nbformat3", bytes: enc.encode(nbformat3()) },
    { name: "empty-cells", bytes: enc.encode('{"nbformat":4,"nbformat_minor":2,"metadata":{},"cells":[]}') },
  ];
}

// ---------------------------------------------------------------------------------------------
// Structural generator

const outputArb = fc.oneof(
  fc.record({ output_type: fc.constant("stream"), name: fc.constantFrom("stdout", "stderr"), text: fc.oneof(textLine(), fc.array(textLine(), { maxLength: 6 })) }),
  fc.record({
    output_type: fc.constantFrom("execute_result", "display_data"),
    metadata: fc.constant({}),
    data: fc.dictionary(
      fc.constantFrom("text/plain", "text/html", "text/markdown", "application/json", "image/png", "application/vnd.custom+json", "text/csv"),
      fc.oneof(textLine(), fc.array(textLine(), { maxLength: 4 }), fc.jsonValue({ maxDepth: 4 })),
      { maxKeys: 4 },
    ),
  }),
  fc.record({ output_type: fc.constant("error"), ename: textLine(), evalue: textLine(), traceback: fc.array(textLine(), { maxLength: 5 }) }),
  fc.jsonValue({ maxDepth: 3 }),
);

const cellArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        cell_type: fc.constantFrom("code", "markdown", "raw", "heading", "other"),
        id: fc.string({ maxLength: 12 }),
        metadata: fc.oneof(fc.constant({}), fc.record({ tags: fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 3 }) })),
        source: fc.oneof(textLine(), fc.array(textLine(), { maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
        outputs: fc.oneof(fc.array(outputArb, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: ["cell_type"] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Notebook-shaped JSON with random cells, outputs, metadata and language, serialised as a Jupyter file. */
export const notebookJsonArb: fc.Arbitrary<string> = fc
  .record({
    nbformat: fc.oneof(fc.constant(4), fc.constant(3), fc.integer()),
    nbformat_minor: fc.integer({ min: 0, max: 5 }),
    metadata: fc.oneof(
      fc.record({ kernelspec: fc.record({ language: fc.constantFrom("python", "R", "julia", "") }), extra: fc.jsonValue({ maxDepth: 3 }) }),
      fc.jsonValue({ maxDepth: 3 }),
    ),
    cells: fc.array(cellArb, { maxLength: 8 }),
    indent: fc.constantFrom(0, 1, 2),
  })
  .map(({ indent, ...nb }) => JSON.stringify(nb, null, indent));

/** A JSON value nested `depth` levels deep (arrays, or objects when `objects`). */
export function deepJson(depth: number, objects = false): string {
  return objects ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}${"]".repeat(depth)}`;
}
