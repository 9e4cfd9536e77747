/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core. Checks that the
 * page renders, filters, runs no injected script, loads nothing from the network and shows no CSP
 * violation; writes a screenshot to test/__screenshots__/report.png.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inflateSync } from "node:zlib";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatHtml } from "../src/html.js";
import { hostileReport, manyFindingsReport, RULES, sampleReport, XSS } from "./fixtures/sample-report.js";

const CHROMIUM = "/usr/bin/chromium";
const here = dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = join(here, "__screenshots__", "report.png");
const hasChromium = existsSync(CHROMIUM);

/** Filtered scanlines of a PNG (enough to tell where two renderings differ). */
function pngRows(png: Buffer): { width: number; height: number; rows: Buffer[] } {
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let p = 8; p + 8 <= png.length; ) {
    const length = png.readUInt32BE(p);
    const type = png.toString("latin1", p + 4, p + 8);
    const data = png.subarray(p + 8, p + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    } else if (type === "IDAT") idat.push(data);
    p += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = raw.length / height;
  return { width, height, rows: Array.from({ length: height }, (_, y) => raw.subarray(y * stride, (y + 1) * stride)) };
}

/**
 * Writes the screenshot unless the committed one differs only by rendering noise (a few
 * anti-aliased pixels move between runs), so running the tests does not dirty the work tree.
 */
function saveScreenshot(png: Buffer): void {
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  if (existsSync(SCREENSHOT)) {
    const before = pngRows(readFileSync(SCREENSHOT));
    const now = pngRows(png);
    if (before.width === now.width && before.height === now.height) {
      const changed = now.rows.filter((row, y) => !row.equals(before.rows[y]!)).length;
      if (changed <= now.height / 100) return;
    }
  }
  writeFileSync(SCREENSHOT, png);
}

if (!hasChromium) console.warn(`html.browser.test: skipped, ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!hasChromium)(`HTML report in chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    dir = mkdtempSync(join(tmpdir(), "wt-html-"));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `html` from a file:// URL, recording every request, console error and page error. */
  async function open(name: string, html: string, viewport = { width: 1100, height: 900 }) {
    const file = join(dir, name);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport, colorScheme: "light" });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(url, { waitUntil: "load" });
    return { page, url, requests, problems };
  }

  const visibleRows = (page: Page) => page.locator("#wt-list > .f:not([hidden])").count();
  const visibleSeverities = (page: Page) =>
    page.$$eval("#wt-list > .f:not([hidden])", (els) => [...new Set(els.map((e) => e.getAttribute("data-sev")))].sort());

  it("renders the summary and findings, filters them, and loads nothing from the network", async () => {
    const report = sampleReport();
    const { page, url, requests, problems } = await open("report.html", formatHtml(report, RULES), { width: 1100, height: 1250 });

    await expect(page.title()).resolves.toBe("watchtower-hook: FAIL · .");
    expect(await page.locator("#wt-verdict").innerText()).toContain("FAIL: 5 findings block this scan");
    expect(await page.locator('#summary button[data-only="critical"] .n').innerText()).toBe("3");
    expect(await page.locator("#wt-by-category tbody tr").count()).toBe(6);
    expect(await page.locator("#wt-by-kind tbody tr").count()).toBe(5);

    // Suppressed findings are hidden until asked for.
    const active = report.findings.filter((f) => !f.suppressed).length;
    expect(await visibleRows(page)).toBe(active);
    expect(await page.locator("#wt-count").innerText()).toBe(`${active} of ${report.findings.length} shown`);
    await page.locator("#wt-sup").check();
    expect(await visibleRows(page)).toBe(report.findings.length);
    await page.locator("#wt-sup").uncheck();

    // Severity checkboxes.
    expect(await visibleSeverities(page)).toEqual(["critical", "high", "info", "medium"]);
    await page.locator('input[data-sev-filter][value="critical"]').uncheck();
    await page.locator('input[data-sev-filter][value="info"]').uncheck();
    expect(await visibleSeverities(page)).toEqual(["high", "medium"]);
    expect(await visibleRows(page)).toBe(4);
    await page.locator('input[data-sev-filter][value="critical"]').check();
    await page.locator('input[data-sev-filter][value="info"]').check();

    // A severity card shows only that severity; a second click shows all again.
    await page.locator('#summary button[data-only="critical"]').click();
    expect(await visibleSeverities(page)).toEqual(["critical"]);
    expect(await visibleRows(page)).toBe(3);
    await page.locator('#summary button[data-only="critical"]').click();
    expect(await visibleRows(page)).toBe(active);

    // Category and free-text search (path, rule, cell id).
    await page.locator("#wt-cat").selectOption("models");
    expect(await visibleRows(page)).toBe(2);
    await page.locator("#wt-cat").selectOption("");
    await page.locator("#wt-q").fill("load model.py");
    await page.locator("#wt-q").press("Enter");
    expect(await page.locator("#wt-list > .f:not([hidden]) .path").allInnerTexts()).toEqual(["src/load model.py"]);
    await page.locator("#wt-q").fill("no such thing");
    await page.locator("#wt-q").press("Enter");
    expect(await visibleRows(page)).toBe(0);
    await expect(page.locator("#wt-empty").isVisible()).resolves.toBe(true);
    await page.locator("#wt-q").fill("");
    await page.locator("#wt-q").press("Enter");

    // Expand a finding: its location, fix and standards are there.
    const aws = page.locator('#wt-list > .f[data-cat="secrets"]:not([hidden])').first();
    await aws.locator("summary").click();
    const body = await aws.locator(".body").innerText();
    expect(body).toContain("AWS_ACCESS_KEY_ID=AKIA…(20)");
    expect(body).toContain("id a1 · code cell · MIME text/plain · .ipynb JSON line 120");
    expect(body).toContain("Remove it, clear the cell output and rotate the key.");
    expect(body).toContain("CWE-798 · OWASP A07:2021 · ATLAS AML.T0055 · NIST AI RMF MANAGE");

    // The scan log is collapsible: incomplete files open, skipped closed.
    expect(await page.locator("#wt-incomplete").getAttribute("open")).toBe("");
    await expect(page.locator("#wt-skipped td").first().isVisible()).resolves.toBe(false);
    await page.locator("#wt-skipped > summary").click();
    await expect(page.locator("#wt-skipped td").first().isVisible()).resolves.toBe(true);

    // Screenshot of the filtered state (high and above), top of the page.
    await page.locator('input[data-sev-filter][value="medium"]').uncheck();
    await page.locator('input[data-sev-filter][value="info"]').uncheck();
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    const png = await page.screenshot({ fullPage: false, animations: "disabled", caret: "hide" });
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    // The page is drawn, not blank: most scanlines differ from their neighbour's filtered bytes.
    const shot = pngRows(png);
    expect([shot.width, shot.height]).toEqual([1100, 1250]);
    expect(new Set(shot.rows.map((r) => r.toString("base64"))).size).toBeGreaterThan(shot.height / 4);
    saveScreenshot(png);

    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it("runs no script or markup from the report's strings", async () => {
    const { page, url, requests, problems } = await open("hostile.html", formatHtml(hostileReport(), RULES));
    await page.locator("#wt-sup").check();
    await page.locator("#wt-expand").click();
    await page.locator("details.log").evaluateAll((els) => els.forEach((e) => ((e as HTMLDetailsElement).open = true)));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("img, svg, iframe").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1);
    const text = await page.locator("body").innerText();
    for (const s of [XSS.path, XSS.excerpt, XSS.message, XSS.reason]) expect(text).toContain(s);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it("stays responsive with 2,000 findings", async () => {
    const { page, problems } = await open("big.html", formatHtml(manyFindingsReport(2000), RULES));
    expect(await visibleRows(page)).toBe(2000);
    // Time the filter itself in the page (script + style + layout), without the driver's round trips.
    const ms = await page.evaluate(() => {
      const t = performance.now();
      (document.querySelector('#summary button[data-only="critical"]') as HTMLButtonElement).click();
      void document.body.offsetHeight;
      (document.querySelector('#summary button[data-only="critical"]') as HTMLButtonElement).click();
      void document.body.offsetHeight;
      return performance.now() - t;
    });
    // Hiding then showing 1,750 rows takes well under a second (list items instead of plain rows
    // made this take minutes); generous bound for a loaded machine.
    expect(ms).toBeLessThan(3000);
    await page.locator('#summary button[data-only="critical"]').click();
    expect(await visibleRows(page)).toBe(250);
    await page.locator("#wt-q").fill("batch-7.ipynb");
    await page.locator("#wt-q").press("Enter");
    expect(await visibleRows(page)).toBe(6);
    expect(await page.locator("#wt-count").innerText()).toBe("6 of 2000 shown");
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});
