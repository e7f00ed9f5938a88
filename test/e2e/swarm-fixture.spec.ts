// Node (jest e2e), Chromium and Firefox without the extension: proves the WebTorrent swarm fixture. A leecher on another
// site with the web seed off receives the whole gallery from the seeder tab, and nothing from the web seed.
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { startSwarm } from "./harness/swarm";

jest.setTimeout(90_000);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { extension: false, server: false, demo: true });

  test("the leecher gets every byte of the gallery from the seeder", async () => {
    const swarm = await startSwarm(s.browser, s.demo);
    try {
      const { seeder, leecher } = await swarm.settle();
      expect(leecher.infoHash).toBe(seeder.infoHash);
      expect(leecher.fromWebSeed).toBe(0);
      expect(leecher.fromPeers).toBe(leecher.downloaded);
      if (s.demo.torrentBytes !== undefined) expect(leecher.fromPeers).toBe(s.demo.torrentBytes);
      expect(seeder.uploaded).toBe(leecher.fromPeers);
    } finally {
      await swarm.close();
    }
  });
});
