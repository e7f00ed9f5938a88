// Node (jest e2e), Chromium and Firefox ESR: p2p-media-loader 2 with hls.js 1.7 (pages/compat/p2pml.html) and a
// local WebSocket tracker. A first viewer on the allowed site loads the stream over HTTP and keeps it; a second
// viewer on another site then plays it:
// - allowed (localhost): from the first viewer over P2P, exactly as it does without Seedgate;
// - blocked (127.0.0.2): p2p-media-loader's peer connections meet Seedgate's NotAllowedError, and the viewer plays the
//   whole stream from the site's HTTP server (its fallback) without a fatal error;
// - download only (127.0.0.3), following Seedgate with the client library's adapter: it downloads from the peer,
//   uploads nothing, and nothing fails.
// The stream (pages/compat/hls/: 12 one-second VP9 segments in fMP4, ~290 KB) was made once with Debian's ffmpeg 5.1:
//   ffmpeg -f lavfi -i testsrc2=size=192x108:rate=15 -t 12 -c:v libvpx-vp9 -b:v 300k -deadline realtime -g 15
//     -keyint_min 15 -f hls -hls_time 1 -hls_segment_type fmp4 -hls_playlist_type vod
//     -hls_fmp4_init_filename init.mp4 -hls_segment_filename seg%02d.m4s stream.m3u8
// VP9 plays in both browsers with their own decoders (no system codec needed).
// Checked against a build without the construct-path refusal of rtc-guard.ts (2026-12-02): the blocked test failed
// in both browsers (a new RTCPeerConnection no longer threw); the engine's own connections were still refused by the
// guard's second layer (setLocalDescription on a blocked site), so it still met Seedgate's message.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { BROWSERS, launchCompat, peerConnectionError, type BrowserKind, type CompatBrowser, type OpenedPage } from "./harness/compat-browsers";
import { CORPUS_MODES, SITES, startCompatServer, type CompatServer } from "./harness/compat-server";
import { pagesDir } from "./harness/paths";

jest.setTimeout(120_000);

const MODES = { ...CORPUS_MODES, localhost: "allow" } as const;
const hlsDir = path.join(pagesDir, "compat", "hls");
const SEGMENT_BYTES = readdirSync(hlsDir)
  .filter((f) => f.endsWith(".m4s"))
  .reduce((sum, f) => sum + statSync(path.join(hlsDir, f)).size, 0);

interface ViewerResult {
  segments: number;
  http: number;
  p2p: number;
  uploaded: number;
  peers: number;
  played: boolean;
  fatal: string | null;
  warnings: string[];
  applied: { isP2PDisabled: boolean; isP2PUploadDisabled: boolean } | null;
  status: string | null;
}
interface FlowArgs {
  tracker: string;
  swarmId: string;
  first: boolean;
  consent?: "adapter";
}

describe.each(BROWSERS)("%s", (kind: BrowserKind) => {
  let server: CompatServer;
  let plain: CompatBrowser;
  let guarded: CompatBrowser;
  let started = 0;
  const open: OpenedPage[] = [];

  beforeAll(async () => {
    started = Date.now();
    server = await startCompatServer();
    [plain, guarded] = await Promise.all([launchCompat(kind, { extension: false }), launchCompat(kind, { extension: true, modes: MODES })]);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), guarded?.close()]);
    await server?.close();
    console.log(`compat-p2p-media-loader, ${kind}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  const origin = (site: string) => (site === "localhost" ? `http://localhost:${server.port}` : `http://${site}:${server.port}`);

  async function view(browser: CompatBrowser, site: string, args: FlowArgs): Promise<{ result: ViewerResult; page: OpenedPage }> {
    const page = await browser.newPage(`${origin(site)}/p2pml.html`);
    open.push(page);
    const result = await page.evaluate((a) => (window as unknown as { flow(a: FlowArgs): Promise<ViewerResult> }).flow(a), args);
    return { result, page };
  }

  /** The first viewer (allowed site, HTTP), then a second on `site`; answers the second's result. */
  async function twoViewers(browser: CompatBrowser, site: string, consent?: "adapter") {
    const swarmId = `${kind}-${browser.withExtension ? "with" : "without"}-${site}-${Date.now()}`;
    const first = await view(browser, SITES.allowed, { tracker: server.trackerUrl, swarmId, first: true });
    expect(first.result).toMatchObject({ segments: 12, http: SEGMENT_BYTES, fatal: null });
    return view(browser, site, { tracker: server.trackerUrl, swarmId, first: false, ...(consent ? { consent } : {}) });
  }

  test("allowed: the second viewer plays the stream from the first over P2P, as without Seedgate", async () => {
    const without = await twoViewers(plain, "localhost");
    const withSeedgate = await twoViewers(guarded, "localhost");
    const essentials = (r: ViewerResult) => ({ segments: r.segments, http: r.http, p2p: r.p2p, played: r.played, fatal: r.fatal });
    expect(essentials(without.result)).toEqual({ segments: 12, http: 0, p2p: SEGMENT_BYTES, played: true, fatal: null });
    expect(essentials(withSeedgate.result)).toEqual(essentials(without.result));
  });

  test("blocked: P2P meets Seedgate's NotAllowedError; the viewer plays everything over HTTP", async () => {
    const { result, page } = await twoViewers(guarded, SITES.blocked);
    expect(result).toMatchObject({ segments: 12, http: SEGMENT_BYTES, p2p: 0, peers: 0, played: true, fatal: null });
    expect(result.warnings.some((w) => w.includes("Seedgate: peer-to-peer connections are blocked on 127.0.0.2"))).toBe(true);
    const probe = await peerConnectionError(page);
    expect(probe).toBe("NotAllowedError");
  });

  test("download only: with the client library's adapter it downloads from the peer, uploads nothing, no error", async () => {
    const { result } = await twoViewers(guarded, SITES.downloadOnly, "adapter");
    expect(result).toMatchObject({ segments: 12, uploaded: 0, played: true, fatal: null, status: "download-only" });
    expect(result.applied).toEqual({ isP2PDisabled: false, isP2PUploadDisabled: true });
    expect(result.p2p).toBeGreaterThan(0);
    expect(result.p2p + result.http).toBe(SEGMENT_BYTES);
  });
});
