import type { Detector, DetectorEntry, RuleMeta } from "@watchtower/types";
import { DEFAULT_LIMITS } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { fingerprint, Scanner, type ScanInput } from "../src/index.js";

const SECRET = ["AKIA", "Z7QWERTY", "UIOP1234"].join("");

const rule = (id: `${string}/${string}`, category: RuleMeta["category"] = "secrets"): RuleMeta => ({
  id,
  title: id,
  description: "Test rule.",
  category,
  defaultSeverity: "critical",
  fix: "Rotate it.",
  docsUrl: `https://example.invalid/#${id}`,
  since: "0.1.0",
  standards: { cwe: ["CWE-798"] },
});

/** Reports every occurrence of SECRET in text, cell sources and outputs. */
const fakeSecrets: Detector = {
  meta: { id: "fake", accepts: ["text", "notebook"], rules: [rule("fake/key")] },
  defaultOptions: {},
  scan(source, ctx) {
    const find = (text: string, at: (offset: number) => void): void => {
      for (let i = text.indexOf(SECRET); i !== -1; i = text.indexOf(SECRET, i + 1)) at(i);
    };
    const msg = `Key ${SECRET} found.`;
    if (source.kind === "text") {
      find(source.text, (offset) => ctx.report({ ruleId: "fake/key", message: msg, secret: SECRET, at: { kind: "text", offset, length: SECRET.length } }));
    } else if (source.kind === "notebook") {
      for (const cell of source.cells) {
        find(cell.source, (offset) =>
          ctx.report({ ruleId: "fake/key", message: msg, secret: SECRET, at: { kind: "cell", cellIndex: cell.index, part: "source", offset, length: SECRET.length } }),
        );
        for (const o of cell.outputs) {
          find(o.text, (offset) =>
            ctx.report({
              ruleId: "fake/key",
              message: msg,
              secret: SECRET,
              at: { kind: "cell", cellIndex: cell.index, part: "output", outputIndex: o.index, offset, length: SECRET.length },
            }),
          );
        }
      }
    }
  },
};

const brokenModel: Detector = {
  meta: { id: "broken", accepts: ["binary"], formats: ["pickle"], rules: [rule("broken/x", "models")] },
  defaultOptions: {},
  scan(_source, ctx) {
    ctx.incomplete("truncated stream at byte 3", { kind: "binary", byteOffset: 3 });
  },
};

const crashing: Detector = {
  meta: { id: "crash", accepts: ["text"], rules: [] },
  defaultOptions: {},
  scan() {
    throw new Error("boom");
  },
};

function entries(...ds: Detector[]): { list: DetectorEntry[]; loads: string[] } {
  const loads: string[] = [];
  const list = ds.map((d) => ({
    id: d.meta.id,
    wants: (f: { kind: string; format?: string }) =>
      d.meta.accepts.includes(f.kind as never) && (f.kind !== "binary" || (d.meta.formats ?? []).includes(f.format as never)),
    load: async () => {
      loads.push(d.meta.id);
      return d as Detector<object>;
    },
  }));
  return { list, loads };
}

const enc = new TextEncoder();
const input = (path: string, text: string | Uint8Array): ScanInput => {
  const bytes = typeof text === "string" ? enc.encode(text) : text;
  return { path, size: bytes.length, read: async () => bytes };
};

function scanner(list: DetectorEntry[]): Scanner {
  return new Scanner({
    detectors: list,
    settings: { strictModels: false, online: false, limits: DEFAULT_LIMITS },
    project: { paths: () => [], readText: async () => undefined },
  });
}

const notebook = (cells: unknown[]): string => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }, null, 1);

describe("Scanner", () => {
  it("locates, redacts and fingerprints; the raw value never appears in a finding", async () => {
    const { list } = entries(fakeSecrets);
    const result = await scanner(list).scanAll([input("cfg/.env", `# creds\nAWS_ACCESS_KEY_ID=${SECRET}\n`)]);
    expect(result.findings).toHaveLength(1);
    const f = result.findings[0]!;
    expect(f.location).toMatchObject({ kind: "text", path: "cfg/.env", start: { line: 2, column: 19, offset: 26 } });
    expect(f.evidence).toEqual({ redacted: "AKIA…(20)", length: 20 });
    expect(f.excerpt).toBe("AWS_ACCESS_KEY_ID=AKIA…(20)");
    expect(f.message).toBe("Key AKIA…(20) found.");
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(f.fingerprint).toMatch(/^wt1:[0-9a-f]{64}$/);
  });

  it("merges the same secret in a cell's source and its traceback, but not across cells", async () => {
    const { list } = entries(fakeSecrets);
    const text = notebook([
      {
        cell_type: "code",
        id: "c1",
        source: `key = "${SECRET}"\nboto(key)`,
        outputs: [{ output_type: "error", ename: "E", evalue: "x", traceback: [`\u001b[31mkey = "${SECRET}"\u001b[0m`] }],
      },
      { cell_type: "code", id: "c2", source: `print("${SECRET}")`, outputs: [] },
    ]);
    const result = await scanner(list).scanAll([input("nb.ipynb", text)]);
    expect(result.findings).toHaveLength(2);
    const [first, second] = result.findings;
    expect(first!.location).toMatchObject({ kind: "cell", cell: { index: 0, id: "c1", part: "source" }, start: { line: 1, column: 8 } });
    expect(first!.relatedLocations).toHaveLength(1);
    expect(first!.relatedLocations![0]).toMatchObject({ kind: "cell", cell: { index: 0, part: "output", outputIndex: 0 }, start: { line: 2 } });
    expect(second!.location).toMatchObject({ cell: { index: 1, id: "c2" } });
    expect((first!.location as { jsonLine?: number }).jsonLine).toBeGreaterThan(1);
  });

  it("keeps fingerprints when a cell moves or lines are inserted", async () => {
    const { list } = entries(fakeSecrets);
    const a = notebook([
      { cell_type: "code", id: "k", source: `k = "${SECRET}"`, outputs: [] },
      { cell_type: "markdown", id: "m", source: "text" },
    ]);
    const b = notebook([
      { cell_type: "markdown", id: "m", source: "text\nmore" },
      { cell_type: "code", id: "k", source: `import os\n\nk = "${SECRET}"`, outputs: [] },
    ]);
    const fa = (await scanner(list).scanAll([input("n.ipynb", a)])).findings.map((f) => f.fingerprint);
    const fb = (await scanner(list).scanAll([input("n.ipynb", b)])).findings.map((f) => f.fingerprint);
    expect(fb).toEqual(fa);
  });

  it("honours inline suppressions and keeps them visible", async () => {
    const { list } = entries(fakeSecrets);
    const text = `a = "${SECRET}"  # watchtower: ignore[fake/key] test fixture\n# watchtower: ignore[other/rule]\nb = "${SECRET}"\n`;
    const result = await scanner(list).scanAll([input("x.py", text)]);
    expect(result.findings.map((f) => f.suppressed)).toEqual([{ by: "inline", reason: "test fixture" }, undefined]);
  });

  it("reads directives in Markdown comments, without the closing marker in the reason", async () => {
    const { list } = entries(fakeSecrets);
    const text = `Example: \`${SECRET}\` <!-- watchtower: ignore[fake/key] documentation example -->\n<!-- watchtower: ignore -->\n${SECRET}\n`;
    const result = await scanner(list).scanAll([input("README.md", text)]);
    expect(result.findings.map((f) => f.suppressed)).toEqual([
      { by: "inline", reason: "documentation example" },
      { by: "inline" },
    ]);
  });

  it("suppresses a whole cell with ignore-cell and outputs with a tag", async () => {
    const { list } = entries(fakeSecrets);
    const text = notebook([
      { cell_type: "code", source: `# watchtower: ignore-cell demo\nk = "${SECRET}"`, outputs: [{ output_type: "stream", text: SECRET }] },
      { cell_type: "code", metadata: { tags: ["watchtower-ignore"] }, source: "env()", outputs: [{ output_type: "stream", text: SECRET }] },
    ]);
    const result = await scanner(list).scanAll([input("n.ipynb", text)]);
    expect(result.findings.map((f) => f.suppressed?.reason)).toEqual(["demo", "cell tag watchtower-ignore"]);
  });

  it("turns incomplete model scans into blocking findings and detector crashes into errors", async () => {
    const { list } = entries(brokenModel, crashing);
    const result = await scanner(list).scanAll([input("m.pkl", new Uint8Array([0x80, 4, 0x95])), input("a.txt", "hello")]);
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.location.path])).toEqual([["models/incomplete", "high", "m.pkl"]]);
    expect(result.errors).toEqual([{ path: "a.txt", detector: "crash", code: "detector_failed", message: "boom" }]);
    expect(result.incomplete.map((i) => i.path)).toEqual(["a.txt", "m.pkl"]);
  });

  it("loads a detector only when a file needs it", async () => {
    const { list, loads } = entries(fakeSecrets, brokenModel);
    await scanner(list).scanAll([input("a.py", "print(1)")]);
    expect(loads).toEqual(["fake"]);
  });

  it("reports invalid notebooks and oversized files instead of passing them", async () => {
    const { list } = entries(fakeSecrets);
    const big: ScanInput = { path: "big.pkl", size: DEFAULT_LIMITS.maxFileBytes + 1, read: async () => new Uint8Array() };
    const result = await scanner(list).scanAll([input("bad.ipynb", "{oops"), big]);
    expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([
      ["bad.ipynb", "parse_error"],
      ["big.pkl", "too_large"],
    ]);
    expect(result.errors[0]).toMatchObject({ path: "bad.ipynb", code: "notebook_parse_error" });
    expect(result.findings.map((f) => [f.location.path, f.ruleId])).toEqual([["big.pkl", "models/incomplete"]]);
  });
});

describe("fingerprint", () => {
  it("is stable (golden value: changing it invalidates every user baseline)", () => {
    expect(
      fingerprint({ ruleId: "secrets/aws-access-key-id", path: "a.py", part: "", identity: "x", occurrence: 0 }),
    ).toBe("wt1:0ffaec932728677458adbd5aa2af8445c79661b9d47edbe4a833ec967ce3f258");
  });
});

describe("memory: bytes in flight", () => {
  it("reads at most maxInFlightBytes of files at once, and a larger file alone", async () => {
    let reading = 0;
    let peak = 0;
    const input = (path: string, size: number): ScanInput => ({
      path,
      size,
      read: async () => {
        reading += size;
        peak = Math.max(peak, reading);
        await new Promise((r) => setTimeout(r, 5));
        reading -= size;
        return new Uint8Array(8);
      },
    });
    const scanner = new Scanner({
      detectors: [],
      settings: { strictModels: false, online: false, limits: DEFAULT_LIMITS },
      project: { paths: () => [], readText: () => Promise.resolve(undefined) },
      maxInFlightBytes: 100,
    });
    const result = await scanner.scanAll([input("a.bin", 40), input("b.bin", 40), input("c.bin", 40), input("huge.bin", 500), input("d.bin", 10)]);
    expect(result.files).toHaveLength(5);
    expect(peak).toBe(500);
    // Without the huge file the three 40-byte files never overlapped beyond 100 bytes.
    peak = 0;
    await new Scanner({
      detectors: [],
      settings: { strictModels: false, online: false, limits: DEFAULT_LIMITS },
      project: { paths: () => [], readText: () => Promise.resolve(undefined) },
      maxInFlightBytes: 100,
    }).scanAll([input("a.bin", 40), input("b.bin", 40), input("c.bin", 40)]);
    expect(peak).toBe(80);
  });
});
