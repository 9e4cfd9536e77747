/**
 * @watchtower/detector-secrets: credentials in text files, notebook cell sources, every text
 * output and notebook metadata. The rule table (src/rules.ts) is cheap metadata; the pattern
 * tables and the engine load on the first scan, so importing the detector costs nothing.
 */
import type { Detector } from "@watchtower/types";
import { RULES } from "./rules.js";

/** The secrets detector has no options; severities are changed in config like any rule's. */
export type SecretsOptions = Record<string, never>;

export const detector: Detector<SecretsOptions> = {
  meta: {
    id: "secrets",
    accepts: ["text", "notebook"],
    rules: RULES,
  },
  defaultOptions: {},
  async scan(source, ctx) {
    if (source.kind === "binary") return;
    const { scanSource } = await import("./engine.js");
    scanSource(source, ctx);
  },
};

export { RULES } from "./rules.js";
