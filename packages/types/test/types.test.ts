import { describe, expect, it } from "vitest";

import { atLeast, DEFAULT_LIMITS, docsUrlFor, SEVERITIES, severityRank } from "../src/index.js";

describe("severities", () => {
  it("are ordered info < low < medium < high < critical", () => {
    expect(SEVERITIES.map(severityRank)).toEqual([0, 1, 2, 3, 4]);
    expect(atLeast("critical", "high")).toBe(true);
    expect(atLeast("high", "high")).toBe(true);
    expect(atLeast("medium", "high")).toBe(false);
  });
});

describe("docsUrlFor", () => {
  it("builds GitHub's README anchor for a rule heading", () => {
    expect(docsUrlFor("detector-secrets", "secrets/aws-access-key-id")).toBe(
      "https://github.com/watchtower-hook/watchtower-hook/blob/main/packages/detector-secrets/README.md#secretsaws-access-key-id",
    );
  });
});

describe("DEFAULT_LIMITS", () => {
  it("are positive and leave room for real models", () => {
    for (const v of Object.values(DEFAULT_LIMITS)) expect(v).toBeGreaterThan(0);
    expect(DEFAULT_LIMITS.maxFileBytes).toBeGreaterThanOrEqual(256 * 1024 * 1024);
  });
});
