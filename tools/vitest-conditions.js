// Lets vitest import workspace packages from their TypeScript sources (the "watchtower-source"
// export condition), so unit tests run without building dependencies first.
// coupling: every package.json "exports" entry carries the same condition name.
import { defaultClientConditions, defaultServerConditions } from "vite";

/** @param {import("vitest/config").UserWorkspaceConfig} config */
export function sourceConditions(config) {
  return {
    ...config,
    resolve: { ...config.resolve, conditions: ["watchtower-source", ...defaultClientConditions] },
    ssr: { ...config.ssr, resolve: { conditions: ["watchtower-source", ...defaultServerConditions] } },
  };
}
