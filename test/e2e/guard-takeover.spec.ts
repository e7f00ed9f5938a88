// Node (jest e2e), Chromium and Firefox ESR with the built extension: hostile pages that try to take the guard over
// or to grow their allowance with what they control (docs/threat-model.md, classes 1, 2, 3 and 6). Each sends from
// a page on site A (127.0.0.1) to a receiver on site B (localhost); bytes are counted where they arrive.
//
// Each fails without its defence (checked with SEEDGATE_DIST pointing at a build without it, see the comment of
// each test): the hijacked handshake delivered everything it sent and the page API said "allowed"; forged message
// events raised the undecided bound to megabytes; the rigged iterator moved the channel to a worker, which sent
// all of it; a page loaded while metered was treated as unmetered.
import type { Page as PwPage } from "playwright-core";
import { randomUUID } from "node:crypto";
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { extensionOf } from "./harness/extension";
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { openUi, type Ui } from "./harness/ui";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(120_000);

const KiB = 1024;
const BOUND = 64 * KiB;
/** What each hostile sender tries to get out: 2 MiB, 32 times the undecided bound. */
const ATTEMPT = { n: 128, size: 16 * KiB };

/** The evaluate() both drivers share (playwright-core and puppeteer-core pages). */
interface AnyPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}
interface Driver {
  open(url: string): Promise<AnyPage>;
  close(): Promise<void>;
}
interface PeerState {
  phase: string;
  channel: string;
  error: string | null;
  bytes: number;
  buffered: number;
}
interface Status {
  seeding: string;
  uploadBudgetBytes: number | null;
  metered: boolean;
  reason: string;
}
interface PeerWindow {
  peer: {
    state(): PeerState;
    send(n: number, size: number): Promise<{ sent: number; threw: number; errors: string[] }>;
    channel(): RTCDataChannel;
  };
  takeover?: { offers: number; portsTaken: number; guardSpoke: number };
}

const peerState = (p: AnyPage) => p.evaluate(() => (window as unknown as PeerWindow).peer.state(), null);
const query = (p: AnyPage) => p.evaluate(() => (navigator as unknown as { p2pConsent: { query(): Promise<Status> } }).p2pConsent.query(), null);

/** A hostile sender page on site A and a receiver on site B, joined by one data channel. */
async function pair(d: Driver, server: FixtureServer, senderPath: string, { waitOpen = true } = {}) {
  const room = randomUUID();
  const receiver = await d.open(`${server.siteB}/receiver.html?room=${room}`);
  const sender = await d.open(`${server.siteA}${senderPath}?room=${room}`);
  if (waitOpen) {
    await waitFor(
      async () => [await peerState(sender), await peerState(receiver)] as const,
      { timeout: 30_000, message: "both ends of the channel open" },
      ([a, b]) => {
        if (a.phase === "failed" || b.phase === "failed") throw new Error(`peer failed: ${a.error ?? b.error}`);
        return a.channel === "open" && b.channel === "open";
      },
    );
  }
  return {
    room,
    sender,
    receiver,
    send: () => sender.evaluate(([n, size]) => (window as unknown as PeerWindow).peer.send(n, size), [ATTEMPT.n, ATTEMPT.size] as const),
    /** Bytes at the receiver once they stop growing. */
    async received(): Promise<number> {
      let last = -1;
      const r = await waitFor(
        async () => {
          const b = (await peerState(receiver)).bytes;
          const settled = b === last;
          last = b;
          return { b, settled };
        },
        { timeout: 30_000, interval: 700, message: "the receiver settles" },
        (x) => x.settled,
      );
      return r.b;
    },
    async close() {
      await sender.close();
      await receiver.close();
    },
  };
}

const browsers = ["chromium", "firefox"] as const;

describe.each(browsers)("%s", (name) => {
  let driver: Driver;
  let server: FixtureServer;
  let chromium: ChromiumSession | null = null;
  let firefox: FirefoxSession | null = null;
  let ui: Ui | null = null;

  beforeAll(async () => {
    server = await startFixtureServer();
    if (name === "chromium") {
      chromium = await launchChromium();
      ui = await openUi(chromium, await extensionOf(chromium));
      const c = chromium;
      driver = { open: (url) => c.newPage(url) as Promise<AnyPage>, close: () => c.close() };
    } else {
      // Host candidates as plain addresses: both peers are in one browser, with no mDNS responder here.
      firefox = await launchFirefox({ prefs: { "media.peerconnection.ice.obfuscate_host_addresses": false } });
      const f = firefox;
      driver = { open: (url) => f.newPage(url) as Promise<AnyPage>, close: () => f.close() };
    }
  });
  afterAll(async () => {
    await driver?.close();
    await server?.close();
  });
  afterEach(async () => {
    if (ui) for (const site of ["127.0.0.1", "localhost"]) await ui.send({ type: "site/remove", site });
  });

  // Class 1. Without the defence (the build before this commit: the bridge stayed silent when the page's markup
  // carried `data-seedgate-adopted`, and the guard took offers until a later task), the guard took the page's
  // port: query() said "allowed" and all 2,097,152 bytes arrived.
  test("a page cannot hand the guard a port or take the bridge's: its uploads stay within the undecided bound", async () => {
    const p = await pair(driver, server, "/takeover.html");
    try {
      const result = await p.send();
      const got = await p.received();
      const status = await query(p.sender);
      const seen = await p.sender.evaluate(() => (window as unknown as PeerWindow).takeover!, null);
      console.log(`${name}, takeover page: ${seen.offers} port offers, ${seen.portsTaken} bridge ports taken; status ${status.seeding}; sent ${result.sent}, refused ${result.threw}; receiver got ${got} B`);
      expect(got).toBeLessThanOrEqual(BOUND);
      expect(result.threw).toBeGreaterThan(0);
      expect(status.seeding).toBe("undecided");
      expect(seen.portsTaken).toBe(0);
    } finally {
      await p.close();
    }
  });

  // Class 2. Without the defence (counting every `message` event the guard's listener saw), 200 forged events of
  // 1 MiB in one tab raised the site's bound by 4 MiB: a second tab of the site was told 4,194,304 B more and all
  // 2,097,152 bytes it sent arrived.
  test("message events the page dispatches itself count as nothing received", async () => {
    const forger = await pair(driver, server, "/sender.html");
    try {
      await forger.sender.evaluate(() => {
        const dc = (window as unknown as PeerWindow).peer.channel();
        for (let i = 0; i < 200; i++) dc.dispatchEvent(new MessageEvent("message", { data: new ArrayBuffer(1 << 20) }));
      }, null);
      // Two usage reports later (250 ms each), a forged count would have reached the background.
      await new Promise((r) => setTimeout(r, 1500));
      const p = await pair(driver, server, "/sender.html");
      try {
        const status = await query(p.sender);
        const result = await p.send();
        const got = await p.received();
        console.log(`${name}, forged receives: another tab's budget ${status.uploadBudgetBytes}; sent ${result.sent}, refused ${result.threw}; receiver got ${got} B`);
        expect(got).toBeLessThanOrEqual(BOUND);
        expect(status.uploadBudgetBytes).toBeLessThanOrEqual(BOUND);
      } finally {
        await p.close();
      }
    } finally {
      await forger.close();
    }
  });

  // Class 3. Without the defence (the guard handed postMessage an array of the page's realm), the rigged iterator
  // yielded the channel to the browser, the worker got it and sent all 2,097,152 bytes.
  test("a channel cannot reach a worker through a transfer list whose iteration the page rigged", async () => {
    const room = randomUUID();
    const receiver = await driver.open(`${server.siteB}/receiver.html?room=${room}`);
    const sender = await driver.open(`${server.siteA}/transfer.html`);
    try {
      const out = await sender.evaluate(
        ([room, n, size]) => (window as unknown as { transfer: { run(r: string, n: number, s: number): Promise<{ transferred: boolean; error: string | null; sent: number }> } }).transfer.run(room, n, size),
        [room, ATTEMPT.n, ATTEMPT.size] as const,
      );
      await new Promise((r) => setTimeout(r, 1500));
      const got = (await peerState(receiver)).bytes;
      console.log(`${name}, rigged transfer list: transferred ${out.transferred} (${out.error}); worker sent ${out.sent}; receiver got ${got} B`);
      expect(out.transferred).toBe(false);
      expect(got).toBe(0);
    } finally {
      await sender.close();
      await receiver.close();
    }
  });

  if (name === "chromium") {
    // Fail closed without breaking the page: connections made before the policy arrives (the page's first 60 ms)
    // wait, and on a blocked site each ends with Seedgate's NotAllowedError. Before engine.ts's `started` the block
    // closed them all, and a connection whose createOffer was still pending never settled (Chromium): under load
    // the fixture's sender hung (seen once in the full run); here 30 connections are staggered across that moment.
    // Checked with a build without `started` (SEEDGATE_DIST): 20 and 23 of 30 settled in 10 s, the rest hung.
    test("on a blocked site, connections made before the policy is known end with NotAllowedError, none hangs", async () => {
      await ui!.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" });
      server.page(
        "/early-connections.html",
        `<!doctype html><meta name="p2p-cdn" content="fixture"><script>
        window.outcomes = [];
        for (let i = 0; i < 30; i++) setTimeout(() => {
          let pc;
          try { pc = new RTCPeerConnection({ iceServers: [] }); } catch (e) { window.outcomes.push("ctor " + e.name); return; }
          pc.createDataChannel("x");
          pc.createOffer().then((o) => pc.setLocalDescription(o)).then(() => window.outcomes.push("gathering"), (e) => window.outcomes.push("sld " + e.name));
        }, i * 2);
        </script>`,
      );
      const page = await driver.open(`${server.siteA}/early-connections.html`);
      try {
        const outcomes = await waitFor(() => page.evaluate(() => (window as unknown as { outcomes: string[] }).outcomes, null), { timeout: 10_000, message: "all 30 settle" }, (o) => o.length === 30);
        console.log(`chromium, early connections on a blocked site: ${JSON.stringify(Object.entries(outcomes.reduce<Record<string, number>>((a, o) => ((a[o] = (a[o] ?? 0) + 1), a), {})))}`);
        for (const o of outcomes) expect(o).toMatch(/NotAllowedError$/);
      } finally {
        await page.close();
      }
    });

    // Class 1 on a blocked site: nothing may connect at all.
    test("on a blocked site the takeover page gets no connection: NotAllowedError, nothing arrives", async () => {
      await ui!.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" });
      const p = await pair(driver, server, "/takeover.html", { waitOpen: false });
      try {
        const failed = await waitFor(() => peerState(p.sender), { timeout: 15_000, message: "the sender fails" }, (st) => st.phase === "failed");
        expect(failed.error).toMatch(/^NotAllowedError/);
        expect((await query(p.sender)).seeding).toBe("blocked");
        await new Promise((r) => setTimeout(r, 1000));
        expect((await peerState(p.receiver)).bytes).toBe(0);
      } finally {
        await p.close();
      }
    });

    // Class 6 (Firefox has no navigator.connection: its metered switch is the user's, see budgets specs). Without
    // the defence (the guard reported the metered state before it had a port, and the report was lost), the allowed
    // page was never metered and all 2,097,152 bytes arrived.
    test("a page loaded while the connection is metered is metered from its first byte", async () => {
      await ui!.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
      const c = chromium!;
      const room = randomUUID();
      const receiver = (await c.newPage(`${server.siteB}/receiver.html?room=${room}`)) as AnyPage;
      const page = (await c.newPage()) as PwPage;
      const cdp = await c.context.newCDPSession(page);
      await cdp.send("Emulation.setDataSaverOverride", { dataSaverEnabled: true });
      await page.goto(`${server.siteA}/sender.html?room=${room}`);
      try {
        await waitFor(() => peerState(page as unknown as AnyPage), { timeout: 30_000, message: "the channel opens" }, (st) => st.channel === "open");
        const status = await query(page as unknown as AnyPage);
        expect(status).toMatchObject({ metered: true, seeding: "download-only", reason: "metered" });
        const result = await page.evaluate(([n, size]) => (window as unknown as PeerWindow).peer.send(n, size), [ATTEMPT.n, ATTEMPT.size] as const);
        await new Promise((r) => setTimeout(r, 1500));
        const got = (await peerState(receiver)).bytes;
        console.log(`chromium, loaded while metered: ${JSON.stringify(status)}; sent ${result.sent}, refused ${result.threw}; receiver got ${got} B`);
        expect(got).toBeLessThanOrEqual(BOUND);
      } finally {
        await cdp.detach().catch(() => {});
        await page.close();
        await receiver.close();
      }
    });
  }
});
