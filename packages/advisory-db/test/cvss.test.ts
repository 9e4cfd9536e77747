import { describe, expect, it } from "vitest";
import { cvss2BaseScore, cvss3BaseScore, severityOfLabel, severityOfScore } from "../src/index.js";

describe("CVSS v3 base score", () => {
  it.each([
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8],
    ["CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", 9.0],
    ["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L", 3.3],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5],
    ["CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8],
    ["CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:C/C:N/I:N/A:L", 3.4],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0],
    ["CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C", 8.1],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
  ])("%s → %s", (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });

  it("rejects incomplete or foreign vectors", () => {
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L")).toBeUndefined();
    expect(cvss3BaseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")).toBeUndefined();
  });
});

describe("CVSS v2 base score", () => {
  it.each([
    ["AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5],
    ["AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3],
    ["AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0],
  ])("%s → %s", (vector, score) => {
    expect(cvss2BaseScore(vector)).toBe(score);
  });
});

describe("severity", () => {
  it("uses the policy thresholds", () => {
    expect([9, 8.9, 7, 6.9, 4, 3.9, 0].map(severityOfScore)).toEqual(["critical", "high", "high", "medium", "medium", "low", "low"]);
  });
  it("maps GitHub labels", () => {
    expect(["CRITICAL", "HIGH", "MODERATE", "LOW", "?"].map(severityOfLabel)).toEqual(["critical", "high", "medium", "low", undefined]);
  });
});
