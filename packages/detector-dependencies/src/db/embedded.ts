/**
 * The embedded advisory snapshot, loaded on first use only: a commit touching no manifest never parses it.
 */
import type { CompactDb } from "./format.js";
import { EMBEDDED_SNAPSHOT } from "../generated/snapshot.js";

let cached: Promise<CompactDb> | undefined;

/** Parses the embedded database once (dynamic import keeps the 1–2 MB string out of module load). */
export function loadEmbeddedDb(): Promise<CompactDb> {
  cached ??= import("../generated/advisory-db.js").then((m) => JSON.parse(m.ADVISORY_DB_JSON) as CompactDb);
  return cached;
}

/** Date (YYYY-MM-DD) of the embedded advisory data, without loading it. */
export function advisorySnapshot(): string {
  return EMBEDDED_SNAPSHOT;
}
