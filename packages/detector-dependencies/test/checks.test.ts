import { describe, expect, it } from "vitest";
import { runDetector, textSource } from "@watchtower/tester";
import { advisorySnapshot, detector, loadEmbeddedDb } from "../src/index.js";
import type { DependencyOptions } from "../src/index.js";
import { TEST_DB, byRule } from "./helpers.js";

const scan = (text: string, options: DependencyOptions = { advisoryDb: TEST_DB }) =>
  runDetector(detector, textSource("requirements.txt", text), { options });

describe("dependencies/vulnerable", () => {
  it("names the advisory, its aliases and the fixed version, with the advisory's severity", async () => {
    const { reports } = await scan("torch==2.1.0\n");
    expect(reports).toHaveLength(1);
    const r = reports[0]!;
    expect(r.ruleId).toBe("dependencies/vulnerable");
    expect(r.severity).toBe("critical");
    expect(r.message).toContain("GHSA-53q9-r3pm-6pq6 (CVE-2025-32434, PYSEC-2025-41), fixed in 2.6.0");
    expect(r.message).toContain("1 more advisory affects it; 2.6.0 fixes all of them");
    expect(r.evidence).toBe("torch==2.1.0");
    expect(r.data).toMatchObject({
      package: "torch",
      version: "2.1.0",
      advisory: "GHSA-53q9-r3pm-6pq6",
      advisories: ["GHSA-53q9-r3pm-6pq6", "GHSA-5pcm-hx3q-hm94"],
      fixedIn: "2.6.0",
      fixedInAll: "2.6.0",
      advisorySnapshot: "2025-01-01",
    });
    expect(r.data?.aliases).toEqual(expect.arrayContaining(["CVE-2025-32434", "PYSEC-2025-41", "CVE-2024-31580"]));
  });

  it("does not report fixed versions, local version labels of fixed versions, or pre-fix boundaries wrongly", async () => {
    const { reports } = await scan("torch==2.6.0\ntorch==2.6.0+cu124\npillow==9.0.0\npyyaml==5.4\n");
    expect(reports).toEqual([]);
  });

  it("treats a local version label of an affected release as affected", async () => {
    const { reports } = await scan("torch==2.5.1+cu121\n");
    expect(reports.map((r) => r.data?.advisory)).toEqual(["GHSA-53q9-r3pm-6pq6"]);
  });

  it("reports a range that only admits affected versions", async () => {
    const { reports } = await scan("Pillow>=8.0,<9\ntorch~=2.1.0\ntorch<2.0\n");
    expect(reports.map((r) => [r.data?.range, r.severity])).toEqual([
      [">=8.0,<9", "critical"],
      ["~=2.1.0", "critical"],
      ["<2.0", "critical"],
    ]);
    expect(reports[0]!.message).toMatch(/^Every version Pillow>=8.0,<9 allows is affected by PYSEC-2022-10/);
  });

  it("does not report ranges that admit a fixed release or have no upper bound", async () => {
    const { reports } = await scan("Pillow>=8.0,<10\ntorch>=2.0\nmlflow>=2.0\ntorch!=2.0.0\n");
    expect(byRule(reports, "dependencies/vulnerable")).toEqual([]);
  });

  it("caps disputed advisories (and marks them)", async () => {
    const { reports } = await scan("numpy==1.16.0\n");
    expect(reports[0]).toMatchObject({ severity: "medium", data: { disputed: true } });
  });

  it("honours last_affected (inclusive) ranges and unfixed advisories", async () => {
    const { reports } = await scan("onnx==1.15.0\nonnx==1.15.1\nmlflow==2.9.0\n");
    expect(reports.map((r) => [r.data?.version, r.severity])).toEqual([
      ["1.15.0", "low"],
      ["2.9.0", "high"],
    ]);
    expect(reports[1]!.message).toContain("with no fixed release");
    expect(reports[1]!.fix).toContain("no fixed release");
  });

  it("matches explicitly listed versions", async () => {
    const db = { ...TEST_DB, vulns: { demo: [{ id: "PYSEC-0000-1", severity: "high" as const, versions: ["1.0.post1"] }] } };
    const { reports } = await scan("demo==1.0.post1\ndemo==1.0\n", { advisoryDb: db });
    expect(reports.map((r) => r.data?.version)).toEqual(["1.0.post1"]);
  });

  it("ignores advisories listed in ignoreAdvisories (by id or alias)", async () => {
    const { reports } = await scan("torch==2.1.0\npyyaml==5.3\n", {
      advisoryDb: TEST_DB,
      ignoreAdvisories: ["GHSA-53q9-r3pm-6pq6", "cve-2024-31580", "PYSEC-2021-142"],
    });
    expect(reports).toEqual([]);
  });

  it("falls back to the embedded snapshot (with a note) when advisoryDb is not a database", async () => {
    const { reports, notes } = await scan("torch==1.13.0\n", { advisoryDb: { format: 99 } as never });
    expect(notes.join()).toContain("advisoryDb");
    expect(reports[0]?.ruleId).toBe("dependencies/vulnerable");
  });
});

describe("embedded advisory snapshot", () => {
  it("states its snapshot date without loading the data", () => {
    expect(advisorySnapshot()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("knows the torch.load advisory and the PYSEC records", async () => {
    const db = await loadEmbeddedDb();
    expect(db.snapshot).toBe(advisorySnapshot());
    const { reports } = await scan("torch==1.13.0\ntorch==2.5.1\ntensorflow==2.4.0\n", {});
    expect(reports).toHaveLength(3);
    expect(reports[1]!.data?.advisory).toBe("GHSA-53q9-r3pm-6pq6");
    expect(reports.every((r) => r.ruleId === "dependencies/vulnerable")).toBe(true);
  });

  it("reports nothing for current releases of popular packages", async () => {
    const { reports } = await scan("torch==2.8.0\ntransformers==4.53.0\nnumpy==2.1.0\nrequests==2.32.4\njinja2==3.1.6\n", {});
    expect(reports).toEqual([]);
  });
});

describe("dependencies/malicious", () => {
  it("is critical for a catalogued malicious package, pinned or not", async () => {
    const { reports } = await scan("deepseeek\npytoch==1.0\ndeepseeek==0.0.8\n");
    expect(reports.map((r) => [r.ruleId, r.severity ?? "critical", r.data?.advisory])).toEqual([
      ["dependencies/malicious", "critical", "MAL-2025-1970"],
      ["dependencies/malicious", "critical", "MAL-2023-2127"],
      ["dependencies/malicious", "critical", "MAL-2025-1970"],
    ]);
  });

  it("only flags the compromised releases of a legitimate package", async () => {
    const { reports } = await scan("num2words==0.5.15\nnum2words==0.5.14\nnum2words>=0.5\n");
    expect(byRule(reports, "dependencies/malicious").map((r) => r.evidence)).toEqual(["num2words==0.5.15"]);
  });

  it("does not apply PyPI malware data to conda packages", async () => {
    const { reports } = await runDetector(detector, textSource("environment.yml", "dependencies:\n  - pytoch=1.0\n"), {
      options: { advisoryDb: TEST_DB },
    });
    expect(byRule(reports, "dependencies/malicious")).toEqual([]);
  });
});

describe("dependencies/typosquat", () => {
  it("flags one-slip names of popular ML packages at low", async () => {
    const { reports } = await scan("transfomers==4.30.0\nnumpyy==1.0\ntensorfow==2.0\nscikit-lean==1.0\nmatplotllib==3.0\n");
    expect(byRule(reports, "dependencies/typosquat").map((r) => [r.data?.package, r.data?.similarTo])).toEqual([
      ["transfomers", "transformers"],
      ["numpyy", "numpy"],
      ["tensorfow", "tensorflow"],
      ["scikit-lean", "scikit-learn"],
      ["matplotllib", "matplotlib"],
    ]);
    expect(byRule(reports, "dependencies/typosquat").every((r) => r.severity === undefined)).toBe(true);
  });

  it("leaves real projects, short names, variants and allowed names alone", async () => {
    const { reports } = await runDetector(
      detector,
      textSource("requirements.txt", "scapy==2.5\nsimpy==4.0\ntorchx==0.7\nattr==0.3\njax==0.4\ntorch2==1.0\npandas2==1.0\nmy-numpyy==1\nnumpyy==1\n"),
      { options: { advisoryDb: TEST_DB, allowNames: ["numpyy"] } },
    );
    expect(byRule(reports, "dependencies/typosquat")).toEqual([]);
  });

  it("reports placeholder names that fail on install at info, without an unpinned finding", async () => {
    const { reports } = await scan("sklearn\npytorch==1.0.2\n");
    expect(reports.map((r) => [r.ruleId, r.severity, r.data?.meant])).toEqual([
      ["dependencies/typosquat", "info", "scikit-learn"],
      ["dependencies/typosquat", "info", "torch"],
    ]);
  });
});

describe("dependencies/unpinned", () => {
  it("accepts a VCS URL pinned to a full commit and reports branches and tags", async () => {
    const { reports } = await scan(
      [
        "git+https://github.com/a/b.git@0123456789abcdef0123456789abcdef01234567",
        "git+https://github.com/a/c.git@v1.0",
        "git+https://github.com/a/d.git@0123456",
      ].join("\n"),
    );
    expect(reports.map((r) => r.data?.reason)).toEqual(["vcs-movable-ref", "vcs-movable-ref"]);
  });

  it("can be switched off", async () => {
    const { reports } = await scan("numpy\n", { advisoryDb: TEST_DB, reportUnpinned: false });
    expect(reports).toEqual([]);
  });

  it("does not report build requirements", async () => {
    const { reports } = await runDetector(detector, textSource("pyproject.toml", '[build-system]\nrequires = ["setuptools", "wheel"]\n'), {
      options: { advisoryDb: TEST_DB },
    });
    expect(reports).toEqual([]);
  });
});

describe("advisory database injection", () => {
  it("calls loadAdvisoryDb only when there are requirements, and uses what it returns", async () => {
    let calls = 0;
    const loadAdvisoryDb = async () => {
      calls++;
      return TEST_DB;
    };
    await runDetector(detector, textSource("README.md", "torch==1.0"), { options: { loadAdvisoryDb } });
    await runDetector(detector, textSource("requirements.txt", "# nothing\n"), { options: { loadAdvisoryDb } });
    expect(calls).toBe(0);
    const { reports } = await runDetector(detector, textSource("requirements.txt", "mlflow==2.9.0\n"), { options: { loadAdvisoryDb } });
    expect(calls).toBe(1);
    expect(reports[0]?.data?.advisory).toBe("GHSA-unfixed-test");
  });

  it("falls back to the embedded snapshot when the loader fails or finds nothing", async () => {
    const failing = await runDetector(detector, textSource("requirements.txt", "torch==1.13.0\n"), {
      options: { loadAdvisoryDb: () => Promise.reject(new Error("disk on fire")) },
    });
    expect(failing.notes.join()).toContain("disk on fire");
    expect(failing.reports[0]?.data?.advisorySnapshot).toBe(advisorySnapshot());
    const empty = await runDetector(detector, textSource("requirements.txt", "torch==1.13.0\n"), {
      options: { loadAdvisoryDb: async () => undefined },
    });
    expect(empty.reports[0]?.data?.advisorySnapshot).toBe(advisorySnapshot());
  });
});
