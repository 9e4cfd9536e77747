/** coupling: packages/cli/package.json "version" and the root package.json "version" (checked by a test). */
export const VERSION = "0.1.0";
