import { describe, expect, it } from "vitest";
import { notebookSource, runDetector, textSource, textAt } from "@watchtower/tester";
import { licensesDetector } from "../src/index.js";
import { licenseOf, parseMetadata } from "../src/licenses/metadata.js";
import { stringify, unavoidable } from "../src/licenses/spdx.js";
import { parseLicense } from "../src/licenses/spdx-parse.js";

const scan = (text: string, run: Parameters<typeof runDetector<typeof licensesDetector.defaultOptions>>[2] = {}) =>
  runDetector(licensesDetector, textSource("requirements.txt", text), run);

describe("licenses/copyleft", () => {
  it("reports strong copyleft dependencies at medium, pointing at the requirement", async () => {
    const text = "numpy==1.26.4\nPyQt5==5.15.10\nultralytics\npymupdf>=1.23\nrequests\n";
    const src = textSource("requirements.txt", text);
    const { reports } = await runDetector(licensesDetector, src);
    expect(reports.map((r) => [textAt(src, r.at), r.data?.license, r.severity])).toEqual([
      ["PyQt5==5.15.10", "GPL-3.0-only", undefined],
      ["ultralytics", "AGPL-3.0-only", undefined],
      ["pymupdf>=1.23", "AGPL-3.0-only", undefined],
    ]);
    expect(reports[0]!.message).toContain("strong copyleft");
  });

  it("never reports permissive or weak-copyleft licences by default", async () => {
    const { reports } = await scan("torch\nscikit-learn\npsycopg2-binary\nchardet\ncertifi\ntqdm\nunknown-internal-lib\n");
    expect(reports).toEqual([]);
  });

  it("keeps licence exceptions in the expression (GPL with the Universal FOSS exception is still GPL)", async () => {
    const { reports } = await scan("mysql-connector-python==8.4.0\n");
    expect(reports[0]?.data?.license).toBe("GPL-2.0-only WITH Universal-FOSS-exception-1.0");
  });

  it("raises denied licences to high and lets the allow list win", async () => {
    const denied = await scan("ultralytics\nPyQt5\n", { options: { deny: ["AGPL-3.0-or-later"] } });
    expect(denied.reports.map((r) => [r.data?.package, r.severity ?? "medium"])).toEqual([
      ["ultralytics", "high"],
      ["pyqt5", "medium"],
    ]);
    const allowed = await scan("ultralytics\nPyQt5\n", { options: { allow: ["GPL-3.0-only"] } });
    expect(allowed.reports.map((r) => r.data?.package)).toEqual(["ultralytics"]);
    const lgpl = await scan("psycopg2\n", { options: { deny: ["LGPL-*"] } });
    expect(lgpl.reports.map((r) => r.severity)).toEqual(["high"]);
  });

  it("prefers installed-package metadata committed to the repository, then the licenses option", async () => {
    const metadata = [
      "Metadata-Version: 2.1",
      "Name: internal_tool",
      "Version: 1.0",
      "Classifier: Programming Language :: Python :: 3",
      "Classifier: License :: OSI Approved :: GNU Affero General Public License v3",
      "",
      "Long description mentioning MIT License.",
    ].join("\n");
    const files = {
      "venv/lib/python3.11/site-packages/internal_tool-1.0.dist-info/METADATA": metadata,
      "venv/lib/python3.11/site-packages/numpy-1.26.4.dist-info/METADATA": "Name: numpy\nLicense-Expression: GPL-3.0-only\n",
    };
    const { reports } = await scan("internal-tool==1.0\nnumpy\nsome-lib\n", { files, options: { licenses: { "Some_Lib": "GPL-2.0-or-later" } } });
    expect(reports.map((r) => [r.data?.package, r.data?.license, r.data?.licenseSource])).toEqual([
      ["internal-tool", "AGPL-3.0-only", "venv/lib/python3.11/site-packages/internal_tool-1.0.dist-info/METADATA"],
      ["numpy", "GPL-3.0-only", "venv/lib/python3.11/site-packages/numpy-1.26.4.dist-info/METADATA"],
      ["some-lib", "GPL-2.0-or-later", "the licenses option"],
    ]);
  });

  it("finds copyleft packages installed from notebooks", async () => {
    const src = notebookSource("nb.ipynb", [{ source: "!pip install -q pymupdf fuzzywuzzy" }]);
    const { reports } = await runDetector(licensesDetector, src);
    expect(reports.map((r) => textAt(src, r.at))).toEqual(["pymupdf", "fuzzywuzzy"]);
  });
});

describe("SPDX handling", () => {
  it("parses free-text licence names", () => {
    expect(stringify(parseLicense("GPLv3")!)).toBe("GPL-3.0-or-later");
    expect(stringify(parseLicense("MIT License")!)).toBe("MIT");
    expect(stringify(parseLicense("MIT or GPL-2.0")!)).toBe("MIT OR GPL-2.0");
    expect(parseLicense("UNKNOWN")).toBeUndefined();
    expect(parseLicense("Proprietary")).toBeUndefined();
  });

  it("treats an OR choice as avoidable and an AND as not", () => {
    const deny = ["GPL-3.0"];
    expect(unavoidable(parseLicense("MIT OR GPL-3.0-only")!, deny, [])).toBeUndefined();
    expect(unavoidable(parseLicense("MIT AND GPL-3.0-only")!, deny, [])).toEqual(["GPL-3.0-only"]);
    expect(unavoidable(parseLicense("GPL-3.0-or-later")!, deny, [])).toEqual(["GPL-3.0-or-later"]);
  });

  it("reads METADATA: License-Expression, short License, licence texts, classifiers", () => {
    expect(licenseOf(parseMetadata("Name: a\nLicense-Expression: AGPL-3.0-or-later\nLicense: MIT\n")!)).toBe("AGPL-3.0-or-later");
    expect(licenseOf(parseMetadata("Name: a\nLicense: BSD-3-Clause\n")!)).toBe("BSD-3-Clause");
    expect(
      licenseOf(parseMetadata("Name: a\nLicense: GNU GENERAL PUBLIC LICENSE\n        Version 3, 29 June 2007\n        Copyright ...\n")!),
    ).toBe("GPL-3.0-only");
    expect(
      licenseOf(
        parseMetadata(
          "Name: a\nLicense: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\nClassifier: License :: OSI Approved :: GNU General Public License v2 (GPLv2)\n",
        )!,
      ),
    ).toBe("MIT OR GPL-2.0-only");
  });
});
