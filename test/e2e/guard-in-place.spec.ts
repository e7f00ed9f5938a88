// Node (jest e2e), Chromium and Firefox with the built extension: the guard is in place before the first script of the top page and
// of every kind of frame (srcdoc, same-origin, cross-site, nested, sandboxed, blob:, data:, and a frame parsed by
// a document the browser loaded into an adopted about:blank global), as the page sees it.
import { waitFor } from "./harness/wait-for";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  const FRAMES = ["top", "srcdoc", "same-origin", "cross-site", "nested", "sandboxed", "blob", "data", "adopted-child"];

  test("navigator.p2pConsent exists in the first script of the top page and of every frame", async () => {
    // Some frames never finish loading (a /hang document), so the page's load event never comes.
    const page = await s.browser.newPage(`${s.server.siteA}/frames.html`, { waitUntil: "commit" });
    try {
      const seen = await waitFor(
        () => page.evaluate(() => (window as unknown as { seen: Record<string, string> }).seen),
        { message: "every frame reported" },
        (s) => FRAMES.every((f) => f in s),
      );
      expect(seen).toEqual({ ...Object.fromEntries(FRAMES.map((f) => [f, "object"])), reused: true });
    } finally {
      await page.close();
    }
  });

  test("the page API answers in the first script's frame without waiting on the user", async () => {
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    try {
      const status = await page.evaluate(() => navigator.p2pConsent.request({ client: "fixture", version: "1.0" }));
      expect(status).toEqual({ seeding: "undecided", uploadBudgetBytes: 64 * 1024, uploadRateLimitBps: null, metered: false, reason: "default", resetsAt: null });
    } finally {
      await page.close();
    }
  });
});
