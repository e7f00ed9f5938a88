// Node (jest e2e), Chromium and Firefox ESR: an encoded-frame transform can write any bytes into the video frames a
// page sends, so a site that may not seed cannot put one on a media sender (docs/threat-model.md, "Media"); a
// site nobody decided and nothing detected (a call, which may use transforms for end-to-end encryption) can.
// Without the defence (the build before media-guard.ts, SEEDGATE_DIST=<old dist>) the limited page's transform is
// set, and the first test fails.
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";

jest.setTimeout(90_000);

interface AnyPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

/** A sender page: a canvas track on a local connection, then a script transform on its sender. */
const page = (declared: boolean) => `<!doctype html><meta charset="utf-8">
${declared ? '<meta name="p2p-cdn" content="seedgate-fixture">' : ""}
<script>
window.tryTransform = async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  const track = canvas.captureStream(10).getVideoTracks()[0];
  const pc = new RTCPeerConnection({ iceServers: [] });
  const sender = pc.addTrack(track);
  const worker = new Worker(URL.createObjectURL(new Blob(["onrtctransform = () => {};"], { type: "text/javascript" })));
  try {
    sender.transform = new RTCRtpScriptTransform(worker, {});
    return { set: sender.transform !== null, error: null };
  } catch (e) {
    return { set: false, error: e.name + ": " + e.message };
  } finally {
    pc.close();
    worker.terminate();
  }
};
</script>`;

describe.each(["chromium", "firefox"] as const)("%s", (name) => {
  let server: FixtureServer;
  let chromium: ChromiumSession | null = null;
  let firefox: FirefoxSession | null = null;
  const open = async (url: string): Promise<AnyPage> => (chromium ? ((await chromium.newPage(url)) as AnyPage) : ((await firefox!.newPage(url)) as AnyPage));

  beforeAll(async () => {
    server = await startFixtureServer();
    server.page("/media-declared.html", page(true));
    server.page("/media-call.html", page(false));
    if (name === "chromium") chromium = await launchChromium();
    else firefox = await launchFirefox();
  });
  afterAll(async () => {
    await chromium?.close();
    await firefox?.close();
    await server?.close();
  });

  const run = async (origin: string, path: string) => {
    const p = await open(`${origin}${path}`);
    try {
      // The policy first: a transform is refused until it is known.
      await p.evaluate(() => (navigator as unknown as { p2pConsent: { query(): Promise<unknown> } }).p2pConsent.query(), null);
      return await p.evaluate(() => (window as unknown as { tryTransform(): Promise<{ set: boolean; error: string | null }> }).tryTransform(), null);
    } finally {
      await p.close();
    }
  };

  test("a P2P CDN page that may not seed cannot put an encoded-frame transform on a media sender", async () => {
    const r = await run(server.siteA, "/media-declared.html");
    console.log(`${name}, limited site: ${JSON.stringify(r)}`);
    expect(r.set).toBe(false);
    expect(r.error).toMatch(/^NotAllowedError: Seedgate/);
  });

  test("a page nothing detected (a call) keeps its transforms", async () => {
    // Another site: the declaration above made site A a detected P2P CDN.
    const r = await run(server.siteB, "/media-call.html");
    expect(r).toEqual({ set: true, error: null });
  });
});
