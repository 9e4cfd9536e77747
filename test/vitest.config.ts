import { defineConfig } from "vitest/config";

import { sourceConditions } from "../tools/vitest-conditions.js";

// End-to-end and repository-wide tests. They spawn the bundled bin (dist-bundle/, built by
// `npm run bundle`, which `npm test` runs first) in temporary git repositories.
export default defineConfig(
  sourceConditions({
    test: {
      include: ["test/**/*.test.ts"],
      root: new URL("..", import.meta.url).pathname,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      pool: "forks",
    },
  }),
);
