import { atLeast } from "@watchtower/types";
import { expect, test } from "vitest";
import { scan } from "./scan.js";
import { LOOKALIKES } from "./lookalikes.js";

test.each(LOOKALIKES.map((l) => [l.category, l] as const))("lookalike: %s is never reported at medium or above", async (_c, l) => {
  const found = await scan(l.input());
  expect(found.filter((f) => atLeast(f.severity, "medium")).map((f) => `${f.rule} ${f.severity} ${f.secret}`)).toEqual([]);
});
