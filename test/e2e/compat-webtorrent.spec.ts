// Node (jest e2e), Chromium and Firefox ESR: WebTorrent 2 (the demo gallery, demo/: its tracker, web seed and
// pages) with Seedgate. Allowed: a leecher on another allowed site gets the gallery from the seeder exactly as it
// does without Seedgate. Blocked: a leecher that ignores Seedgate (?consent=0) meets Seedgate's NotAllowedError as
// WebTorrent makes its peer connections, gets nothing from peers and completes from the HTTP web seed. Download
// only: a leecher that follows the decision with the client library's WebTorrent adapter (?adapter=1) downloads
// the gallery from the seeder with no error and no upload.
// Checked against a build without the construct-path refusal of rtc-guard.ts (2026-12-02): the blocked test failed
// in both browsers (a new RTCPeerConnection no longer threw); WebTorrent's own connections were still refused by the
// guard's second layer (setLocalDescription on a blocked site), so it still met Seedgate's message.
import { BROWSERS, launchCompat, peerConnectionError, type BrowserKind, type CompatBrowser, type OpenedPage } from "./harness/compat-browsers";
import { CORPUS_MODES, SITES, startCompatServer, type CompatServer } from "./harness/compat-server";
import { startDemoServer, type DemoServer } from "./harness/demo-server";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(120_000);

/** The second allowed site: WebTorrent pages of one origin share storage, so the leecher is on another site. */
const MODES = { ...CORPUS_MODES, localhost: "allow" } as const;

interface Counts {
  done: boolean;
  fromPeers: number;
  fromWebSeed: number;
  uploaded: number;
  error: string | null;
  mode: string;
  peers: number;
  adapter: { seeding: boolean; paused: boolean } | null;
  consent: { seeding: string } | null;
}
interface DemoWindow {
  demo: {
    ready: Promise<unknown>;
    done(): boolean;
    fromPeers(): number;
    fromWebSeed(): number;
    uploaded(): number;
    error(): string | null;
    mode(): string;
    peers(): number;
    adapter(): Counts["adapter"];
    consent(): Counts["consent"];
  };
}

const countsOf = (page: OpenedPage) =>
  page.evaluate(() => {
    const d = (window as unknown as Partial<DemoWindow>).demo;
    if (!d) return null;
    return { done: d.done(), fromPeers: d.fromPeers(), fromWebSeed: d.fromWebSeed(), uploaded: d.uploaded(), error: d.error(), mode: d.mode(), peers: d.peers(), adapter: d.adapter(), consent: d.consent() };
  }, undefined);

describe.each(BROWSERS)("%s", (kind: BrowserKind) => {
  let server: CompatServer;
  let demo: DemoServer;
  let forwarded: number;
  let plain: CompatBrowser;
  let guarded: CompatBrowser;
  let started = 0;

  beforeAll(async () => {
    started = Date.now();
    [server, demo] = await Promise.all([startCompatServer(), startDemoServer({ contentBytes: 1024 * 1024, fileCount: 2 })]);
    forwarded = await server.forward(demo.port);
    [plain, guarded] = await Promise.all([launchCompat(kind, { extension: false }), launchCompat(kind, { extension: true, modes: MODES })]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), guarded?.close()]);
    await Promise.all([server?.close(), demo?.close()]);
    console.log(`compat-webtorrent, ${kind}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  const siteUrl = (site: string, path: string) => `http://${site}:${site === SITES.allowed || site === "localhost" ? demo.port : forwarded}${path}`;

  const pagesToClose: OpenedPage[] = [];
  afterEach(async () => {
    await Promise.all(pagesToClose.splice(0).map((p) => p.close()));
  });

  async function settled(page: OpenedPage, what: string, timeout = 30_000): Promise<Counts> {
    return (await waitFor(() => countsOf(page), { timeout, message: what }, (c) => Boolean(c && (c.done || c.error)))) as Counts;
  }

  /** A seeder on the allowed site that holds the gallery (from the web seed), then a leecher at `leecherUrl`. */
  async function swarm(browser: CompatBrowser, leecherUrl: string) {
    const seeder = await browser.newPage(siteUrl(SITES.allowed, "/seed.html"));
    try {
      const seeded = await settled(seeder, "the seeder holds the gallery");
      expect(seeded).toMatchObject({ done: true, error: null });
      const leecher = await browser.newPage(leecherUrl);
      try {
        const got = await settled(leecher, "the leecher completes");
        return { seeder: (await countsOf(seeder)) as Counts, leecher: got, leecherPage: leecher };
      } finally {
        pagesToClose.push(leecher);
      }
    } finally {
      await seeder.close();
    }
  }

  test("allowed: a leecher on another allowed site gets the gallery from the seeder as without Seedgate", async () => {
    const url = siteUrl("localhost", "/watch.html?webseed=0");
    const without = await swarm(plain, url);
    const withSeedgate = await swarm(guarded, url);
    // WebTorrent verifies every piece (done = all verified). In its end game it may ask two wires for one block, so a
    // few 16 KiB blocks can arrive twice with or without Seedgate: content from peers is at least the gallery.
    const essentials = (c: Counts) => ({ done: c.done, fromWebSeed: c.fromWebSeed, error: c.error, mode: c.mode, complete: c.fromPeers >= demo.torrentBytes! });
    console.log(`WebTorrent, ${kind}: the leecher got ${without.leecher.fromPeers} B from peers without Seedgate, ${withSeedgate.leecher.fromPeers} B with it (gallery ${demo.torrentBytes} B)`);
    expect(essentials(without.leecher)).toEqual({ done: true, fromWebSeed: 0, error: null, mode: "seed", complete: true });
    expect(essentials(withSeedgate.leecher)).toEqual(essentials(without.leecher));
    expect(withSeedgate.leecher.consent).toMatchObject({ seeding: "allowed" });
  });

  test("blocked: WebTorrent meets Seedgate's NotAllowedError, and the page completes from its HTTP web seed", async () => {
    const { leecher, leecherPage } = await swarm(guarded, siteUrl(SITES.blocked, "/watch.html?consent=0&fallback=1000"));
    expect(leecher).toMatchObject({ done: true, error: null, fromPeers: 0, fromWebSeed: demo.torrentBytes });
    // bittorrent-tracker reports a peer it could not create as a warning: "Connection error: <the error's message>".
    const seen = leecherPage.console.filter((line) => line.includes("Seedgate: peer-to-peer connections are blocked on 127.0.0.2"));
    expect(seen.length).toBeGreaterThan(0);
    const probe = await peerConnectionError(leecherPage);
    expect(probe).toBe("NotAllowedError");
  });

  test("download only: the client library's adapter downloads from the seeder without an error or an upload", async () => {
    const { leecher, leecherPage } = await swarm(guarded, siteUrl(SITES.downloadOnly, "/watch.html?adapter=1&webseed=0"));
    expect(leecher).toMatchObject({ done: true, error: null, fromPeers: demo.torrentBytes, fromWebSeed: 0, uploaded: 0 });
    expect(leecher.consent).toMatchObject({ seeding: "download-only" });
    expect(leecher.adapter).toMatchObject({ seeding: false, paused: false });
    expect(leecherPage.console.filter((line) => /error|exception/i.test(line))).toEqual([]);
  });
});
