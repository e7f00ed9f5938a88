// Node (jest e2e), Firefox ESR with dist/firefox: the guard enforces in Firefox too. A page that declares itself a
// P2P CDN on a site nobody decided gets the undecided bound (64 KiB + 2% of what it received) for uploads, counted
// at the receiving peer on another site; past it, send() throws QuotaExceededError at once. The page API says so.
import type { Page } from "puppeteer-core";
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(90_000);

const KiB = 1024;

interface PeerWindow {
  peer: {
    state(): { phase: string; channel: string; error: string | null };
    bytes(): number;
    send(n: number, size: number): Promise<{ sent: number; threw: number; errors: string[] }>;
  };
}

let firefox: FirefoxSession;
let server: FixtureServer;

beforeAll(async () => {
  [firefox, server] = await Promise.all([
    // Host candidates as plain addresses: the two peers are in one browser, with no mDNS responder here.
    launchFirefox({ prefs: { "media.peerconnection.ice.obfuscate_host_addresses": false } }),
    startFixtureServer(),
  ]);
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

const state = (page: Page) => page.evaluate(() => (window as unknown as PeerWindow).peer.state());

test("an undecided P2P page uploads at most the undecided bound; the rest is refused at once", async () => {
  const room = `ff-${Date.now()}`;
  const receiver = await firefox.newPage(`${server.siteB}/receiver.html?room=${room}`);
  const sender = await firefox.newPage(`${server.siteA}/sender.html?room=${room}`);
  try {
    await waitFor(() => state(sender), { timeout: 30_000, message: "the sender's channel opens" }, (st) => st.channel === "open" || st.error !== null);
    expect((await state(sender)).error).toBeNull();
    const status = await sender.evaluate(() => (navigator as unknown as { p2pConsent: { query(): Promise<{ seeding: string; uploadBudgetBytes: number | null }> } }).p2pConsent.query());
    expect(status).toMatchObject({ seeding: "undecided" });
    expect(status.uploadBudgetBytes).toBeLessThanOrEqual(64 * KiB);

    const result = await sender.evaluate(() => (window as unknown as PeerWindow).peer.send(10, 16 * 1024));
    const received = await waitFor(
      () => receiver.evaluate(() => (window as unknown as PeerWindow).peer.bytes()),
      { timeout: 10_000, message: "the undecided bound arrives" },
      (b) => b >= 64 * KiB,
    );
    // Nothing more arrives afterwards.
    await new Promise((r) => setTimeout(r, 1000));
    const final = await receiver.evaluate(() => (window as unknown as PeerWindow).peer.bytes());
    console.log(`Firefox, undecided: sent ${result.sent}, refused ${result.threw} (${[...new Set(result.errors)].join(", ")}); the receiver got ${final} B`);
    expect(final).toBe(received);
    expect(final).toBe(64 * KiB);
    expect(result).toMatchObject({ sent: 4, threw: 6 });
    expect(new Set(result.errors)).toEqual(new Set(["QuotaExceededError"]));
  } finally {
    await sender.close();
    await receiver.close();
  }
});
