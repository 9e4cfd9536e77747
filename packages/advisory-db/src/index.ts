export { buildCompactDb, eventsToRanges, isDisputed, oneLine } from "./build.js";
export type { BuildOptions, BuildStats } from "./build.js";
export { cvss2BaseScore, cvss3BaseScore, severityOfLabel, severityOfScore } from "./cvss.js";
export type { OsvAffected, OsvEvent, OsvRange, OsvRecord, OsvSeverity } from "./osv.js";
export { isOsvRecord } from "./osv.js";
export {
  CACHE_FILE,
  OSV_PYPI_URL,
  cachedDbPath,
  defaultCacheDir,
  loadCachedDb,
  readOsvZip,
  updateAdvisoryDb,
} from "./update.js";
export type { UpdateOptions, UpdateResult } from "./update.js";
// Re-exported so the CLI can name the embedded snapshot without importing a detector directly.
export { advisorySnapshot } from "@watchtower/detector-dependencies";
