// Node (jest e2e), Chromium and Firefox with the built extension: the demo's real WebTorrent swarm between two tabs on two sites.
// The seeder's site is allowed, the leecher's undecided (download only). The leecher still completes from the
// seeder, and the extension's count of the seeder's uploads equals the bytes that arrived at the leecher.
import type { TestPage as Page } from "./harness/browser-session";
import { startSwarm } from "./harness/swarm";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { server: false, demo: true, });

  const channelBytes = (page: Page) =>
    page.evaluate(() => (window as unknown as { demo: { protocolBytes(): { received: number; sent: number } } }).demo.protocolBytes());

  test("an allowed seeder serves a download-only leecher; the extension counts the seeder's uploads exactly", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const swarm = await startSwarm(s.browser, s.demo);
    try {
      const { leecher } = await swarm.settle({ timeout: 45_000 });
      expect(leecher.fromWebSeed).toBe(0);
      if (s.demo.torrentBytes !== undefined) expect(leecher.fromPeers).toBe(s.demo.torrentBytes);

      // Every byte that arrived at the leecher over its data channels, protocol messages included.
      const arrived = (await channelBytes(swarm.leecher)).received;
      expect(arrived).toBeGreaterThan(leecher.fromPeers);
      const seederTab = await s.extension.tabIdOf(swarm.seeder);
      const seen = await waitFor(() => s.extension.send({ type: "site/get", tabId: seederTab }), { message: "the extension's count of the seeder's uploads" }, (v) => v.tab?.up === arrived);
      expect(seen.tab!.up).toBe(arrived);
      console.log(`seeder uploads counted by Seedgate: ${seen.tab!.up} B; arrived at the leecher: ${arrived} B (content ${leecher.fromPeers} B)`);

      // The leecher uploaded only what downloading needs, within the download-only bound, and nothing was refused.
      const leecherTab = await s.extension.tabIdOf(swarm.leecher);
      // The leecher keeps sending protocol messages (have, keep-alive) and its usage goes in 250 ms batches: read both
      // until they agree, exactly.
      const { l, sent } = await waitFor(
        async () => ({ l: await s.extension.send({ type: "site/get", tabId: leecherTab }), sent: (await channelBytes(swarm.leecher)).sent }),
        { message: "the extension's count of the leecher's uploads" },
        (x) => x.l.tab?.up === x.sent,
      );
      expect(l.effective?.seeding).toBe("undecided");
      expect(l.tab!.up).toBe(sent);
      expect(l.tab!.up).toBeLessThanOrEqual(64 * 1024 + Math.floor(0.02 * l.tab!.down));
      expect(l.tab!.refused).toBe(0);
    } finally {
      await swarm.close();
    }
  });
});
