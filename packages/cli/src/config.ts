/**
 * Configuration: `.watchtower.json` at the repository root (or the "watchtower" key of package.json),
 * validated against schemas/config.v1.schema.json. A wrong key or value is a usage error naming the key.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import type { Limits, Severity } from "@watchtower/types";

export interface Config {
  failOn?: Severity;
  allowIncomplete?: boolean;
  detectors?: Record<string, boolean>;
  severity?: Record<string, Severity | "off">;
  ignorePaths?: string[];
  licenses?: { allow?: string[]; deny?: string[] };
  models?: { strict?: boolean };
  limits?: Partial<Limits>;
  baseline?: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface LoadedConfig {
  config: Config;
  /** Where it came from, for messages. */
  from?: string;
}

export async function loadConfig(root: string, explicit?: string): Promise<LoadedConfig> {
  const candidates = explicit ? [explicit] : [join(root, ".watchtower.json")];
  for (const file of candidates) {
    if (!existsSync(file)) {
      if (explicit) throw new UsageError(`config file ${explicit} does not exist`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    return { config: await checked(value, file), from: file };
  }
  const pkg = join(root, "package.json");
  if (existsSync(pkg)) {
    try {
      const value = (JSON.parse(readFileSync(pkg, "utf8")) as { watchtower?: unknown }).watchtower;
      if (value !== undefined) return { config: await checked(value, `${pkg} ("watchtower" key)`), from: pkg };
    } catch (error) {
      if (error instanceof UsageError) throw error;
      // A broken package.json is not ours to judge.
    }
  }
  return { config: {} };
}

async function checked(value: unknown, from: string): Promise<Config> {
  // ajv is loaded only when there is something to validate: start-up matters for a hook.
  const { validate } = await import("@watchtower/report/validate");
  const result = validate("config", value);
  if (!result.valid) throw new UsageError(`invalid configuration in ${from}:\n  ${result.errors.join("\n  ")}`);
  return value as Config;
}
