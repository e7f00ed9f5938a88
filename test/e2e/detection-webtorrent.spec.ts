// Node (jest e2e), Chromium and Firefox with the built extension: a real WebTorrent seeder (the demo gallery, with a client that does not
// know Seedgate and a bundle whose name says nothing, so neither declared nor script evidence exists) on an
// undecided site is detected from its traffic — the BitTorrent handshake on its first data channel — and badged
// within 1 s of its first peer connection. Measured: the page's time of its first open data channel to the time the
// test first reads a non-empty badge (both on this machine's wall clock).
import type { TestPage as Page } from "./harness/browser-session";
import { counts, openDemo } from "./harness/swarm";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(90_000);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { server: false, demo: true, });

  /** The wall-clock time of the page's first open peer data channel (0 while there is none). */
  const firstPeerAt = (page: Page) =>
    page.evaluate(() => {
      const t = (window as unknown as { demo: { timings: { firstPeer: number } } }).demo.timings.firstPeer;
      return t ? performance.timeOrigin + t : 0;
    });

  test("an undeclared WebTorrent seeder on an undecided site is badged within 1 s of its first peer connection", async () => {
    const seeder = await openDemo(s.browser, `${s.demo.seederOrigin}/seed.html?consent=0&bundle=anon`);
    const leechers: Page[] = [];
    try {
      await waitFor(() => counts(seeder), { timeout: 30_000, message: "the seeder holds the gallery" }, (c) => c.done);
      const tabId = await s.extension.tabIdOf(seeder);
      // Nothing so far says this site is a P2P CDN: it fetched from its own web seed and opened a tracker socket.
      const before = await s.extension.send({ type: "site/get", tabId });
      expect(before.evidence).toEqual([]);
      expect((await s.extension.badge(tabId)).text).toBe("");

      // Poll the badge as fast as the worker answers, from before any peer connects.
      let badgeAt = 0;
      let badgeText = "";
      let polling = true;
      const poll = (async () => {
        while (polling && badgeAt === 0) {
          const b = await s.extension.badge(tabId);
          if (b.text !== "") {
            badgeAt = Date.now();
            badgeText = b.text;
          }
        }
      })();
      leechers.push(await openDemo(s.browser, `${s.demo.leecherOrigin}/watch.html?webseed=0`));
      try {
        await waitFor(async () => badgeAt, { timeout: 20_000, interval: 20, message: "a badge on the seeder's tab" }, (t) => t > 0);
      } finally {
        polling = false;
        await poll;
      }
      const connectedAt = await waitFor(() => firstPeerAt(seeder), { message: "the seeder's first peer connection" }, (t) => t > 0);
      const delay = badgeAt - connectedAt;
      console.log(`WebTorrent seeder: badge "${badgeText}" ${delay.toFixed(0)} ms after its first peer connection`);
      expect(["?", "!"]).toContain(badgeText);
      expect(delay).toBeLessThan(1_000);

      const view = await s.extension.send({ type: "site/get", tabId });
      expect(view.detected).toBe(true);
      const kinds = view.evidence.map((e) => `${e.kind}:${e.client ?? ""}`);
      expect(kinds).toEqual(expect.arrayContaining(["behaviour:", "signature:webtorrent"]));
      expect(view.evidence.find((e) => e.kind === "behaviour")?.detail).toMatch(/BitTorrent wire handshake/);
    } finally {
      await Promise.all([seeder.close(), ...leechers.map((p) => p.close())]);
    }
  });
});
