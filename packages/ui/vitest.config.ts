import { sourceConditions } from "../../tools/vitest-conditions.js";
import { defineProject } from "vitest/config";

export default defineProject(sourceConditions({ test: { include: ["test/**/*.test.ts", "src/**/*.test.ts"] } }));
