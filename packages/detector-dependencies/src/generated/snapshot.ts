// generated — do not edit; run `node tools/advisories/build-embedded-db.mjs` (see tools/advisories/README.md).
export const EMBEDDED_SNAPSHOT = "2024-10-10";
