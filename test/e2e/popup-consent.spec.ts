// Node (jest e2e), Chromium with dist/chrome: the popup asks one question and no stray key answers it.
//  - A detected site's popup, evidence closed, is at most 600 px tall (Chrome's popup limit) in every state,
//    including the undo offer, and nothing in it scrolls on its own (also with the evidence open).
//  - From every focus the popup offers (every disclosure open), no arrow, Home, End, PageUp or PageDown key changes
//    the open page's navigator.p2pConsent status, for an undecided and a blocked site.
//  - Keyboard only: Tab reaches every control, each shows a visible focus ring, Enter and Space choose, and the
//    undo offered after Allow is reachable and works.
// Checked to fail: with radio-group key semantics put back into the choices (ArrowDown chooses the next mode, built
// with `node scripts/build.mjs --out DIR` and run with SEEDGATE_DIST=DIR), both key tests failed: the page heard
// ["allowed","download-only","blocked","allowed"].
import type { Page } from "playwright-core";
import type { P2PConsentStatus } from "../../extension/shared/status";
import { useExtensionSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(120_000);

interface ConsentApi {
  p2pConsent: EventTarget & {
    query(): Promise<P2PConsentStatus>;
    request(decl: { client: string; version?: string }): Promise<P2PConsentStatus>;
  };
}
interface Heard {
  heard: string[];
}

const s = useExtensionSession({ ui: true });
const SITE = "127.0.0.1";
let page: Page;
let tabId = 0;
const opened: Page[] = [];

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
  await s.ui.send({ type: "site/remove", site: SITE });
});

async function popup(width = 360): Promise<Page> {
  const p = await s.browser.context.newPage();
  opened.push(p);
  await p.setViewportSize({ width, height: 800 });
  await p.goto(s.extension.popupUrl(tabId));
  await p.getByRole("heading", { name: SITE, exact: true }).waitFor();
  return p;
}

/** The popup's content height: what Chrome sizes its popup window to (the body's height; the page is taller). */
const height = (p: Page) => p.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
/** Elements that scroll on their own (overflow auto/scroll with more content than room), besides the page itself. */
const scrollers = (p: Page) =>
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
const stored = () => s.ui.send({ type: "site/get", tabId }).then((v) => v.mode);

test("fits in 600 px with the evidence closed, in every state, and never scrolls inside", async () => {
  const heights: Record<string, number> = {};
  const p = await popup();
  heights.undecided = await height(p);
  await p.getByRole("button", { name: "Allow seeding", exact: true }).click();
  await p.getByRole("button", { name: "Undo" }).waitFor();
  await p.getByTestId("allow-expiry").waitFor();
  heights["allowed, undo offered"] = await height(p);
  await p.getByRole("button", { name: "Block P2P", exact: true }).click();
  await waitFor(stored, { message: "block stored" }, (m) => m === "block");
  await p.getByRole("button", { name: "Forget my choice (use the default)" }).waitFor();
  heights.blocked = await height(p);
  console.log(`popup heights at 360 px, evidence closed: ${JSON.stringify(heights)}`);
  for (const h of Object.values(heights)) expect(h).toBeLessThanOrEqual(600);
  expect(await scrollers(p)).toEqual([]);
  await p.getByRole("button", { name: "Why does Seedgate think so?" }).click();
  await p.getByRole("list", { name: "Why Seedgate thinks so" }).waitFor();
  await p.getByRole("button", { name: "Traffic and upload budget" }).click();
  await p.getByRole("heading", { name: "Upload budget" }).waitFor();
  expect(await scrollers(p)).toEqual([]);
});

/** Moves the sequential focus starting point to the top of the page (blur alone leaves it at the blurred element). */
async function toTop(p: Page): Promise<void> {
  await p.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    document.getSelection()?.collapse(document.body, 0);
    window.scrollTo(0, 0);
  });
}

/** Every element Tab reaches from the top of the popup, in order (by a data attribute it sets on each). */
async function tabStops(p: Page): Promise<string[]> {
  await toTop(p);
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    await p.keyboard.press("Tab");
    const id = await p.evaluate((n) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      el.dataset.stop ??= String(n);
      return el.dataset.stop;
    }, i);
    if (id === null) continue; // focus left the page for the browser's own UI; the next Tab comes back
    if (seen.includes(id)) break;
    seen.push(id);
  }
  return seen;
}

const KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

test.each([
  ["undecided", null],
  ["blocked", "block"],
] as const)("no arrow, Home, End or Page key from any focus changes the page's status (%s)", async (_name, mode) => {
  if (mode) await s.ui.send({ type: "site/set-mode", site: SITE, mode });
  const before = await waitFor(status, { message: "the page's status settles" }, (st) => st === (mode ? "blocked" : "undecided"));
  await page.evaluate(() => ((window as unknown as Heard).heard = []));
  const p = await popup();
  await p.getByRole("button", { name: "Why does Seedgate think so?" }).click();
  await p.getByRole("button", { name: "Traffic and upload budget" }).click();
  await p.getByRole("heading", { name: "Upload budget" }).waitFor();
  const stops = await tabStops(p);
  expect(stops.length).toBeGreaterThanOrEqual(10);
  for (const stop of stops) {
    for (const key of KEYS) {
      await p.locator(`[data-stop="${stop}"]`).focus();
      await p.keyboard.press(key);
    }
  }
  // Give any change a chance to reach the page (a mode change arrives within 200 ms: popup.spec).
  await new Promise((r) => setTimeout(r, 500));
  console.log(`${stops.length} focus stops × ${KEYS.length} keys: page status ${await status()}, change events ${JSON.stringify(await heard())}`);
  expect(await heard()).toEqual([]);
  expect(await status()).toBe(before);
  expect(await stored()).toBe(mode ?? "undecided");
});

test("keyboard only: Tab reaches every control with a visible focus ring; Enter and Space choose; undo works", async () => {
  const p = await popup();
  await p.getByRole("button", { name: "Why does Seedgate think so?" }).click();
  await p.getByRole("button", { name: "Traffic and upload budget" }).click();
  await p.getByRole("heading", { name: "Upload budget" }).waitFor();
  const stops = await tabStops(p);
  // Every control in the popup is a tab stop.
  const controls = await p.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("button, select, input, a[href], [tabindex]")].filter((el) => !el.hasAttribute("disabled") && el.tabIndex >= 0 && el.offsetParent !== null).map((el) => el.dataset.stop ?? el.outerHTML.slice(0, 80)),
  );
  expect(controls.sort()).toEqual([...stops].sort());
  // Each shows a focus ring when reached by keyboard.
  for (const stop of stops) {
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.locator(`[data-stop="${stop}"]`).focus();
    const ring = await p.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const st = getComputedStyle(el);
      return { visible: el.matches(":focus-visible"), style: st.outlineStyle, width: parseFloat(st.outlineWidth) };
    });
    expect(ring).toEqual({ visible: true, style: "solid", width: 2 });
  }

  const tabTo = async (name: string) => {
    for (let i = 0; i < 60; i++) {
      await p.keyboard.press("Tab");
      const label = await p.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
      if (label === name) return;
    }
    throw new Error(`Tab never reached "${name}"`);
  };
  await toTop(p);
  await tabTo("Block P2P");
  await p.keyboard.press("Enter");
  await waitFor(status, { message: "blocked by Enter" }, (st) => st === "blocked");
  await tabTo("Allow for this visit");
  await p.keyboard.press("Tab"); // past it: to Download only
  await p.keyboard.press("Shift+Tab");
  await p.keyboard.press("Shift+Tab"); // back to Allow seeding
  expect(await p.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Allow seeding");
  await p.keyboard.press("Space");
  await waitFor(status, { message: "allowed by Space" }, (st) => st === "allowed");
  await tabTo("Undo");
  await p.keyboard.press("Enter");
  await waitFor(status, { message: "undone: blocked again" }, (st) => st === "blocked");
  expect(await stored()).toBe("block");
  // Focus went back to Allow, not to the top of the page.
  expect(await p.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Allow seeding");
});

test("the undo offer ends after 10 s", async () => {
  const p = await popup();
  const clicked = Date.now();
  await p.getByRole("button", { name: "Allow seeding", exact: true }).click();
  const undo = p.getByRole("button", { name: "Undo" });
  await undo.waitFor();
  await undo.waitFor({ state: "detached", timeout: 15_000 });
  const gone = Date.now() - clicked;
  console.log(`undo offer lasted ${gone} ms`);
  expect(gone).toBeGreaterThanOrEqual(10_000);
  expect(gone).toBeLessThan(12_000);
  expect(await stored()).toBe("allow");
});
