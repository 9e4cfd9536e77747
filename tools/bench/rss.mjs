// Preloaded with `node --import` by the benchmark: records peak resident memory (KiB) at exit.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.WT_RSS_FILE) writeFileSync(process.env.WT_RSS_FILE, String(process.resourceUsage().maxRSS));
});
