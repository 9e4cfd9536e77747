import { describe, expect, it } from "vitest";
import { runDetector, textSource, textAt } from "@watchtower/tester";
import { detector } from "../src/index.js";
import { TEST_DB, byRule, located } from "./helpers.js";

const run = (path: string, text: string, files: Record<string, string> = {}) =>
  runDetector(detector, textSource(path, text), { options: { advisoryDb: TEST_DB }, files });

describe("requirements.txt", () => {
  it("points at each requirement and ignores comments, options and blank lines", async () => {
    const text = [
      "# pinned for reproducibility",
      "--index-url https://download.pytorch.org/whl/cu118",
      "",
      "torch==1.13.0  # the model needs it",
      "Pillow>=8.0,<9 ; python_version >= \"3.8\"",
      "numpy==1.26.4",
      "# torch==1.0.0",
    ].join("\n");
    const src = textSource("requirements.txt", text);
    const { reports } = await runDetector(detector, src, { options: { advisoryDb: TEST_DB } });
    expect(located(src, reports)).toEqual([
      { rule: "dependencies/vulnerable", text: "torch==1.13.0", severity: "critical" },
      { rule: "dependencies/vulnerable", text: 'Pillow>=8.0,<9 ; python_version >= "3.8"', severity: "critical" },
    ]);
  });

  it("joins continuation lines and drops --hash options", async () => {
    const text = "pyyaml==5.3.1 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\nrequests==2.32.3\n";
    const src = textSource("requirements.txt", text);
    const { reports } = await runDetector(detector, src, { options: { advisoryDb: TEST_DB } });
    expect(located(src, reports)).toEqual([{ rule: "dependencies/vulnerable", text: "pyyaml==5.3.1", severity: "critical" }]);
    expect(reports[0]?.message).toContain("PYSEC-2021-142 (CVE-2020-14343), fixed in 5.4");
  });

  it("handles CRLF line endings", async () => {
    const text = "torch==2.1.0\r\nnumpy\r\n";
    const src = textSource("requirements.txt", text);
    const { reports } = await runDetector(detector, src, { options: { advisoryDb: TEST_DB } });
    expect(located(src, reports).map((r) => r.text)).toEqual(["torch==2.1.0", "numpy"]);
  });

  it("reads -r includes that are not manifests themselves, locating findings at the include line", async () => {
    const { reports } = await run("requirements.txt", "-r common.txt\nflask==3.0.0\n", { "common.txt": "torch==2.0.0\n" });
    const vuln = byRule(reports, "dependencies/vulnerable");
    expect(vuln).toHaveLength(1);
    expect(textAt(textSource("requirements.txt", "-r common.txt\nflask==3.0.0\n"), vuln[0]!.at)).toBe("common.txt");
    expect(vuln[0]!.message).toContain("common.txt line 1");
  });

  it("does not report lines of an included file that is scanned on its own", async () => {
    const { reports } = await run("requirements.txt", "-r requirements-base.txt\n", { "requirements-base.txt": "torch==2.0.0\n" });
    expect(reports).toEqual([]);
  });

  it("applies -c constraints: the pin makes the requirement vulnerable, not unpinned", async () => {
    const text = "-c constraints.txt\ntorch\n";
    const { reports } = await run("requirements.txt", text, { "constraints.txt": "torch==2.1.0\n" });
    expect(reports.map((r) => r.ruleId)).toEqual(["dependencies/vulnerable"]);
    expect(reports[0]!.message).toContain("pinned by constraints.txt");
  });

  it("survives include cycles and notes missing includes", async () => {
    const { reports, notes } = await run("requirements.txt", "-r a.txt\n-r missing.txt\n", { "a.txt": "-r requirements.txt\n" });
    expect(reports).toEqual([]);
    expect(notes.join("\n")).toContain("missing.txt");
  });

  it("reads constraints files as constraints (never unpinned)", async () => {
    const { reports } = await run("constraints.txt", "torch==2.0.1\nnumpy\n");
    expect(reports.map((r) => r.ruleId)).toEqual(["dependencies/vulnerable"]);
  });

  it("parses editable VCS requirements and direct URLs", async () => {
    const text = [
      "-e git+https://github.com/org/lib.git@v1.2#egg=lib",
      "git+https://github.com/org/tool.git",
      "git+https://github.com/org/pinned.git@0123456789abcdef0123456789abcdef01234567#egg=pinned",
      "mylib @ git+ssh://git@github.com/org/mylib.git@main",
      "https://download.pytorch.org/whl/cu118/torch-2.0.1%2Bcu118-cp310-cp310-linux_x86_64.whl",
      "-e .",
      "./local/pkg",
    ].join("\n");
    const src = textSource("requirements.txt", text);
    const { reports } = await runDetector(detector, src, { options: { advisoryDb: TEST_DB } });
    expect(located(src, reports)).toEqual([
      { rule: "dependencies/unpinned", text: "git+https://github.com/org/lib.git@v1.2#egg=lib" },
      { rule: "dependencies/unpinned", text: "git+https://github.com/org/tool.git" },
      { rule: "dependencies/unpinned", text: "mylib @ git+ssh://git@github.com/org/mylib.git@main" },
      {
        rule: "dependencies/vulnerable",
        text: "https://download.pytorch.org/whl/cu118/torch-2.0.1%2Bcu118-cp310-cp310-linux_x86_64.whl",
        severity: "critical",
      },
    ]);
  });

  it("matches requirement names case- and separator-insensitively (PEP 503)", async () => {
    const { reports } = await run("requirements.txt", "PyYAML==5.1\npy_yaml==9\nPILLOW==8.4.0\n");
    expect(reports.map((r) => r.data?.package)).toEqual(["pyyaml", "pillow"]);
  });

  it("reports unpinned requirements and == *", async () => {
    const text = "numpy\nscipy==*\nflask>=2.0\npandas[performance]\n";
    const src = textSource("requirements-dev.txt", text);
    const { reports } = await runDetector(detector, src, { options: { advisoryDb: TEST_DB } });
    expect(located(src, reports)).toEqual([
      { rule: "dependencies/unpinned", text: "numpy" },
      { rule: "dependencies/unpinned", text: "scipy==*" },
      { rule: "dependencies/unpinned", text: "pandas[performance]" },
    ]);
  });

  it("skips templated requirements and unparseable lines without failing", async () => {
    const { reports, incompletes } = await run("requirements.txt", "${PKG}==1.0\n!!!\ntorch===2.5.1\n");
    expect(incompletes).toEqual([]);
    expect(reports.map((r) => r.data?.version)).toEqual(["2.5.1"]);
  });

  it("ignores files that are not manifests", async () => {
    const { reports } = await run("notes.txt", "torch==1.0.0\n");
    expect(reports).toEqual([]);
  });
});
