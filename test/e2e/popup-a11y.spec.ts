// Node (jest e2e), Chromium and Firefox with the built extension: the popup in each state a person meets —
// undecided, allowed, blocked, a detected site with its evidence open, a site with no P2P seen — in light and dark:
// axe-core finds no serious or critical violation, and at 360 px nothing scrolls sideways. The color scheme is
// checked to be in force in the page (matchMedia) before axe runs. SEEDGATE_SHOTS=DIR saves a screenshot of each.
import type { TestPage } from "./harness/browser-session";
import { forEachBrowser } from "./harness/browsers";
import { seriousViolations, shot, widths } from "./harness/axe";
import { getByRole, getByTestId, locate } from "./harness/by-role";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(120_000);

interface ConsentNavigator {
  p2pConsent: { request(decl: { client: string; version?: string }): Promise<unknown> };
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);
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

  async function inScheme(popup: TestPage, scheme: "light" | "dark"): Promise<void> {
    await popup.emulateColorScheme(scheme);
    await waitFor(() => popup.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), { message: `${scheme} in force` }, (dark) => dark === (scheme === "dark"));
  }

  async function popupAt(tabId: number, scheme: "light" | "dark"): Promise<TestPage> {
    const popup = await s.extension.openPopup(tabId);
    await popup.setViewport({ width: 360, height: 800 });
    await inScheme(popup, scheme);
    await waitFor(() => popup.evaluate(() => window.innerWidth), { message: "the 360 px viewport" }, (w) => w === 360);
    await locate(popup, "main[aria-busy=false]").waitFor();
    await locate(popup, "h2#site-heading").waitFor();
    return popup;
  }

  const STATES: { name: string; tab: () => number; mode?: "allow" | "block"; then?: (p: TestPage) => Promise<void> }[] = [
    { name: "undecided", tab: () => detectedTab },
    { name: "allowed", tab: () => detectedTab, mode: "allow" },
    { name: "blocked", tab: () => detectedTab, mode: "block" },
    {
      name: "evidence-open",
      tab: () => detectedTab,
      then: async (p) => {
        await getByRole(p, "button", { name: "Why does Seedgate think so?" }).click();
        await getByRole(p, "list", { name: "Why Seedgate thinks so" }).waitFor();
      },
    },
    { name: "no-p2p", tab: () => quietTab },
    {
      name: "no-p2p-open",
      tab: () => quietTab,
      then: async (p) => {
        await getByRole(p, "button", { name: "Choose what this site may do" }).click();
        await getByRole(p, "button", { name: "Traffic and upload budget" }).click();
        await getByRole(p, "heading", { name: "Upload budget" }).waitFor();
      },
    },
  ];

  // One popup per state; light and dark are checked in it in turn (the scheme switches live, checked in force).
  test.each(STATES.map((st) => [st.name, st] as const))("%s, light and dark: no serious or critical axe violation; nothing scrolls sideways at 360 px", async (name, st) => {
    await s.extension.send(st.mode ? { type: "site/set-mode", site: "127.0.0.1", mode: st.mode } : { type: "site/remove", site: "127.0.0.1" });
    const popup = await popupAt(st.tab(), "light");
    try {
      await st.then?.(popup);
      if (st.mode === "allow") await getByTestId(popup, "allow-expiry").waitFor();
      for (const scheme of ["light", "dark"] as const) {
        await inScheme(popup, scheme);
        await shot(popup, `${browser}-${name}-${scheme}`);
        expect({ scheme, violations: await seriousViolations(popup) }).toEqual({ scheme, violations: [] });
        const w = await widths(popup);
        expect({ scheme, fits: w.scrollWidth <= w.innerWidth }).toEqual({ scheme, fits: true });
      }
    } finally {
      await popup.close();
    }
  });
});
