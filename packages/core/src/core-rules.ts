/** Rules owned by core itself rather than by a detector. */
import type { RuleMeta } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

export const INCOMPLETE_RULE: RuleMeta = {
  id: "models/incomplete",
  title: "Model file not fully analysed",
  description:
    "A model file could not be parsed completely (corrupt, truncated, unsupported member, or a resource limit), so it cannot be called safe.",
  category: "models",
  defaultSeverity: "high",
  fix: "Re-export the model in a safe format (safetensors), or verify its origin and accept it with --allow-incomplete or a baseline entry.",
  docsUrl: docsUrlFor("core", "models/incomplete"),
  since: "0.1.0",
  standards: {
    cwe: ["CWE-502", "CWE-20"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003"],
    nistAiRmf: ["MEASURE"],
  },
};

export const CORE_RULES: readonly RuleMeta[] = [INCOMPLETE_RULE];
