// Node (jest e2e), Chromium and Firefox in German (harness/german.ts) with the built extension: every view of the
// options page speaks German: the German mode names, and none of the English ones, with 31 sites of every mode
// and a log of every type; the UI language and the page's language are "de" and axe finds no serious or critical
// violation; no view scrolls sideways at 360 px. Screenshots: /tmp/shots/options/<browser>/de-*.
import type { Mode } from "../../extension/shared/status";
import { forEachBrowser } from "./harness/browsers";
import { useGermanEnvironment, GERMAN } from "./harness/german";
import { appendSampleLog, openAt, seriousViolations, shot, sidewaysOverflow } from "./harness/options-checks";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

const ENGLISH_MODE_NAMES = ["Allow seeding", "Download only", "Block P2P", "Undecided"];
const MODES: Mode[] = ["allow", "download-only", "block", "undecided"];

useGermanEnvironment();

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { server: false, ...GERMAN });

  test("the options page in German: German mode names everywhere, no English ones", async () => {
    for (let i = 0; i < 31; i++) await s.extension.send({ type: "site/set-mode", site: `seite-${i}.example`, mode: MODES[i % 4]! });
    await s.extension.send({ type: "site/set-limits", site: "seite-1.example", dailyBudgetBytes: 1572864, monthlyBudgetBytes: null, rateLimitBps: null });
    await appendSampleLog(s.extension, 300);

    for (const view of ["#/sites", "#/sites/seite-1.example", "#/defaults", "#/log", "#/privacy", "#/import-export"]) {
      for (const width of [1280, 360]) {
        const page = await openAt(s.extension, `options/options.html${view}`, { width });
        await waitFor(
          () =>
            page.evaluate(
              () => !!document.querySelector("main h1") && !document.querySelector(".loading") && !/geladen …/.test(document.querySelector("[role=status]")?.textContent ?? ""),
            ),
          { timeout: 30_000, message: `${view} loaded` },
        );
        if (view === "#/log") await waitFor(() => page.evaluate(() => !!document.querySelector(".vrow")), { timeout: 30_000, message: "the log's first page" });
        expect(await page.evaluate(() => chrome.i18n.getUILanguage())).toMatch(/^de/);
        expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^de/);
        // Visible text, accessible names and the options of every select.
        const text = await page.evaluate(() =>
          [
            document.body.innerText,
            ...[...document.querySelectorAll("[aria-label]")].map((e) => e.getAttribute("aria-label")),
            ...[...document.querySelectorAll("option")].map((o) => o.textContent),
          ].join("\n"),
        );
        for (const name of ENGLISH_MODE_NAMES) expect({ view, english: text.includes(name) ? name : null }).toEqual({ view, english: null });
        if (view.startsWith("#/sites")) expect(text).toContain("Seeding erlauben");
        expect({ view, width, violations: await seriousViolations(page) }).toEqual({ view, width, violations: [] });
        const { scrollWidth, innerWidth, scrollers } = await sidewaysOverflow(page);
        expect({ view, width, fits: scrollWidth <= innerWidth }).toEqual({ view, width, fits: true });
        if (width === 360) expect({ view, scrollers }).toEqual({ view, scrollers: [] });
        await shot(page, `options/${browser}/de-${view.replace(/[#/]+/g, "-").replace(/^-/, "")}-${width}`);
        await page.close();
      }
    }
  }, 300_000);
});
