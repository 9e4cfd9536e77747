import type { UserWorkspaceConfig } from "vitest/config";
export declare function sourceConditions<T extends UserWorkspaceConfig>(config: T): T;
