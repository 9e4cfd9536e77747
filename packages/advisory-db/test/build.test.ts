import { describe, expect, it } from "vitest";
import type { OsvRecord } from "../src/index.js";
import { buildCompactDb, eventsToRanges, oneLine } from "../src/index.js";

const pypi = (name: string, events: object[], versions?: string[]) => ({
  package: { ecosystem: "PyPI", name },
  ranges: [{ type: "ECOSYSTEM", events }],
  ...(versions ? { versions } : {}),
});

describe("eventsToRanges", () => {
  it("pairs introduced/fixed/last_affected after sorting by version", () => {
    expect(eventsToRanges([{ fixed: "1.2" }, { introduced: "0" }, { introduced: "2.0" }, { last_affected: "2.3" }])).toEqual([
      "0:1.2",
      "2.0:=2.3",
    ]);
    expect(eventsToRanges([{ introduced: "1.0" }])).toEqual(["1.0:"]);
    // Overlapping pairs are malformed input; the first closing event wins, nothing is widened.
    expect(eventsToRanges([{ introduced: "0" }, { fixed: "10.0" }, { introduced: "9.0" }, { fixed: "9.5" }])).toEqual(["0:9.5"]);
  });
});

describe("buildCompactDb", () => {
  const records: OsvRecord[] = [
    {
      id: "PYSEC-2025-41",
      modified: "2025-04-20T00:00:00Z",
      aliases: ["CVE-2025-32434"],
      details: "In PyTorch before 2.6.0, torch.load with weights_only=True can run code. More text here.",
      affected: [pypi("torch", [{ introduced: "0" }, { fixed: "2.6.0" }], ["2.5.0", "2.5.1", "2.7.0rc1"])],
    },
    {
      id: "GHSA-53q9-r3pm-6pq6",
      modified: "2025-08-29T00:00:00Z",
      aliases: ["CVE-2025-32434"],
      summary: "PyTorch: torch.load with weights_only=True leads to remote code execution",
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
      affected: [pypi("Torch", [{ introduced: "0" }, { fixed: "2.6.0" }])],
    },
    {
      id: "PYSEC-2019-108",
      modified: "2021-01-01T00:00:00Z",
      details: "** DISPUTED ** numpy.load uses pickle.",
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
      affected: [pypi("numpy", [{ introduced: "0" }, { fixed: "1.16.1" }])],
    },
    {
      id: "PYSEC-2023-73",
      modified: "2023-06-27T00:00:00Z",
      withdrawn: "2023-06-06T10:37:00Z",
      affected: [pypi("redis", [{ introduced: "0" }])],
    },
    {
      id: "GHSA-xxxx-label-only",
      modified: "2024-01-01T00:00:00Z",
      database_specific: { severity: "MODERATE" },
      affected: [pypi("jinja2", [{ introduced: "3.0.0" }, { last_affected: "3.1.4" }])],
    },
    { id: "PYSEC-0000-no-severity", affected: [pypi("flask", [{ introduced: "0" }, { fixed: "1.0" }])] },
    {
      id: "MAL-2025-1970",
      modified: "2026-03-19T00:00:00Z",
      summary: "Malicious code in deepseeek (PyPI)",
      affected: [{ package: { ecosystem: "PyPI", name: "deepseeek" }, versions: ["0.0.8"] }],
    },
    { id: "GHSA-npm-only", affected: [{ package: { ecosystem: "npm", name: "left-pad" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }] }] },
  ];
  const { db, stats } = buildCompactDb(records, { sources: ["test"] });

  it("merges aliased records per package, keeping the GHSA id and its severity", () => {
    expect(db.vulns.torch).toEqual([
      {
        id: "GHSA-53q9-r3pm-6pq6",
        aliases: ["CVE-2025-32434", "PYSEC-2025-41"],
        severity: "critical",
        score: 9.8,
        ranges: ["0:2.6.0"],
        summary: "PyTorch: torch.load with weights_only=True leads to remote code execution",
      },
    ]);
  });

  it("caps disputed advisories at medium and drops withdrawn ones", () => {
    expect(db.vulns.numpy?.[0]).toMatchObject({ severity: "medium", disputed: true, score: 9.8 });
    expect(db.vulns.redis).toBeUndefined();
    expect(stats.withdrawn).toBe(1);
  });

  it("falls back to the database label, then medium", () => {
    expect(db.vulns.jinja2?.[0]).toMatchObject({ severity: "medium", ranges: ["3.0.0:=3.1.4"] });
    expect(db.vulns.flask?.[0]?.severity).toBe("medium");
  });

  it("keeps malware apart and ignores other ecosystems", () => {
    expect(db.malicious.deepseeek).toEqual([{ id: "MAL-2025-1970", versions: ["0.0.8"], summary: "Malicious code in deepseeek (PyPI)" }]);
    expect(db.vulns["left-pad"]).toBeUndefined();
  });

  it("dates the snapshot by the newest record and is deterministic", () => {
    expect(db.snapshot).toBe("2026-03-19");
    expect(JSON.stringify(buildCompactDb([...records].reverse(), { sources: ["test"] }).db)).toBe(JSON.stringify(db));
  });

  it("keeps only listed versions that the ranges do not cover", () => {
    const { db: d } = buildCompactDb(
      [{ id: "PYSEC-1", affected: [pypi("x", [{ introduced: "0" }, { fixed: "2.0" }], ["1.0", "1.5", "3.0.dev1"])] }],
      { sources: [] },
    );
    expect(d.vulns.x?.[0]?.versions).toEqual(["3.0.dev1"]);
  });
});

describe("oneLine", () => {
  it("takes the first sentence and strips the DISPUTED marker", () => {
    expect(oneLine({ id: "x", details: "** DISPUTED ** An issue was discovered in NumPy 1.16.0 and earlier. It uses pickle." })).toBe(
      "An issue was discovered in NumPy 1.16.0 and earlier.",
    );
  });
});
