// Node (jest e2e), Chromium with dist/chrome started with --lang=de: every view of the options page speaks German:
// the German mode names, and none of the English ones, with 31 sites of every mode and a log of every type; the
// page's language is "de" and axe finds no serious or critical violation. Screenshots: /tmp/shots/options/de-*.
import type { Mode } from "../../extension/shared/status";
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { extensionOf, type ExtensionHandle } from "./harness/extension";
import { openUi, type Ui } from "./harness/ui";
import { appendSampleLog, seriousViolations, shot, sidewaysOverflow } from "./harness/options-checks";

const SHOTS = process.env.SEEDGATE_SHOTS ?? "/tmp/shots/options";
const ENGLISH_MODE_NAMES = ["Allow seeding", "Download only", "Block P2P", "Undecided"];
const MODES: Mode[] = ["allow", "download-only", "block", "undecided"];
let browser: ChromiumSession;
let extension: ExtensionHandle;
let ui: Ui;

beforeAll(async () => {
  // Chromium on Linux takes its UI language from the environment; --lang alone is not enough headless.
  process.env.LANGUAGE = "de";
  browser = await launchChromium({ args: ["--lang=de"] });
  extension = await extensionOf(browser);
  ui = await openUi(browser, extension);
});
afterAll(async () => {
  await browser?.close();
});

test("the options page in German: German mode names everywhere, no English ones", async () => {
  for (let i = 0; i < 31; i++) await ui.send({ type: "site/set-mode", site: `seite-${i}.example`, mode: MODES[i % 4]! });
  await ui.send({ type: "site/set-limits", site: "seite-1.example", dailyBudgetBytes: 1572864, monthlyBudgetBytes: null, rateLimitBps: null });
  await appendSampleLog(browser.context, extension, 300);

  for (const view of ["#/sites", "#/sites/seite-1.example", "#/defaults", "#/log", "#/privacy", "#/import-export"]) {
    for (const width of [1280, 360]) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${extension.origin}/options/options.html${view}`);
      await page.locator("main h1").waitFor();
      await page.waitForFunction(() => !document.querySelector(".loading") && !/geladen …/.test(document.querySelector("[role=status]")?.textContent ?? ""));
      if (view === "#/log") await page.locator(".vrow").first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^de/);
      // Visible text, accessible names and the options of every select.
      const text = await page.evaluate(() => [document.body.innerText, ...[...document.querySelectorAll("[aria-label]")].map((e) => e.getAttribute("aria-label")), ...[...document.querySelectorAll("option")].map((o) => o.textContent)].join("\n"));
      for (const name of ENGLISH_MODE_NAMES) expect({ view, english: text.includes(name) ? name : null }).toEqual({ view, english: null });
      if (view.startsWith("#/sites")) expect(text).toContain("Seeding erlauben");
      expect({ view, width, violations: await seriousViolations(page) }).toEqual({ view, width, violations: [] });
      const { scrollWidth, innerWidth, scrollers } = await sidewaysOverflow(page);
      expect({ view, width, fits: scrollWidth <= innerWidth }).toEqual({ view, width, fits: true });
      if (width === 360) expect({ view, scrollers }).toEqual({ view, scrollers: [] });
      await shot(page, SHOTS, `de-${view.replace(/[#/]+/g, "-").replace(/^-/, "")}-${width}`);
      await page.close();
    }
  }
}, 240_000);
