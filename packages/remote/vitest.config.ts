import { sourceConditions } from "../../tools/vitest-conditions.js";
import { defineProject } from "vitest/config";

const base = sourceConditions({ test: { include: ["test/**/*.test.ts", "src/**/*.test.ts"], testTimeout: 20_000, hookTimeout: 20_000 } });

// The AWS SDK's packages list "module" (extensionless ES modules meant for bundlers) before "node"
// in their exports; Node itself would pick "node" (CommonJS). Resolve the way Node does.
export default defineProject({
  ...base,
  ssr: { ...base.ssr, resolve: { conditions: ["watchtower-source", "node", "development|production"] } },
});
