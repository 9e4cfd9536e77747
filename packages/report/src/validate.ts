/**
 * Validates JSON against the published schemas in `schemas/` (the contract; types follow it).
 * The schema directory is found by walking up from this module, so it works from src, dist and the
 * bundled CLI alike.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

export const SCHEMA_FILES = {
  report: "report.v1.schema.json",
  finding: "finding.v1.schema.json",
  baseline: "baseline.v1.schema.json",
  config: "config.v1.schema.json",
} as const;
export type SchemaName = keyof typeof SCHEMA_FILES;

export function findSchemaDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, "schemas", SCHEMA_FILES.report))) return join(dir, "schemas");
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`schemas/ not found above ${from}`);
}

let ajvInstance: { ajv: Ajv; ids: Map<SchemaName, string> } | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/** Every schema is registered (they $ref each other) but compiled only when first used. */
function validator(name: SchemaName): ValidateFunction {
  const hit = compiled.get(name);
  if (hit) return hit;
  if (!ajvInstance) {
    const dir = findSchemaDir();
    const ajv = new Ajv({ allErrors: true, strict: true });
    // ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
    const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const ids = new Map<SchemaName, string>();
    for (const [schemaName, file] of Object.entries(SCHEMA_FILES) as [SchemaName, string][]) {
      const schema = JSON.parse(readFileSync(join(dir, file), "utf8")) as { $id: string };
      ajv.addSchema(schema);
      ids.set(schemaName, schema.$id);
    }
    ajvInstance = { ajv, ids };
  }
  const fn = ajvInstance.ajv.getSchema(ajvInstance.ids.get(name)!)!;
  compiled.set(name, fn);
  return fn;
}

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || "(root)";
  if (e.keyword === "additionalProperties") return `${where}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === "enum") return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return `${where}: ${e.message ?? e.keyword}`;
}

export function validate(name: SchemaName, value: unknown): ValidationResult {
  const fn = validator(name);
  const valid = fn(value) as boolean;
  return { valid, errors: valid ? [] : (fn.errors ?? []).map(describe) };
}
