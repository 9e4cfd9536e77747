import type { ReportDescriptor, Source } from "@watchtower/types";
import type { CompactDb } from "../src/index.js";
import { textAt } from "@watchtower/tester";

/** A small advisory database for deterministic tests (the embedded snapshot is tested separately). */
export const TEST_DB: CompactDb = {
  format: 1,
  snapshot: "2025-01-01",
  sources: ["test"],
  vulns: {
    torch: [
      { id: "GHSA-53q9-r3pm-6pq6", aliases: ["CVE-2025-32434", "PYSEC-2025-41"], severity: "critical", ranges: ["0:2.6.0"], summary: "torch.load with weights_only=True can run code" },
      { id: "GHSA-5pcm-hx3q-hm94", aliases: ["CVE-2024-31580"], severity: "high", score: 7.5, ranges: ["0:2.2.0"], summary: "heap buffer overflow" },
    ],
    pillow: [{ id: "PYSEC-2022-10", aliases: ["CVE-2022-22817"], severity: "critical", score: 9.8, ranges: ["0:9.0.0"], summary: "ImageMath.eval allows arbitrary expressions" }],
    numpy: [{ id: "PYSEC-2019-108", aliases: ["CVE-2019-6446"], severity: "medium", disputed: true, ranges: ["0:1.16.1"], summary: "pickle in numpy.load" }],
    pyyaml: [{ id: "PYSEC-2021-142", aliases: ["CVE-2020-14343"], severity: "critical", ranges: ["0:5.4"], summary: "full_load runs code" }],
    jinja2: [{ id: "GHSA-h5c8-rqwp-cp95", severity: "medium", ranges: ["0:3.1.3"], versions: ["2.0rc1"], summary: "xmlattr injection" }],
    onnx: [{ id: "GHSA-h8wv-9h96-m4hr", severity: "low", ranges: ["0:=1.15.0"], summary: "out-of-bounds read" }],
    mlflow: [{ id: "GHSA-unfixed-test", severity: "high", ranges: ["0:"], summary: "no fix yet" }],
  },
  malicious: {
    deepseeek: [{ id: "MAL-2025-1970", versions: ["0.0.8"], summary: "Malicious code in deepseeek (PyPI)" }],
    pytoch: [{ id: "MAL-2023-2127", ranges: ["0:"], summary: "Malicious code in pytoch (PyPI)" }],
    num2words: [{ id: "MAL-2025-6794", versions: ["0.5.15", "0.5.16"], summary: "Malicious code in num2words (PyPI)" }],
  },
};

export function located(source: Source, reports: readonly ReportDescriptor[]): { rule: string; text: string; severity?: string }[] {
  return reports.map((r) => ({ rule: r.ruleId, text: textAt(source, r.at), ...(r.severity ? { severity: r.severity } : {}) }));
}

export function byRule(reports: readonly ReportDescriptor[], rule: string): ReportDescriptor[] {
  return reports.filter((r) => r.ruleId === rule);
}
