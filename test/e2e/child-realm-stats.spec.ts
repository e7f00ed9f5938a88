// Node (jest e2e), Chromium with dist/chrome and Firefox ESR with dist/firefox: issue 17's renderer crash. A page
// runs both ends of a peer connection inside a script-made same-origin about:blank frame, re-navigates the frame
// to about:blank and does it again, then removes the frame; three rounds per tab. The guard reads every connection's
// stats when it becomes connected; until the fix it iterated the child realm's RTCStatsReport with the top realm's
// forEach, which kills Chromium 156's renderer ("Target crashed") from the second such call on: 3 of 3 tabs
// before the fix (checked with SEEDGATE_DIST pointing at a build of the parent commit), 0 after. Firefox never
// crashed, but the same rounds found a guard exception there (below).
import type { Page as ChromiumPage } from "playwright-core";
import type { Page as FirefoxPage } from "puppeteer-core";
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { useExtensionSession } from "./harness/session";

jest.setTimeout(120_000);

interface Round {
  sent: number;
  got: number;
  state: string;
}
const ROUNDS = 3;
const run = (page: ChromiumPage | FirefoxPage) =>
  (page as ChromiumPage).evaluate(() => (window as unknown as { childRealmPeers: { round(): Promise<{ rounds: Round[] }> } }).childRealmPeers.round());

function expectConnected(results: { rounds: Round[] }[]): void {
  expect(results).toHaveLength(ROUNDS);
  for (const r of results) {
    // Both realms of the frame connected and delivered (the scenario really ran, with the stats read in between).
    expect(r.rounds).toHaveLength(2);
    for (const x of r.rounds) expect(x.state).toBe("connected/connected");
  }
}

const s = useExtensionSession();

test("Chromium: both ends in a script-made about:blank frame, re-navigated and removed, three rounds: no renderer crash", async () => {
  const page = await s.browser.newPage(`${s.server.siteA}/child-realm-peers.html`);
  let crashed = false;
  page.on("crash", () => (crashed = true));
  try {
    const results: { rounds: Round[] }[] = [];
    for (let i = 0; i < ROUNDS && !crashed; i++) results.push(await run(page));
    expect(crashed).toBe(false);
    expectConnected(results);
    // The tab is still alive afterwards (a late crash would show here).
    expect(await page.evaluate(() => document.readyState)).toBe("complete");
  } finally {
    await page.close();
  }
});

describe("Firefox", () => {
  let firefox: FirefoxSession;
  beforeAll(async () => {
    firefox = await launchFirefox({ prefs: { "media.peerconnection.ice.obfuscate_host_addresses": false } });
  });
  afterAll(async () => {
    await firefox?.close();
  });

  // In Firefox the third round's page call used to throw NS_ERROR_UNEXPECTED from the guard: the usage report read
  // the state of a connection whose frame had been removed (a dead object there). Checked against the build before
  // engine.ts's stateOf: this test failed with that error; without the add-on 3 of 3 rounds pass.
  test("the same rounds: no crash, every realm connects, no error from the guard", async () => {
    const page = await firefox.newPage(`${s.server.siteA}/child-realm-peers.html`);
    try {
      const results: { rounds: Round[] }[] = [];
      for (let i = 0; i < ROUNDS; i++) results.push(await run(page));
      expectConnected(results);
      expect(await page.evaluate(() => document.readyState)).toBe("complete");
    } finally {
      await page.close();
    }
  });
});
