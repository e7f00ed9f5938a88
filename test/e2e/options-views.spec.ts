// Node (jest e2e), Chromium and Firefox with the built extension: every view of the options page (Sites, a site's
// detail, Defaults, Log, Privacy, Import and export), empty and full (31 sites, 300 log entries), light and dark,
// at 1280 and 360 px: axe-core finds no serious or critical violation and no view scrolls sideways at 360 px. Then
// by keyboard only (real key presses): the Sites page adds a site, refuses garbage, removes one with undo; the log
// list is one tab stop whose arrow keys choose an entry; every control of each view is reached by Tab and shows a
// visible focus ring. SEEDGATE_SHOTS=DIR saves screenshots under DIR/options/<browser>/ for people to look at.
import type { Mode } from "../../extension/shared/status";
import type { TestPage as Page } from "./harness/browser-session";
import { forEachBrowser } from "./harness/browsers";
import { clickButton, fillTextbox, focusElement, focusedMatches, waitForText } from "./harness/extension-page";
import { appendSampleLog, openAt, seriousViolations, shot, sidewaysOverflow } from "./harness/options-checks";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

const VIEWS = ["#/sites", "#/sites/xn--bcher-kva.example", "#/defaults", "#/log", "#/privacy", "#/import-export"] as const;
const MODES: Mode[] = ["allow", "download-only", "block", "undecided"];
const LIST = '[role="listbox"][aria-label="Log entries, newest first"]';

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { server: false });

  async function open(view: string, width = 1280, scheme: "light" | "dark" = "light"): Promise<Page> {
    const page = await openAt(s.extension, `options/options.html${view}`, { width, scheme });
    // A heading, and nothing says it is loading.
    await waitFor(
      () => page.evaluate(() => !!document.querySelector("main h1") && !document.querySelector(".loading") && !/Loading entries/.test(document.body.textContent ?? "")),
      { timeout: 30_000, message: `${view} loaded` },
    );
    // The log's first page (it starts after a short debounce), or its empty message.
    if (view.startsWith("#/log")) await waitFor(() => page.evaluate(() => !!document.querySelector(".vrow, .panel > p.empty")), { timeout: 30_000, message: "the log's first page" });
    return page;
  }

  /** The entry the log list has chosen (its aria-activedescendant row's aria-posinset), or null. */
  const chosenPosition = (page: Page) =>
    page.evaluate((sel) => {
      const active = document.querySelector(sel)?.getAttribute("aria-activedescendant");
      return active ? (document.getElementById(active)?.getAttribute("aria-posinset") ?? null) : null;
    }, LIST);

  /** Shows `view` in the open page as a person gets there: through the address's fragment, without a reload. */
  async function show(page: Page, view: string): Promise<void> {
    await page.evaluate((v) => (location.hash = v), view);
    await waitFor(
      () => page.evaluate((v) => location.hash === v && !!document.querySelector("main h1") && !document.querySelector(".loading") && !/Loading entries/.test(document.body.textContent ?? ""), view),
      { timeout: 30_000, message: `${view} shown` },
    );
    if (view.startsWith("#/log")) await waitFor(() => page.evaluate(() => !!document.querySelector(".vrow, .panel > p.empty")), { timeout: 30_000, message: "the log's first page" });
  }

  // One page per width, loaded at that width (see openAt); each view is then reached through the fragment, and the
  // colour scheme switches live (prefers-color-scheme is a media query the stylesheets follow without a reload).
  async function checkAllViews(state: string): Promise<string[]> {
    const report: string[] = [];
    for (const width of [1280, 360]) {
      const page = await open(VIEWS[0], width);
      for (const view of VIEWS) {
        await show(page, view);
        // A log entry selected, so its detail view is checked too.
        if (view === "#/log" && state === "full") {
          await focusElement(page, LIST);
          await page.keyboard.press("ArrowDown");
          await waitFor(() => clickButton(page, "Show the stored entry").then(() => true), { message: "the chosen entry's JSON toggle" });
        }
        for (const scheme of ["light", "dark"] as const) {
          await page.emulateColorScheme(scheme);
          const violations = await seriousViolations(page);
          expect({ view, scheme, width, violations }).toEqual({ view, scheme, width, violations: [] });
          const { scrollWidth, innerWidth, scrollers } = await sidewaysOverflow(page);
          expect({ view, scheme, width, fits: scrollWidth <= innerWidth }).toEqual({ view, scheme, width, fits: true });
          if (width === 360) expect({ view, scheme, scrollers }).toEqual({ view, scheme, scrollers: [] });
          report.push(`${state} ${view} ${scheme} ${width}px: axe 0 serious/critical, scrollWidth ${scrollWidth} <= ${innerWidth}`);
          await shot(page, `options/${browser}/${state}-${view.replace(/[#/]+/g, "-").replace(/^-/, "")}-${scheme}-${width}`);
        }
      }
      await page.close();
    }
    return report;
  }

  async function fill(): Promise<void> {
    // 31 sites: 30 plus an internationalized domain, every mode, some with budgets.
    for (let i = 0; i < 30; i++) {
      const site = `site-${String(i).padStart(2, "0")}.example`;
      await s.extension.send({ type: "site/set-mode", site, mode: MODES[i % 4]! });
      if (i % 3 === 0) await s.extension.send({ type: "site/set-limits", site, dailyBudgetBytes: (i + 1) * 1048576, monthlyBudgetBytes: 50 * 1048576, rateLimitBps: null });
      if (i % 5 === 0) await s.extension.send({ type: "site/set-hide-ip", site, hideIp: true });
    }
    await s.extension.send({ type: "site/set-mode", site: "xn--bcher-kva.example", mode: "allow" });
    await s.extension.send({ type: "site/set-limits", site: "xn--bcher-kva.example", dailyBudgetBytes: 8 * 1048576, monthlyBudgetBytes: null, rateLimitBps: 204800 });
    await appendSampleLog(s.extension, 300);
  }

  /** Every Tab stop from the top of the page: what it is and whether its focus is visible (an outline or ring). */
  async function tabStops(page: Page, max = 120): Promise<{ name: string; visible: boolean }[]> {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: { name: string; visible: boolean }[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        const visible = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 1) || cs.boxShadow !== "none";
        return { name: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}[${el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? ""}]`, visible, key: el.dataset.tabKey ?? (el.dataset.tabKey = String(Math.random())) };
      });
      if (!stop) break;
      const keyOf = (x: unknown) => (x as { key: string }).key;
      // Back at the first stop: the cycle is complete. The same element again: a date field's next segment.
      if (stops.length > 0 && keyOf(stops[0]) === stop.key) break;
      if (stops.some((x) => keyOf(x) === stop.key)) continue;
      stops.push(stop);
    }
    return stops;
  }

  /** The controls a person could operate (visible, enabled, not inside the virtual list). */
  async function operableCount(page: Page): Promise<number> {
    return page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, [tabindex='0']")].filter((el) => {
          if ((el as HTMLButtonElement).disabled) return false;
          if (el.closest("[role=listbox]") && el.getAttribute("role") !== "listbox") return false;
          // One tab stop per radio group.
          if (el instanceof HTMLInputElement && el.type === "radio" && !el.checked) return false;
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0;
        }).length,
    );
  }

  test("every options view, empty: no serious or critical axe violation, no sideways scrolling at 360 px", async () => {
    const report = await checkAllViews("empty");
    console.log(report.join("\n"));
  }, 240_000);

  test("every options view, full (31 sites, 300 log entries): the same", async () => {
    await fill();
    const page = await open("#/sites");
    // One element says so (the innermost whose text has it).
    const saying = (text: string) =>
      page.evaluate((t) => [...document.querySelectorAll("body *")].filter((el) => el.textContent?.includes(t) && ![...el.children].some((c) => c.textContent?.includes(t))).length, text);
    expect(await waitFor(() => saying("31 sites"), { message: "31 sites" }, (n) => n > 0)).toBe(1);
    // Human mode names and the Unicode domain, stored as punycode.
    await waitFor(
      () => page.evaluate(() => [...document.querySelectorAll("a[href]")].some((a) => (a.getAttribute("aria-label") ?? a.textContent ?? "").includes("bücher.example: details"))),
      { message: "the link to bücher.example's details" },
    );
    expect(await page.evaluate(() => document.querySelector(".site-cards")?.textContent)).not.toMatch(/download-only|undecided\b|xn--/);
    await page.close();
    const report = await checkAllViews("full");
    console.log(report.join("\n"));
  }, 300_000);

  test("keyboard only: add, refuse, remove with undo; every control reachable with a visible focus", async () => {
    const page = await open("#/sites");
    await focusElement(page, "input", "Site address");
    await page.keyboard.type("not a site");
    await page.keyboard.press("Enter");
    expect(await waitForText(page, '[role="alert"]', /not a site/)).toMatch(/“not a site” is not a web address/);
    // The error state passes axe in both schemes too (themed error colours).
    for (const colorScheme of ["dark", "light"] as const) {
      await page.emulateColorScheme(colorScheme);
      expect({ colorScheme, violations: await seriousViolations(page) }).toEqual({ colorScheme, violations: [] });
    }
    await fillTextbox(page, "Site address", "");
    await page.keyboard.type("https://www.Keyboard.example.co.uk/path");
    await page.keyboard.press("Enter");
    await waitForText(page, "body", /Added example\.co\.uk\./);
    const rules = await s.extension.send({ type: "sites/list" });
    expect(rules.find((r) => r.site === "example.co.uk")).toMatchObject({ mode: "download-only" });

    // Remove by keyboard: focus goes to the notice, whose Undo puts the rule back.
    await focusElement(page, "button", "Remove the rule for example\\.co\\.uk");
    await page.keyboard.press("Enter");
    await waitFor(() => focusedMatches(page, ".notice-undo"), { message: "the notice's Undo focused" });
    expect((await s.extension.send({ type: "sites/list" })).some((r) => r.site === "example.co.uk")).toBe(false);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Undo");
    await page.keyboard.press("Enter");
    await waitForText(page, "body", /The rule for example\.co\.uk is back\./);
    expect((await s.extension.send({ type: "sites/list" })).find((r) => r.site === "example.co.uk")).toMatchObject({ mode: "download-only" });

    // Every view: each operable control is a Tab stop, and each Tab stop shows its focus.
    for (const view of VIEWS) {
      const p = await open(view);
      const stops = await tabStops(p);
      const hidden = stops.filter((x) => !x.visible).map((x) => x.name);
      expect({ view, hidden }).toEqual({ view, hidden: [] });
      expect({ view, stops: stops.length }).toEqual({ view, stops: await operableCount(p) });
      console.log(`${view}: ${stops.length} Tab stops, all with a visible focus`);
      await p.close();
    }
    await page.close();
  }, 180_000);

  test("the log is one tab stop: arrows choose an entry, its detail shows in words with the JSON behind a toggle", async () => {
    const page = await open("#/log");
    await focusElement(page, 'input[type="search"]', "^Search$");
    let presses = 0;
    while (!(await focusedMatches(page, LIST)) && presses < 10) {
      await page.keyboard.press("Tab");
      presses++;
    }
    // Search -> (nothing else) -> the list: the rows are no tab stops.
    expect(presses).toBe(1);
    await page.keyboard.press("Tab");
    expect(await page.evaluate((sel) => document.querySelector(sel)!.contains(document.activeElement), LIST)).toBe(false);
    await focusElement(page, LIST);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await waitFor(() => chosenPosition(page), { message: "an entry chosen" }, (at) => at !== null && at !== "1")).toBe("2");
    // Its detail, in a region named "Entry …".
    const terms = await waitFor(
      () =>
        page.evaluate(() => {
          const named = (el: Element) => el.getAttribute("aria-label") ?? document.getElementById(el.getAttribute("aria-labelledby") ?? "")?.textContent ?? "";
          const region = [...document.querySelectorAll("section[aria-labelledby], section[aria-label], [role=region]")].find((el) => /^Entry /.test(named(el)));
          return region ? [...region.querySelectorAll("dt")].map((dt) => dt.textContent ?? "") : null;
        }),
      { message: "the entry's detail" },
    );
    expect(terms).toEqual(expect.arrayContaining(["Number", "Time", "Type", "What happened"]));
    // Times carry seconds.
    expect(await page.evaluate(() => document.querySelector(".log-time")?.textContent)).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    await page.keyboard.press("End");
    expect(Number(await waitFor(() => chosenPosition(page), { message: "the last entry chosen" }, (at) => Number(at) > 2))).toBeGreaterThanOrEqual(300);
    await clickButton(page, "^Show the stored entry \\(JSON\\)$");
    expect(JSON.parse(await waitForText(page, ".log-detail pre", /\{/))).toMatchObject({ seq: expect.any(Number) });
    // No internal words, no verify command for users.
    const text = (await page.evaluate(() => document.querySelector("main")?.textContent))!;
    expect(text).not.toMatch(/npm run|→ allow by|download-only by/);
    await page.close();
  }, 60_000);
});
