/**
 * Hostile inputs stay linear: repeated keywords, unterminated blocks, huge runs. Each must scan
 * 200–400 KB well within a second even on a loaded machine (quadratic behaviour takes minutes).
 */
import { runDetector, textSource, notebookSource } from "@watchtower/tester";
import { expect, test } from "vitest";
import { detector } from "../src/index.js";

const INPUTS: Record<string, () => string> = {
  "PEM headers without END": () => "-----BEGIN PRIVATE KEY-----\nMIIE\n".repeat(8000),
  "key= on one line": () => "key=".repeat(60_000),
  // a password-shaped value assembled at run time, so this file stays clean under secret scanners
  "password assignments": () => `password = "${["aB3", "xY9", "!qR"].join("$")}"\n`.repeat(6_000),
  "eyJ runs": () => ("eyJ" + "a".repeat(5000) + ".").repeat(60),
  "AKIA soup": () => "AKIA".repeat(80_000),
  "long base64 line": () => "A1b2C3d4+/".repeat(40_000),
  "quotes and keys": () => `"token": "` .repeat(30_000),
  "urls with @": () => "https://a:b@".repeat(30_000),
  "nested dashes": () => "glpat-".repeat(50_000),
  "xox runs": () => "xoxb-1-".repeat(50_000),
};

test.each(Object.keys(INPUTS))("%s is scanned in linear time", async (name) => {
  const text = INPUTS[name]!();
  const start = performance.now();
  await runDetector(detector, textSource("hostile.txt", text));
  await runDetector(detector, notebookSource("hostile.ipynb", [{ source: "print(x)", outputs: [text] }]));
  expect(performance.now() - start).toBeLessThan(5000);
});
