// Dotenv files hold configuration secrets under any name: a random value counts there without
// credential words; ids, hashes, paths and URLs under names that say so do not.
import { runDetector, textAt, textSource } from "@watchtower/tester";
import { expect, test } from "vitest";

import { detector } from "../src/index.js";
import { ALNUM, B64, HEX, rand } from "./fake.js";

test("a random value under a plain name in .env is medium; ids, hashes and words are not reported", async () => {
  const secret = rand(B64, 40);
  const opaque = rand(ALNUM, 32);
  const body = [
    "# local settings",
    `MIMI=${secret}`,
    `export SERVICE_2="${opaque}"`,
    `RUN_ID=${rand(ALNUM, 24)}`,
    `GIT_SHA=${rand(HEX, 40)}`,
    "MODEL_NAME=meta-llama/Llama-3.1-8B-Instruct",
    "DATA_DIR=/mnt/datasets/imagenet/train_2024_shards",
    "GREETING=hello_world_this_is_a_long_identifier",
  ].join("\n");
  for (const name of [".env", "config.env", ".env.local", ".envrc"]) {
    const source = textSource(name, body);
    const rec = await runDetector(detector, source);
    expect(rec.reports.map((r) => [r.ruleId, r.severity, textAt(source, r.at)])).toEqual([
      ["secrets/high-entropy-string", "medium", secret],
      ["secrets/high-entropy-string", "medium", opaque],
    ]);
  }
  // The same lines in a file that is not a dotenv file need credential words.
  expect((await runDetector(detector, textSource("settings.txt", body))).reports).toEqual([]);
});
