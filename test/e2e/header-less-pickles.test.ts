// Protocol 0/1 pickles carry no header; picklescan's own corpus has several (memoised unicode
// strings, quoted strings with STACK_GLOBAL, junk after STOP). They must reach the pickle detector
// whatever their name, and images renamed to .pt must not be taken for broken pickles.
import { afterAll, describe, expect, it } from "vitest";

import { cleanupTemp, runBin, tempDir, write } from "../helpers/repo.js";

afterAll(cleanupTemp);

const latin1 = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));
const STACK_GLOBAL = [0x93];
const TUPLE1 = [0x85];

interface Report {
  findings: { ruleId: string; severity: string; location: { path: string } }[];
}

describe("header-less pickles", () => {
  it("are found under any name; a PNG named .pt is not a pickle", () => {
    const dir = tempDir();
    const memoised = latin1("Vos\np2\n0Vsystem\np3\n0g2\ng3\n", STACK_GLOBAL, "(Vecho pwned\ntR.");
    write(dir, "models/memo.pkl", memoised);
    write(dir, "models/memo-junk.pkl", latin1("Vos\np2\n0Vsystem\np3\n0g2\ng3\n", STACK_GLOBAL, "(Vecho pwned\ntR.\n\n\t\t"));
    write(dir, "models/checkpoint", memoised);
    write(dir, "models/quoted.data", latin1("S'os'\nS'system'\n", STACK_GLOBAL, "S'ls'\n", TUPLE1, "R."));
    write(dir, "models/image.pt", latin1([0x89], "PNG\r\n", [0x1a, 0x0a]));
    const r = runBin(dir, ["--all", ".", "--format", "json"]);
    const report = JSON.parse(r.stdout) as Report;
    const worst = new Map<string, string>();
    for (const f of report.findings) if (f.ruleId === "pickle/dangerous-global") worst.set(f.location.path, f.severity);
    expect(Object.fromEntries(worst)).toEqual({
      "models/checkpoint": "critical",
      "models/memo-junk.pkl": "critical",
      "models/memo.pkl": "critical",
      "models/quoted.data": "critical",
    });
    expect(report.findings.filter((f) => f.location.path === "models/image.pt")).toEqual([]);
    expect(r.code).toBe(1);
  });
});
