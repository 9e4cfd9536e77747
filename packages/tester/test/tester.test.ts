import type { Detector } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { notebookSource, runDetector, textAt, textSource } from "../src/index.js";

const echo: Detector = {
  meta: {
    id: "echo",
    accepts: ["text", "notebook"],
    rules: [
      {
        id: "echo/word",
        title: "Word",
        description: "Reports the word 'needle'.",
        category: "code",
        defaultSeverity: "low",
        fix: "Remove it.",
        docsUrl: "https://example.invalid/#echoword",
        since: "0.1.0",
        standards: {},
      },
    ],
  },
  defaultOptions: {},
  scan(source, ctx) {
    if (source.kind === "text") {
      const offset = source.text.indexOf("needle");
      if (offset >= 0) ctx.report({ ruleId: "echo/word", message: "found", at: { kind: "text", offset, length: 6 } });
    }
    if (source.kind === "notebook") ctx.skip("unsupported_format", "notebooks are not for echo");
  },
};

describe("runDetector", () => {
  it("records reports with their ranges", async () => {
    const src = textSource("a.py", "x = 'needle'");
    const { reports } = await runDetector(echo, src);
    expect(reports).toHaveLength(1);
    expect(textAt(src, reports[0]!.at)).toBe("needle");
  });

  it("records skips", async () => {
    const { skips } = await runDetector(echo, notebookSource("a.ipynb", [{ source: "x", outputs: ["y"] }]));
    expect(skips).toEqual([{ reason: "unsupported_format", details: "notebooks are not for echo" }]);
  });

  it("refuses rules the detector did not declare", async () => {
    const bad: Detector = { ...echo, scan: (_s, ctx) => ctx.report({ ruleId: "echo/other", message: "", at: { kind: "text", offset: 0, length: 0 } }) };
    await expect(runDetector(bad, textSource("a", ""))).rejects.toThrow(/undeclared rule/);
  });
});
