// Node (jest e2e), Chromium without the extension: proves the WebTorrent swarm fixture. A leecher on another
// site with the web seed off receives the whole gallery from the seeder tab, and nothing from the web seed.
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { startDemoServer, type DemoServer } from "./harness/demo-server";
import { startSwarm } from "./harness/swarm";

jest.setTimeout(90_000);

let browser: ChromiumSession;
let demo: DemoServer;

beforeAll(async () => {
  [browser, demo] = await Promise.all([launchChromium({ extension: false }), startDemoServer()]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

test("the leecher gets every byte of the gallery from the seeder", async () => {
  const swarm = await startSwarm(browser.context, demo);
  try {
    const { seeder, leecher } = await swarm.settle();
    expect(leecher.infoHash).toBe(seeder.infoHash);
    expect(leecher.fromWebSeed).toBe(0);
    expect(leecher.fromPeers).toBe(leecher.downloaded);
    if (demo.torrentBytes !== undefined) expect(leecher.fromPeers).toBe(demo.torrentBytes);
    expect(seeder.uploaded).toBe(leecher.fromPeers);
  } finally {
    await swarm.close();
  }
});
