import { describe, expect, it } from "vitest";

import { locateCells, maskAnsi, NotebookParseError, parseNotebook } from "../src/index.js";

function nb(cells: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { language: "python" } }, cells, ...extra }, null, 1);
}

describe("parseNotebook", () => {
  it("joins source lines and reduces outputs to text, dropping base64 payloads", () => {
    const text = nb([
      {
        cell_type: "code",
        id: "abc",
        source: ["import os\n", "print(os.environ)"],
        metadata: { tags: ["keep"] },
        outputs: [
          { output_type: "stream", name: "stdout", text: ["A=1\n", "B=2\n"] },
          {
            output_type: "display_data",
            data: { "image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"], "text/html": "<b>x</b>" },
          },
          { output_type: "error", ename: "KeyError", evalue: "'x'", traceback: ["\u001b[0;31mKeyError\u001b[0m: 'x'"] },
        ],
      },
      { cell_type: "markdown", source: "# Title" },
    ]);
    const { source, notes } = parseNotebook("a.ipynb", text);
    expect(source.language).toBe("python");
    const [code, md] = source.cells;
    expect(code!.source).toBe("import os\nprint(os.environ)");
    expect(code!.id).toBe("abc");
    expect(code!.tags).toEqual(["keep"]);
    expect(code!.outputs.map((o) => [o.index, o.outputIndex, o.mimeType])).toEqual([
      [0, 0, "text/plain"],
      [1, 1, "text/plain"],
      [2, 1, "text/html"],
      [3, 2, "text/plain"],
    ]);
    expect(code!.outputs.some((o) => o.text.includes("iVBOR"))).toBe(false);
    const tb = code!.outputs[3]!.text;
    expect(tb).not.toContain("\u001b");
    expect(tb).toContain("KeyError: 'x'");
    expect(md!.cellType).toBe("markdown");
    expect(notes).toEqual([]);
  });

  it("reads JSON bundles (application/json, pandas' table schema) as JSON text, not as lines", () => {
    const rows = { schema: { fields: [{ name: "index" }, { name: "email" }] }, data: [{ index: 0, email: "ana@corp.example" }] };
    const text = nb([
      {
        cell_type: "code",
        source: "df",
        outputs: [
          { output_type: "execute_result", data: { "application/vnd.dataresource+json": rows, "application/json": ["a", "b"] } },
          { output_type: "display_data", data: { "application/vnd.plotly.v1+json": { data: [] } } },
        ],
      },
    ]);
    const outputs = parseNotebook("a.ipynb", text).source.cells[0]!.outputs;
    expect(outputs.map((o) => o.mimeType)).toEqual(["application/vnd.dataresource+json", "application/json"]);
    expect(JSON.parse(outputs[0]!.text)).toEqual(rows);
    expect(outputs[1]!.text).toBe(JSON.stringify(["a", "b"], null, 1));
  });

  it("keeps offsets exact when masking ANSI codes", () => {
    const raw = "\u001b[0;31mpostgres://u:p@h/db\u001b[0m";
    const masked = maskAnsi(raw);
    expect(masked).toHaveLength(raw.length);
    expect(masked.indexOf("postgres")).toBe(raw.indexOf("postgres"));
  });

  it("maps cells and outputs to lines of the JSON text", () => {
    const text = nb([
      { cell_type: "markdown", source: ["a\n", "b"] },
      { cell_type: "code", source: "x", outputs: [{ output_type: "stream", text: "1" }, { output_type: "stream", text: "2" }] },
    ]);
    const cells = locateCells(text);
    const lines = text.split("\n");
    expect(lines[cells[0]!.source! - 1]).toContain('"source"');
    expect(lines[cells[1]!.outputs[1]! - 1]).toContain("{");
    expect(lines[cells[1]!.outputs[1]!]).toContain('"output_type"');
    expect(cells[1]!.outputs[0]).toBeLessThan(cells[1]!.outputs[1]!);
  });

  it("reads nbformat 3 worksheets and says so", () => {
    const text = JSON.stringify({
      nbformat: 3,
      worksheets: [{ cells: [{ cell_type: "code", input: ["print(1)"], outputs: [{ output_type: "pyout", text: ["1"] }] }] }],
    });
    const { source, notes } = parseNotebook("old.ipynb", text);
    expect(source.cells[0]!.source).toBe("print(1)");
    expect(source.cells[0]!.outputs[0]!.text).toBe("1");
    expect(notes.join()).toMatch(/nbformat 3/);
  });

  it("notes code cells without outputs and rejects non-notebooks clearly", () => {
    expect(parseNotebook("a.ipynb", nb([{ cell_type: "code", source: "1" }])).notes).toEqual(["cell 0: code cell without outputs"]);
    expect(() => parseNotebook("a.ipynb", "{not json")).toThrow(NotebookParseError);
    expect(() => parseNotebook("a.ipynb", "[]")).toThrow(/not an object/);
    expect(() => parseNotebook("a.ipynb", "{}")).toThrow(/no `cells` array/);
  });
});
