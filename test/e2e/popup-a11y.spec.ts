// Node (jest e2e), Chromium with dist/chrome: the popup in each state a person meets — undecided, allowed, blocked,
// a detected site with its evidence open, a site with no P2P seen — in light and dark: axe-core finds no serious or
// critical violation, and at 360 px nothing scrolls sideways. SEEDGATE_SHOTS=DIR saves a screenshot of each.
import type { Page } from "playwright-core";
import { seriousViolations, shot, widths } from "./harness/axe";
import { useExtensionSession } from "./harness/session";

jest.setTimeout(120_000);

interface ConsentNavigator {
  p2pConsent: { request(decl: { client: string; version?: string }): Promise<unknown> };
}

const s = useExtensionSession({ ui: true });
let detectedTab = 0;
let quietTab = 0;

beforeAll(async () => {
  // 127.0.0.1 declares itself (evidence); localhost never uses P2P.
  const detected = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
  await detected.evaluate(() => (navigator as unknown as ConsentNavigator).p2pConsent.request({ client: "webtorrent", version: "2.8.5" }));
  const quiet = await s.browser.newPage(`${s.server.siteB}/first-script.html`);
  detectedTab = await s.extension.tabIdOf(detected);
  quietTab = await s.extension.tabIdOf(quiet);
});


async function popupAt(tabId: number, scheme: "light" | "dark"): Promise<Page> {
  const popup = await s.browser.context.newPage();
  await popup.setViewportSize({ width: 360, height: 800 });
  await popup.emulateMedia({ colorScheme: scheme });
  await popup.goto(s.extension.popupUrl(tabId));
  await popup.locator("main[aria-busy=false]").waitFor();
  await popup.locator("h2#site-heading").waitFor();
  return popup;
}

const STATES: { name: string; tab: () => number; mode?: "allow" | "block"; then?: (p: Page) => Promise<void> }[] = [
  { name: "undecided", tab: () => detectedTab },
  { name: "allowed", tab: () => detectedTab, mode: "allow" },
  { name: "blocked", tab: () => detectedTab, mode: "block" },
  {
    name: "evidence-open",
    tab: () => detectedTab,
    then: async (p) => {
      await p.getByRole("button", { name: "Why does Seedgate think so?" }).click();
      await p.getByRole("list", { name: "Why Seedgate thinks so" }).waitFor();
    },
  },
  { name: "no-p2p", tab: () => quietTab },
  {
    name: "no-p2p-open",
    tab: () => quietTab,
    then: async (p) => {
      await p.getByRole("button", { name: "Choose what this site may do" }).click();
      await p.getByRole("button", { name: "Traffic and upload budget" }).click();
      await p.getByRole("heading", { name: "Upload budget" }).waitFor();
    },
  },
];

describe.each(["light", "dark"] as const)("%s", (scheme) => {
  test.each(STATES.map((st) => [st.name, st] as const))("%s: no serious or critical axe violation; nothing scrolls sideways at 360 px", async (name, st) => {
    await s.ui.send(st.mode ? { type: "site/set-mode", site: "127.0.0.1", mode: st.mode } : { type: "site/remove", site: "127.0.0.1" });
    const popup = await popupAt(st.tab(), scheme);
    try {
      await st.then?.(popup);
      if (st.mode === "allow") await popup.getByTestId("allow-expiry").waitFor();
      await shot(popup, `${name}-${scheme}`);
      expect(await seriousViolations(popup)).toEqual([]);
      const w = await widths(popup);
      expect(w.scrollWidth).toBeLessThanOrEqual(w.innerWidth);
    } finally {
      await popup.close();
    }
  });
});
