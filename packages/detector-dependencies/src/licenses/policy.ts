/** Strong copyleft families reported by default, compared without -only/-or-later (see spdx.ts matchesEntry). */
export const DEFAULT_COPYLEFT: readonly string[] = ["AGPL-1.0", "AGPL-3.0", "GPL-1.0", "GPL-2.0", "GPL-3.0"];
