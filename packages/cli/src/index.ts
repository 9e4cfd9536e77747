export { run, type Io, type RunResult } from "./cli.js";
export { VERSION } from "./version.js";
