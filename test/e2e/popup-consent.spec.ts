// Node (jest e2e), Chromium and Firefox with the built extension: the popup asks one question and no stray key
// answers it. Keys are real key presses (TestPage.keyboard: Playwright's in Chromium, Puppeteer's over WebDriver
// BiDi in Firefox), never dispatched events; elements are found by role and name (harness/by-role.ts).
//  - The popup's text is 13 px in both browsers; a detected site's popup, evidence closed, is at most 600 px tall
//    (both browsers' popup limit) in every state, including the undo offer, and nothing in it scrolls on its own
//    (also with the evidence open).
//  - From every focus the popup offers (every disclosure open), no arrow, Home, End, PageUp or PageDown key changes
//    the open page's navigator.p2pConsent status, for an undecided and a blocked site.
//  - Keyboard only: Tab reaches every control, each shows a visible focus ring, Enter and Space choose, and the
//    undo offered after Allow is reachable and works.
// Checked to fail: with radio-group key semantics put back into the choices (ArrowDown chooses the next mode, built
// with `node scripts/build.mjs --out DIR` and run with SEEDGATE_DIST=DIR), both key tests failed: the page heard
// ["allowed","download-only","blocked","allowed"]. Checked again with both browsers (a build with an ArrowDown/Right
// and ArrowUp/Left handler on the choices): both key tests failed in Chromium and in Firefox, the page
// hearing 11 and 12 changes.
import type { P2PConsentStatus } from "../../extension/shared/status";
import type { TestPage } from "./harness/browser-session";
import { forEachBrowser, pause } from "./harness/browsers";
import { getByRole, getByTestId, locate } from "./harness/by-role";
import { press } from "./harness/keyboard";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(180_000);

interface ConsentApi {
  p2pConsent: EventTarget & {
    query(): Promise<P2PConsentStatus>;
    request(decl: { client: string; version?: string }): Promise<P2PConsentStatus>;
  };
}
interface Heard {
  heard: string[];
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);
  const SITE = "127.0.0.1";
  let page: TestPage;
  let tabId = 0;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    await page.evaluate(async () => {
      const api = (navigator as unknown as ConsentApi).p2pConsent;
      await api.request({ client: "webtorrent", version: "2.8.5" });
      const w = window as unknown as Heard;
      w.heard = [];
      api.addEventListener("change", (e) => w.heard.push((e as Event & { status: P2PConsentStatus }).status.seeding));
    });
    tabId = await s.extension.tabIdOf(page);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
    await s.extension.send({ type: "site/remove", site: SITE });
  });

  async function popup(width = 360): Promise<TestPage> {
    const p = await s.extension.openPopup(tabId);
    opened.push(p);
    // The selected tab, as an open popup is: Firefox draws focus (:focus, :focus-visible) only in the tab shown.
    await p.bringToFront();
    await p.setViewport({ width, height: 800 });
    await waitFor(() => p.evaluate(() => window.innerWidth), { message: `the ${width} px viewport` }, (w) => w === width);
    await getByRole(p, "heading", { name: SITE, exact: true }).waitFor();
    return p;
  }

  /** The popup's content height: what Chrome sizes its popup window to (the body's height; the page is taller). */
  const height = (p: TestPage) => p.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  /** Elements that scroll on their own (overflow auto/scroll with more content than room), besides the page itself. */
  const scrollers = (p: TestPage) =>
    p.evaluate(() =>
      [...document.body.querySelectorAll("*")]
        .filter((el) => {
          const st = getComputedStyle(el);
          return /(auto|scroll)/.test(st.overflowY + st.overflowX) && (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth);
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
  const status = () => page.evaluate(() => (navigator as unknown as ConsentApi).p2pConsent.query().then((st) => st.seeding));
  const heard = () => page.evaluate(() => (window as unknown as Heard).heard.slice());
  const stored = () => s.extension.send({ type: "site/get", tabId }).then((v) => v.mode);

  test("fits in 600 px with the evidence closed, in every state, and never scrolls inside", async () => {
    const heights: Record<string, number> = {};
    const p = await popup();
    // At the designed 13 px in both browsers (Chromium's extension stylesheet says body { font-size: 75% }).
    const fontSize = await p.evaluate(() => getComputedStyle(document.body).fontSize);
    console.log(`popup body font size: ${fontSize}`);
    expect(fontSize).toBe("13px");
    heights.undecided = await height(p);
    await getByRole(p, "button", { name: "Allow seeding", exact: true }).click();
    await getByRole(p, "button", { name: "Undo" }).waitFor();
    await getByTestId(p, "allow-expiry").waitFor();
    heights["allowed, undo offered"] = await height(p);
    await getByRole(p, "button", { name: "Block P2P", exact: true }).click();
    await waitFor(stored, { message: "block stored" }, (m) => m === "block");
    await getByRole(p, "button", { name: "Forget my choice (use the default)" }).waitFor();
    heights.blocked = await height(p);
    console.log(`popup heights at 360 px, evidence closed: ${JSON.stringify(heights)}`);
    for (const h of Object.values(heights)) expect(h).toBeLessThanOrEqual(600);
    expect(await scrollers(p)).toEqual([]);
    await getByRole(p, "button", { name: "Why does Seedgate think so?" }).click();
    await getByRole(p, "list", { name: "Why Seedgate thinks so" }).waitFor();
    await getByRole(p, "button", { name: "Traffic and upload budget" }).click();
    await getByRole(p, "heading", { name: "Upload budget" }).waitFor();
    expect(await scrollers(p)).toEqual([]);
  });

  /** Moves the sequential focus starting point to the top of the page (blur alone leaves it at the blurred element). */
  async function toTop(p: TestPage): Promise<void> {
    // Keys go where the window's focus is: into the page again if a Tab past its end left it for the browser's UI
    // (Firefox: from its privileged scope, as its own tests do; selecting the tab does not move focus back).
    await p.bringToFront();
    await s.browser.firefox?.chrome(() => (globalThis as unknown as { gBrowser: { selectedBrowser: { focus(): void } } }).gBrowser.selectedBrowser.focus());
    await p.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.getSelection()?.collapse(document.body, 0);
      window.scrollTo(0, 0);
    });
  }

  /** A focused element's focus ring: :focus-visible, and its outline as drawn. */
  interface Ring {
    visible: boolean;
    style: string;
    width: number;
  }

  /**
   * Every element Tab reaches from the top of the popup, in order (by a data attribute it sets on each), with the
   * focus ring it shows when Tab brings focus to it.
   */
  async function tabStops(p: TestPage): Promise<{ id: string; ring: Ring }[]> {
    await toTop(p);
    const seen: { id: string; ring: Ring }[] = [];
    for (let i = 0; i < 80; i++) {
      await press(p, "Tab");
      const stop = await p.evaluate((n) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        el.dataset.stop ??= String(n);
        const st = getComputedStyle(el);
        return { id: el.dataset.stop, ring: { visible: el.matches(":focus-visible"), style: st.outlineStyle, width: parseFloat(st.outlineWidth) } };
      }, i);
      if (stop === null) continue; // focus left the page for the browser's own UI; the next Tab comes back
      if (seen.some((x) => x.id === stop.id)) break;
      seen.push(stop);
    }
    return seen;
  }

  const KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

  test.each([
    ["undecided", null],
    ["blocked", "block"],
  ] as const)("no arrow, Home, End or Page key from any focus changes the page's status (%s)", async (_name, mode) => {
    if (mode) await s.extension.send({ type: "site/set-mode", site: SITE, mode });
    const before = await waitFor(status, { message: "the page's status settles" }, (st) => st === (mode ? "blocked" : "undecided"));
    await page.evaluate(() => ((window as unknown as Heard).heard = []));
    const p = await popup();
    await getByRole(p, "button", { name: "Why does Seedgate think so?" }).click();
    await getByRole(p, "button", { name: "Traffic and upload budget" }).click();
    await getByRole(p, "heading", { name: "Upload budget" }).waitFor();
    const stops = (await tabStops(p)).map((x) => x.id);
    expect(stops.length).toBeGreaterThanOrEqual(10);
    for (const stop of stops) {
      for (const key of KEYS) {
        await locate(p, `[data-stop="${stop}"]`).focus();
        await press(p, key);
      }
    }
    // Give any change a chance to reach the page (a mode change arrives within 200 ms: popup.spec).
    await pause(500);
    console.log(`${stops.length} focus stops × ${KEYS.length} keys: page status ${await status()}, change events ${JSON.stringify(await heard())}`);
    expect(await heard()).toEqual([]);
    expect(await status()).toBe(before);
    expect(await stored()).toBe(mode ?? "undecided");
  });

  test("keyboard only: Tab reaches every control with a visible focus ring; Enter and Space choose; undo works", async () => {
    const p = await popup();
    await getByRole(p, "button", { name: "Why does Seedgate think so?" }).click();
    await getByRole(p, "button", { name: "Traffic and upload budget" }).click();
    await getByRole(p, "heading", { name: "Upload budget" }).waitFor();
    const reached = await tabStops(p);
    const stops = reached.map((x) => x.id);
    // Every control in the popup is a tab stop.
    const controls = await p.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("button, select, input, a[href], [tabindex]")].filter((el) => !el.hasAttribute("disabled") && el.tabIndex >= 0 && el.offsetParent !== null).map((el) => el.dataset.stop ?? el.outerHTML.slice(0, 80)),
    );
    expect(controls.sort()).toEqual([...stops].sort());
    // Each shows a focus ring when Tab reaches it, read as Tab brought focus there (a script's blur() then focus()
    // gets a ring in Chromium after keyboard use, none in Firefox ESR 153, measured: only the key press tells).
    for (const { id, ring } of reached) expect({ id, ...ring }).toEqual({ id, visible: true, style: "solid", width: 2 });

    /** Tab (or Shift+Tab) until the focused element is `name`, and it has the window's focus too. */
    const tabTo = async (name: string, key = "Tab") => {
      for (let i = 0; i < 60; i++) {
        await press(p, key);
        const at = await p.evaluate(() => ({ label: document.activeElement?.textContent?.trim() ?? "", focused: document.hasFocus() }));
        if (at.label === name) return expect({ name, focused: at.focused }).toEqual({ name, focused: true });
      }
      throw new Error(`${key} never reached "${name}"`);
    };
    await toTop(p);
    await tabTo("Block P2P");
    await press(p, "Enter");
    await waitFor(status, { message: "blocked by Enter" }, (st) => st === "blocked");
    await tabTo("Allow for this visit", "Shift+Tab"); // back from Block, past Download only
    await press(p, "Tab"); // to Download only
    await press(p, "Shift+Tab");
    await press(p, "Shift+Tab"); // back to Allow seeding
    expect(await p.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Allow seeding");
    await press(p, "Space");
    await waitFor(status, { message: "allowed by Space" }, (st) => st === "allowed");
    await tabTo("Undo");
    await press(p, "Enter");
    await waitFor(status, { message: "undone: blocked again" }, (st) => st === "blocked");
    expect(await stored()).toBe("block");
    // Focus went back to Allow, not to the top of the page.
    expect(await p.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Allow seeding");
  });

  test("the undo offer ends after 10 s", async () => {
    const p = await popup();
    const clicked = Date.now();
    await getByRole(p, "button", { name: "Allow seeding", exact: true }).click();
    const undo = getByRole(p, "button", { name: "Undo" });
    await undo.waitFor();
    await undo.waitFor({ state: "detached", timeout: 15_000 });
    const gone = Date.now() - clicked;
    console.log(`undo offer lasted ${gone} ms`);
    expect(gone).toBeGreaterThanOrEqual(10_000);
    expect(gone).toBeLessThan(12_000);
    expect(await stored()).toBe("allow");
  });
});
