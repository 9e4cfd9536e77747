import { describe, expect, it } from "vitest";
import { CASES } from "./cases.js";
import { scanNb, scanPy, sorted } from "./helpers.js";

describe.each(Object.entries(CASES))("%s", (_rule, { positive, negative }) => {
  for (const c of [...positive, ...negative]) {
    it(c.name, async () => {
      const scan = typeof c.code === "string" ? await scanPy(c.code) : await scanNb(c.code);
      expect(scan.found).toEqual(sorted(c.expect));
    });
  }
});
