/**
 * Advisory data for the dependencies detector: the user cache written by
 * `watchtower-hook advisories update` when present, else the snapshot embedded in the detector.
 * Everything here loads lazily: a commit without dependency manifests never reads either.
 */
import type * as AdvisoryDb from "@watchtower/advisory-db";
import type { Io, RunResult } from "./cli.js";
import { UsageError } from "./config.js";

type CompactDb = Awaited<ReturnType<typeof AdvisoryDb.loadCachedDb>>;

export interface LicenseConfig {
  allow?: string[];
  deny?: string[];
}

function cacheDirOf(env: Record<string, string | undefined>): Promise<string> {
  return import("@watchtower/advisory-db").then((m) => m.defaultCacheDir(env as NodeJS.ProcessEnv));
}

/**
 * Per-detector options built from plain data, so worker threads can rebuild them (functions do not
 * cross thread boundaries).
 */
export function detectorOptionsFor(env: Record<string, string | undefined>, licenses?: LicenseConfig): Record<string, object> {
  let cached: Promise<CompactDb> | undefined;
  const options: Record<string, object> = {
    dependencies: {
      loadAdvisoryDb: () =>
        (cached ??= import("@watchtower/advisory-db").then(async (m) => m.loadCachedDb(await cacheDirOf(env)))),
    },
  };
  if (licenses) options.licenses = { ...(licenses.allow ? { allow: licenses.allow } : {}), ...(licenses.deny ? { deny: licenses.deny } : {}) };
  return options;
}

/** What the report says about the advisory data that was used. */
export async function advisoryInfo(env: Record<string, string | undefined>): Promise<{ snapshotDate: string; source: string }> {
  const m = await import("@watchtower/advisory-db");
  const cached = await m.loadCachedDb(await cacheDirOf(env));
  if (cached) return { snapshotDate: cached.snapshot, source: "user cache (watchtower-hook advisories update)" };
  return { snapshotDate: m.advisorySnapshot(), source: "embedded snapshot" };
}

/** `watchtower-hook advisories update [--url URL]` */
export async function advisoriesCommand(argv: readonly string[], io: Io): Promise<RunResult> {
  if (argv[0] !== "update") throw new UsageError('usage: watchtower-hook advisories update [--url URL]');
  const urlIndex = argv.indexOf("--url");
  const url = urlIndex >= 0 ? argv[urlIndex + 1] : io.env.WATCHTOWER_OSV_URL;
  if (urlIndex >= 0 && !url) throw new UsageError("--url needs a value");
  const m = await import("@watchtower/advisory-db");
  const cacheDir = m.defaultCacheDir(io.env as NodeJS.ProcessEnv);
  try {
    const result = await m.updateAdvisoryDb({ cacheDir, ...(url ? { url } : {}) });
    return {
      exitCode: 0,
      stdout: `advisory database updated: snapshot ${result.snapshot}, ${(result.downloadedBytes / 1048576).toFixed(1)} MB downloaded\n  ${JSON.stringify(result.stats)}\n  written to ${result.path}\n`,
      stderr: "",
    };
  } catch (error) {
    // Offline or a bad export: the embedded snapshot keeps working; say so and exit 2.
    throw new UsageError(`advisories update failed: ${(error as Error).message} (the embedded snapshot stays in use)`);
  }
}
