// generated — do not edit; run `node tools/advisories/build-license-table.mjs`.
export const LICENSE_TABLE: Readonly<Record<string, string>> = {};
