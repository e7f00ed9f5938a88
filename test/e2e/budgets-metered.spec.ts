// Node (jest e2e), Chromium and Firefox with the built extension: a metered connection emulated over CDP (Data Saver
// on, cellular network conditions; Chromium on Linux has no navigator.connection.type, saveData is what it reports)
// switches the live budget to the metered one (Chromium only); the user's switch does the same in both browsers
// (Firefox has no navigator.connection: the switch is all it has), counted at the receiving peer.
import { openTransfer } from "./harness/budget-transfer";
import type { TestPage } from "./harness/browser-session";
import { forEachBrowser, skipIn } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

const KiB = 1024;
const MiB = 1024 * KiB;
const METERED = 128 * KiB;

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);
  jest.setTimeout(90_000);

  type Seen = { at: number; metered: boolean; budget: number | null; reason: string };
  const seen = (page: TestPage) => page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);

  afterEach(async () => {
    await s.extension.send({ type: "metered/set-manual", on: false, until: null });
    await s.extension.send({ type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: 0 });
    for (const site of ["127.0.0.1", "localhost"]) await s.extension.send({ type: "site/remove", site });
  });

  skipIn(browser, "firefox", "no navigator.connection and no CDP network emulation in Firefox")("CDP metered emulation switches the live budget to the metered one within 1 s, and it holds", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    await s.extension.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: 4 * MiB, monthlyBudgetBytes: null, rateLimitBps: null });
    await s.extension.send({ type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: METERED });
    const t = await openTransfer(s.browser, s.server, 1);
    const page = t.pairs[0]!.sender.page;
    try {
      expect(await page.evaluate(() => navigator.p2pConsent.query())).toMatchObject({ metered: false, uploadBudgetBytes: 4 * MiB });
      await page.evaluate(() => {
        const w = window as unknown as { seen: Seen[] };
        w.seen = [];
        navigator.p2pConsent.addEventListener("change", (e) => {
          const st = (e as Event & { status: { metered: boolean; uploadBudgetBytes: number | null; reason: string } }).status;
          w.seen.push({ at: Date.now(), metered: st.metered, budget: st.uploadBudgetBytes, reason: st.reason });
        });
      });
      const cdp = await s.browser.chromium!.context.newCDPSession(page as unknown as import("playwright-core").Page);
      await cdp.send("Emulation.setDataSaverOverride", { dataSaverEnabled: true });
      const start = Date.now();
      // Data Saver alone fires no `change` on navigator.connection; a change of network conditions does.
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 750_000, uploadThroughput: 250_000, connectionType: "cellular3g" });
      const events = await waitFor(() => seen(page), { message: "the metered change event" }, (e) => e.some((x) => x.metered));
      const hit = events.find((x) => x.metered)!;
      console.log(`metered emulation -> page change event (metered, budget ${hit.budget}) after ${hit.at - start} ms`);
      expect(hit.at - start).toBeLessThan(1000);
      expect(hit.budget).toBe(METERED);
      // Enforced: only the metered budget goes out.
      await t.sendAll(32, 16 * KiB);
      const total = await t.settled();
      expect(total).toBeLessThanOrEqual(METERED);
      expect(total).toBeGreaterThanOrEqual(METERED - 16 * KiB);
      // Back to an unmetered connection: the site's own budget again (less what went out while metered).
      await cdp.send("Emulation.setDataSaverOverride", {});
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1, connectionType: "none" });
      const back = await waitFor(() => seen(page), { message: "the unmetered change event" }, (e) => e.at(-1)?.metered === false);
      expect(back.at(-1)!.budget).toBe(4 * MiB - total);
      await cdp.detach();
    } finally {
      await t.close();
    }
  });

  test("the user's switch: metered with the default rule (budget 0) means download only, and it ends at its expiry", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    try {
      expect(await page.evaluate(() => navigator.p2pConsent.query())).toMatchObject({ seeding: "allowed", metered: false, uploadBudgetBytes: null });
      const until = new Date(Date.now() + 3000).toISOString();
      await s.extension.send({ type: "metered/set-manual", on: true, until });
      const on = await waitFor(() => page.evaluate(() => navigator.p2pConsent.query()), { message: "metered" }, (x) => x.metered);
      // Download only is not capped by the metered budget (it is what the metered rule falls back to).
      expect(on).toMatchObject({ seeding: "download-only", reason: "metered", uploadBudgetBytes: 64 * KiB });
      const off = await waitFor(() => page.evaluate(() => navigator.p2pConsent.query()), { timeout: 8000, message: "the switch expires" }, (x) => !x.metered);
      expect(off).toMatchObject({ seeding: "allowed", reason: "user" });
      const view = await s.extension.send({ type: "budgets/site", site: "127.0.0.1" });
      expect(view.metered).toMatchObject({ metered: false });
    } finally {
      await page.close();
    }
  });

  test("the user's switch with a metered budget: the live budget drops to it at once, and only it goes out", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    // 4 MiB left today whatever an earlier test of this file used (the day's counter is the site's).
    const { usedToday } = await s.extension.send({ type: "budgets/site", site: "127.0.0.1" });
    await s.extension.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: usedToday + 4 * MiB, monthlyBudgetBytes: null, rateLimitBps: null });
    await s.extension.send({ type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: METERED });
    const t = await openTransfer(s.browser, s.server, 1);
    const page = t.pairs[0]!.sender.page;
    try {
      expect(await page.evaluate(() => navigator.p2pConsent.query())).toMatchObject({ metered: false, uploadBudgetBytes: 4 * MiB });
      await s.extension.send({ type: "metered/set-manual", on: true, until: null });
      // The metered budget is the month's: METERED more than an earlier test of this file used while metered.
      const view = await s.extension.send({ type: "budgets/site", site: "127.0.0.1" });
      const usedMetered = view.bars.find((b) => b.kind === "metered-month")?.used ?? 0;
      await s.extension.send({ type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: usedMetered + METERED });
      const on = await waitFor(() => page.evaluate(() => navigator.p2pConsent.query()), { message: "metered, with the metered budget" }, (x) => x.metered && x.uploadBudgetBytes === METERED);
      expect(on.uploadBudgetBytes).toBe(METERED);
      await t.sendAll(32, 16 * KiB); // 512 KiB attempted
      const total = await t.settled();
      console.log(`${browser}, manual metered switch: ${total} B at the receiver (metered budget ${METERED})`);
      expect(total).toBeLessThanOrEqual(METERED);
      expect(total).toBeGreaterThanOrEqual(METERED - 16 * KiB);
      // Off again: the site's own budget, less what went out while metered.
      await s.extension.send({ type: "metered/set-manual", on: false, until: null });
      const off = await waitFor(() => page.evaluate(() => navigator.p2pConsent.query()), { message: "unmetered" }, (x) => !x.metered);
      expect(off.uploadBudgetBytes).toBe(4 * MiB - total);
    } finally {
      await t.close();
    }
  });
});
