/**
 * @watchtower/detector-pii: personal data in notebook outputs, data files and code, validated
 * (Luhn, mod-97, SSN rules, libphonenumber, IP ranges) and read in context (DataFrame columns,
 * CSV headers, dict keys, `Label: value`). Everything heavy loads on the first scan.
 */
import type { Detector } from "@watchtower/types";

import { RULE_LIST } from "./rules.js";
import type { PiiOptions } from "./scan.js";

export type { PiiOptions } from "./scan.js";
export { RULES } from "./rules.js";

export const detector: Detector<PiiOptions> = {
  meta: {
    id: "pii",
    accepts: ["text", "notebook"],
    rules: RULE_LIST,
  },
  defaultOptions: {},
  async scan(source, ctx) {
    const { scanSource } = await import("./scan.js");
    await scanSource(source, ctx);
  },
};
