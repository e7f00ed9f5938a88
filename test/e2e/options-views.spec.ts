// Node (jest e2e), Chromium with dist/chrome: every view of the options page (Sites, a site's detail, Defaults,
// Log, Privacy, Import and export), empty and full (31 sites, 300 log entries), light and dark, at 1280 and 360 px:
// axe-core finds no serious or critical violation and no view scrolls sideways at 360 px. Then by keyboard only:
// the Sites page adds a site, refuses garbage, removes one with undo; the log list is one tab stop whose arrow keys
// choose an entry; every control of each view is reached by Tab and shows a visible focus ring.
// Screenshots go to /tmp/shots/options/ (SEEDGATE_SHOTS to change) for people to look at.
import type { Page } from "playwright-core";
import type { Mode } from "../../extension/shared/status";
import { useExtensionSession } from "./harness/session";
import { appendSampleLog, seriousViolations, shot, sidewaysOverflow } from "./harness/options-checks";

const s = useExtensionSession({ server: false, ui: true });
const SHOTS = process.env.SEEDGATE_SHOTS ?? "/tmp/shots/options";
const VIEWS = ["#/sites", "#/sites/xn--bcher-kva.example", "#/defaults", "#/log", "#/privacy", "#/import-export"] as const;
const MODES: Mode[] = ["allow", "download-only", "block", "undecided"];

async function open(view: string, width = 1280, scheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await s.browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(`${s.extension.origin}/options/options.html${view}`);
  await page.locator("main h1").waitFor();
  // Wait until nothing says it is loading.
  await page.waitForFunction(() => !document.querySelector(".loading") && !/Loading entries/.test(document.body.textContent ?? ""));
  // The log's first page (it starts after a short debounce), or its empty message.
  if (view.startsWith("#/log")) await page.locator(".vrow, .panel > p.empty").first().waitFor();
  return page;
}

/** Each view in both schemes and widths: 0 serious/critical axe violations; at 360 px no sideways scrolling. */
async function checkAllViews(state: string): Promise<string[]> {
  const report: string[] = [];
  for (const view of VIEWS) {
    for (const scheme of ["light", "dark"] as const) {
      for (const width of [1280, 360]) {
        const page = await open(view, width, scheme);
        // A log entry selected, so its detail view is checked too.
        if (view === "#/log" && state === "full") {
          await page.getByRole("listbox").focus();
          await page.keyboard.press("ArrowDown");
          await page.getByRole("button", { name: /Show the stored entry/ }).click();
        }
        const violations = await seriousViolations(page);
        expect({ view, scheme, width, violations }).toEqual({ view, scheme, width, violations: [] });
        const { scrollWidth, innerWidth, scrollers } = await sidewaysOverflow(page);
        expect({ view, scheme, width, fits: scrollWidth <= innerWidth }).toEqual({ view, scheme, width, fits: true });
        if (width === 360) expect({ view, scheme, scrollers }).toEqual({ view, scheme, scrollers: [] });
        report.push(`${state} ${view} ${scheme} ${width}px: axe 0 serious/critical, scrollWidth ${scrollWidth} <= ${innerWidth}`);
        await shot(page, SHOTS, `${state}-${view.replace(/[#/]+/g, "-").replace(/^-/, "")}-${scheme}-${width}`);
        await page.close();
      }
    }
  }
  return report;
}

async function fill(): Promise<void> {
  // 31 sites: 30 plus an internationalized domain, every mode, some with budgets.
  for (let i = 0; i < 30; i++) {
    const site = `site-${String(i).padStart(2, "0")}.example`;
    await s.ui.send({ type: "site/set-mode", site, mode: MODES[i % 4]! });
    if (i % 3 === 0) await s.ui.send({ type: "site/set-limits", site, dailyBudgetBytes: (i + 1) * 1048576, monthlyBudgetBytes: 50 * 1048576, rateLimitBps: null });
    if (i % 5 === 0) await s.ui.send({ type: "site/set-hide-ip", site, hideIp: true });
  }
  await s.ui.send({ type: "site/set-mode", site: "xn--bcher-kva.example", mode: "allow" });
  await s.ui.send({ type: "site/set-limits", site: "xn--bcher-kva.example", dailyBudgetBytes: 8 * 1048576, monthlyBudgetBytes: null, rateLimitBps: 204800 });
  await appendSampleLog(s.browser.context, s.extension, 300);
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
  expect(await page.getByText("31 sites").count()).toBe(1);
  // Human mode names and the Unicode domain, stored as punycode.
  await page.getByRole("link", { name: "bücher.example: details" }).waitFor();
  expect(await page.locator(".site-cards").textContent()).not.toMatch(/download-only|undecided\b|xn--/);
  await page.close();
  const report = await checkAllViews("full");
  console.log(report.join("\n"));
}, 300_000);

test("keyboard only: add, refuse, remove with undo; every control reachable with a visible focus", async () => {
  const page = await open("#/sites");
  const address = page.getByRole("textbox", { name: "Site address" });
  await address.focus();
  await page.keyboard.type("not a site");
  await page.keyboard.press("Enter");
  expect(await page.getByRole("alert").textContent()).toMatch(/“not a site” is not a web address/);
  // The error state passes axe in both schemes too (themed error colours).
  for (const colorScheme of ["dark", "light"] as const) {
    await page.emulateMedia({ colorScheme });
    expect({ colorScheme, violations: await seriousViolations(page) }).toEqual({ colorScheme, violations: [] });
  }
  await address.fill("");
  await page.keyboard.type("https://www.Keyboard.example.co.uk/path");
  await page.keyboard.press("Enter");
  await page.getByText("Added example.co.uk.").waitFor();
  const rules = await s.ui.send({ type: "sites/list" });
  expect(rules.find((r) => r.site === "example.co.uk")).toMatchObject({ mode: "download-only" });

  // Remove by keyboard: focus goes to the notice, whose Undo puts the rule back.
  await page.getByRole("button", { name: "Remove the rule for example.co.uk" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.classList.contains("notice-undo"));
  expect((await s.ui.send({ type: "sites/list" })).some((r) => r.site === "example.co.uk")).toBe(false);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Undo");
  await page.keyboard.press("Enter");
  await page.getByText("The rule for example.co.uk is back.").waitFor();
  expect((await s.ui.send({ type: "sites/list" })).find((r) => r.site === "example.co.uk")).toMatchObject({ mode: "download-only" });

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
  const list = page.getByRole("listbox", { name: "Log entries, newest first" });
  await page.getByRole("searchbox", { name: "Search" }).focus();
  let presses = 0;
  while (!(await list.evaluate((el) => el === document.activeElement)) && presses < 10) {
    await page.keyboard.press("Tab");
    presses++;
  }
  // Search -> (nothing else) -> the list: the rows are no tab stops.
  expect(presses).toBe(1);
  await page.keyboard.press("Tab");
  expect(await list.evaluate((el) => el.contains(document.activeElement))).toBe(false);
  await list.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const active = await list.getAttribute("aria-activedescendant");
  expect(await page.locator(`[id="${active}"]`).getAttribute("aria-posinset")).toBe("2");
  const detail = page.getByRole("region", { name: /^Entry / });
  expect(await detail.locator("dt").allTextContents()).toEqual(expect.arrayContaining(["Number", "Time", "Type", "What happened"]));
  // Times carry seconds.
  expect(await page.locator(".log-time").first().textContent()).toMatch(/\d{1,2}:\d{2}:\d{2}/);
  await page.keyboard.press("End");
  expect(Number(await page.locator(`[id="${await list.getAttribute("aria-activedescendant")}"]`).getAttribute("aria-posinset"))).toBeGreaterThanOrEqual(300);
  await page.getByRole("button", { name: "Show the stored entry (JSON)" }).click();
  expect(JSON.parse((await page.locator(".log-detail pre").textContent())!)).toMatchObject({ seq: expect.any(Number) });
  // No internal words, no verify command for users.
  const text = (await page.locator("main").textContent())!;
  expect(text).not.toMatch(/npm run|→ allow by|download-only by/);
  await page.close();
}, 60_000);
