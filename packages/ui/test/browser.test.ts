/**
 * The UI in a real browser: Debian's chromium driven by playwright-core. Opens the tokened URL,
 * scans the examples (through the fixture-backed fake scan function), watches progress, filters the
 * findings by severity in the embedded report, downloads the JSON report and validates it, and
 * checks that a page on another local port cannot start a scan. Writes a screenshot.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { validate } from "@watchtower/report/validate";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startUi } from "../src/index.js";
import type { UiServer } from "../src/types.js";
import { examplesReport, fakeScan, type FakeScan } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const here = dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = join(here, "__screenshots__", "ui.png");
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) console.warn(`browser.test: skipped, ${CHROMIUM} is not installed (apt-get install chromium)`);

// Generous limits: chromium shares the machine with other test runs.
const POLL = { timeout: 10_000 };

describe.skipIf(!hasChromium)(`the UI in chromium (${CHROMIUM})`, { timeout: 30_000 }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ui: UiServer;
  let fake: FakeScan;
  const pace = { stepMs: 120 };
  let dir: string;
  const problems: string[] = [];
  const external: string[] = [];

  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    // Slow enough to see the progress, fast enough for the test budget.
    fake = fakeScan(pace);
    ui = await startUi({ scan: fake.scan });
    dir = mkdtempSync(join(tmpdir(), "wt-ui-"));
    context = await browser.newContext({ viewport: { width: 1280, height: 1200 }, colorScheme: "light", acceptDownloads: true });
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    context.on("request", (r) => {
      if (!r.url().startsWith(`http://127.0.0.1:${ui.port}/`)) external.push(r.url());
    });
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ui?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens the tokened URL, then drops the token from the address bar", async () => {
    await page.goto(ui.url, { waitUntil: "load" });
    expect(page.url()).toBe(`http://127.0.0.1:${ui.port}/`);
    expect(await page.locator("h1").textContent()).toBe("watchtower-hook");
    // The token now lives in an HttpOnly cookie the page's script cannot read.
    expect(await page.evaluate(() => document.cookie)).toBe("");
    const cookies = await context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: `wt_ui_${ui.port}`, value: ui.token, httpOnly: true, sameSite: "Strict" })]);
    // A reload keeps working on the cookie alone.
    await page.reload();
    await expect.poll(() => page.locator("#scan-button").isEnabled(), POLL).toBe(true);
  });

  it("switches the form between sources", async () => {
    await page.check('input[name="kind"][value="git"]');
    expect(await page.locator("#target-label").textContent()).toBe("Git repository URL");
    expect(await page.locator("#ref-field").isVisible()).toBe(true);
    await page.check('input[name="kind"][value="hf"]');
    expect(await page.locator("#ref-label").textContent()).toMatch(/^Revision/);
    await page.check('input[name="kind"][value="s3"]');
    expect(await page.locator("#ref-field").isVisible()).toBe(false);
    await page.check('input[name="kind"][value="folder"]');
    expect(await page.locator("#target").getAttribute("placeholder")).toContain("examples");
  });

  it("shows an error the server sends back", async () => {
    await page.check('input[name="kind"][value="git"]');
    await page.fill("#target", "file:///etc");
    await page.click("#scan-button");
    await expect.poll(() => page.locator("#error").textContent(), POLL).toMatch(/http\(s\) git URL/);
    expect(fake.calls).toEqual([]);
    // The browser logs the 400 response itself; that one is expected.
    expect(problems).toEqual([expect.stringMatching(/status of 400/)]);
    problems.splice(0);
    await page.check('input[name="kind"][value="folder"]');
  });

  it("scans the examples with live progress, then shows the report", async () => {
    const report = examplesReport();
    await page.fill("#target", "examples");
    await page.click("#scan-button");
    // Progress while running: files counted up with the total known, Scan disabled, Cancel enabled.
    await expect.poll(() => page.locator("#state-badge").textContent(), POLL).toBe("running");
    await expect.poll(async () => Number((await page.locator("#p-files").textContent())?.split(" / ")[0]), POLL).toBeGreaterThan(0);
    const midway = await page.locator("#p-files").textContent();
    expect(midway).toMatch(new RegExp(`^\\d+ / ${report.summary.files.scanned}$`));
    expect(await page.locator("#scan-button").isDisabled()).toBe(true);
    expect(await page.locator("#cancel-button").isEnabled()).toBe(true);
    expect(await page.locator("#p-bytes").textContent()).toMatch(/\d/);

    await expect.poll(() => page.locator("#state-badge").textContent(), POLL).toBe("done");
    expect(fake.calls.at(-1)).toEqual({ kind: "folder", target: "examples" });
    expect(await page.locator("#p-findings").textContent()).toBe(String(report.findings.length));
    expect(await page.locator("#verdict").textContent()).toContain(`FAIL · ${report.findings.length} findings, ${report.summary.findings.blocking} blocking`);
    expect(await page.locator("#cancel-button").isDisabled()).toBe(true);

    // coupling: the report's markup (packages/report/src/html.ts): rows carry data-sev, filters data-sev-filter.
    const frame = page.frameLocator("#report-frame");
    await expect.poll(() => frame.locator("#wt-list [data-sev]").count(), POLL).toBe(report.findings.length);
    // Summary by severity and category, and a finding's details: location, evidence, why, fix, standards.
    expect(await frame.locator("#summary .card.sev-critical .n").textContent()).toBe(String(report.summary.findings.bySeverity.critical));
    expect(await frame.locator("#wt-by-category tbody tr").count()).toBe(Object.keys(report.summary.findings.byCategory).length);
    const cellFinding = report.findings.find((f) => f.location.kind === "cell" && f.evidence)!;
    const row = frame.locator(`#wt-list [data-sev]:has-text("${cellFinding.fingerprint}")`).first();
    await row.locator("summary").first().click();
    const text = (await row.textContent()) ?? "";
    expect(text).toMatch(/cell \d+ \[(source|output \d+)\] line \d+:\d+/);
    expect(text).toContain(cellFinding.evidence!.redacted);
    for (const label of ["Why", "Fix", "Standards"]) expect(text).toContain(label);
  });

  it("filters the findings by severity", async () => {
    const report = examplesReport();
    const frame = page.frameLocator("#report-frame");
    const critical = report.findings.filter((f) => f.severity === "critical" && !f.suppressed).length;
    for (const sev of ["high", "medium", "low", "info"]) await frame.locator(`input[data-sev-filter][value="${sev}"]`).uncheck();
    await expect.poll(() => frame.locator("#wt-list [data-sev]:not([hidden])").count(), POLL).toBe(critical);
    const shown = await frame.locator("#wt-list [data-sev]:not([hidden])").evaluateAll((els) => els.map((e) => e.getAttribute("data-sev")));
    expect(new Set(shown)).toEqual(new Set(["critical"]));
    // The page from the top; inside the frame, the report from its summary down.
    await frame.locator("#summary").evaluate((el) => window.scrollTo(0, (el as HTMLElement).offsetTop - 8));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(dir, "ui.png"), fullPage: false });
    for (const sev of ["high", "medium", "low", "info"]) await frame.locator(`input[data-sev-filter][value="${sev}"]`).check();
    await expect.poll(() => frame.locator("#wt-list [data-sev]:not([hidden])").count(), POLL).toBe(report.findings.length);
  });

  it("downloads the JSON report, which validates against the schema", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
    expect(download.suggestedFilename()).toMatch(/^watchtower-report-[\dT-]+\.json$/);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const json = JSON.parse(readFileSync(file, "utf8")) as unknown;
    expect(validate("report", json)).toEqual({ valid: true, errors: [] });
    expect(json).toEqual(examplesReport());
    const [sarif] = await Promise.all([page.waitForEvent("download"), page.click("#download-sarif")]);
    expect(sarif.suggestedFilename()).toMatch(/\.sarif$/);
    const [html] = await Promise.all([page.waitForEvent("download"), page.click("#download-html")]);
    expect(html.suggestedFilename()).toMatch(/\.html$/);
  });

  it("cancels a running scan", async () => {
    pace.stepMs = 2_000;
    await page.click("#scan-button");
    await expect.poll(() => page.locator("#state-badge").textContent(), POLL).toBe("running");
    await page.click("#cancel-button");
    await expect.poll(() => page.locator("#state-badge").textContent(), POLL).toBe("cancelled");
    expect(fake.signals.at(-1)!.aborted).toBe(true);
    expect(await page.locator("#error").textContent()).toBe("The scan was cancelled.");
    expect(await page.locator("#results").isHidden()).toBe(true);
    expect(await page.locator("#scan-button").isEnabled()).toBe(true);
  });

  it("a page on another local port (same site, other origin) cannot start a scan", async () => {
    // The SameSite=Strict cookie IS sent here (127.0.0.1 is one site whatever the port), so the
    // Origin check is what stops it.
    const calls = fake.calls.length;
    const evil: Server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<!doctype html><title>evil</title><script>
        window.results = [];
        fetch("http://127.0.0.1:${ui.port}/api/scan", { method: "POST", mode: "no-cors", credentials: "include",
          headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ kind: "folder", target: "/" }) })
          .then(() => window.results.push("sent"), (e) => window.results.push("error " + e));
        fetch("http://127.0.0.1:${ui.port}/api/state", { credentials: "include" })
          .then((r) => r.text()).then((t) => window.results.push("read " + t), (e) => window.results.push("blocked"));
      </script>`);
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", () => r()));
    const evilPort = (evil.address() as { port: number }).port;
    const other = await context.newPage();
    try {
      await other.goto(`http://127.0.0.1:${evilPort}/`);
      await expect.poll(() => other.evaluate(() => (window as unknown as { results: string[] }).results.length), POLL).toBe(2);
      const results = await other.evaluate(() => (window as unknown as { results: string[] }).results);
      // No CORS headers: the cross-origin read fails; the blind POST is refused by the Origin check.
      expect(results).toContain("blocked");
      expect(fake.calls.length).toBe(calls);
      const state = await page.evaluate(() => fetch("/api/state").then((r) => r.json()));
      expect(state.scan.state).toBe("cancelled");
    } finally {
      await other.close();
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });

  it("ran under the page's CSP without violations and loaded nothing from elsewhere", () => {
    expect(problems).toEqual([]);
    expect(external.filter((u) => !u.startsWith("data:") && !u.startsWith(`http://127.0.0.1:`))).toEqual([]);
  });

  it("keeps the screenshot for the README", () => {
    // Rewritten when missing or with WT_UPDATE_SCREENSHOTS=1, so a plain test run leaves the tree clean.
    if (!existsSync(SCREENSHOT) || process.env.WT_UPDATE_SCREENSHOTS === "1") {
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      copyFileSync(join(dir, "ui.png"), SCREENSHOT);
    }
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
