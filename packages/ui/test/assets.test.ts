import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

// @ts-expect-error -- a plain .mjs build script without type declarations
import { ASSET_FILES, renderAssetsModule } from "../scripts/embed-assets.mjs";
import { ASSETS } from "../src/generated/assets.js";

const here = dirname(fileURLToPath(import.meta.url));

describe("embedded assets", () => {
  it("src/generated/assets.ts is in sync with assets/ (run node packages/ui/scripts/embed-assets.mjs)", () => {
    const onDisk = readFileSync(join(here, "..", "src", "generated", "assets.ts"), "utf8");
    expect(onDisk).toBe(renderAssetsModule());
  });

  it("embeds exactly the allow-listed files", () => {
    expect(Object.keys(ASSETS).sort()).toEqual([...(ASSET_FILES as string[])].sort());
  });

  it("the page works under its CSP: no inline script, style or handlers, nothing from other origins", () => {
    const html = ASSETS["index.html"]!;
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual(['<script src="/assets/app.js" defer>']);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]/);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
    expect(ASSETS["app.css"]!).not.toMatch(/url\(|@import/);
    // Requests go to relative paths only (the placeholder text mentions https URLs, requests never do).
    const js = ASSETS["app.js"]!;
    const direct = [...js.matchAll(/(?:fetch|EventSource)\(\s*("[^"]*"|\w+)/g)].map((m) => m[1]);
    const viaApi = [...js.matchAll(/\bapi\("\w+",\s*("[^"]*"|\w+)/g)].map((m) => m[1]);
    expect(direct).toEqual(["path", '"/api/events"']);
    expect(viaApi).toEqual(['"/api/scan"', '"/api/scan/cancel"']);
  });

  it("the script never writes server data as HTML", () => {
    expect(ASSETS["app.js"]!).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });
});
