// Node (jest e2e), Chromium and Firefox with the built extension and a fake camera/microphone: peer-to-peer apps that are not P2P CDNs, on
// undecided sites, are neither flagged nor limited. A video call (camera and microphone tracks both ways, a chat
// channel that also carries a 1 MiB file) and a game (small state updates 60 times a second both ways, well past
// the 64 KiB an undecided P2P CDN could upload) deliver every message, counted at the receiving tab. The contrast,
// last (evidence is kept per site): the same file traffic on a connection without media is flagged.
import { randomUUID } from "node:crypto";
import type { TestPage as Page } from "./harness/browser-session";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(90_000);

interface AppState {
  phase: string;
  channel: string;
  error: string | null;
  received: number;
  receivedBytes: number;
  sent: number;
  threw: number;
  tracks: number;
}
interface RunResult {
  sent: number;
  threw: number;
  errors: string[];
}
type AppWindow = { app: { state(): AppState; run(o: { messages: number; size: number; intervalMs: number; binary?: boolean }): Promise<RunResult> } };

const stateOf = (p: Page) => p.evaluate(() => (window as unknown as AppWindow).app.state());
const run = (p: Page, o: { messages: number; size: number; intervalMs: number; binary?: boolean }) =>
  p.evaluate((opts) => (window as unknown as AppWindow).app.run(opts), o);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { chromiumArgs: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] });

  async function pair(app: "call" | "game" | "cdn"): Promise<[Page, Page]> {
    const room = randomUUID();
    const [a, b] = await Promise.all([s.browser.newPage(), s.browser.newPage()]);
    await Promise.all([b.goto(`${s.server.siteB}/p2p-app.html?app=${app}&role=b&room=${room}`), a.goto(`${s.server.siteA}/p2p-app.html?app=${app}&role=a&room=${room}`)]);
    await waitFor(async () => [await stateOf(a), await stateOf(b)] as const, { timeout: 20_000, message: `both ends of the ${app} open` }, ([x, y]) => {
      if (x.error || y.error) throw new Error(`${app} failed: ${x.error ?? y.error}`);
      return x.channel === "open" && y.channel === "open";
    });
    return [a, b];
  }

  /** Neither tab's site is flagged, badged or limited, and nothing was refused. */
  async function unflagged(pages: Page[]): Promise<void> {
    for (const p of pages) {
      const tabId = await s.extension.tabIdOf(p);
      const view = await s.extension.send({ type: "site/get", tabId });
      expect(view.evidence).toEqual([]);
      expect(view.detected).toBe(false);
      expect(view.tab?.refused).toBe(0);
      expect((await s.extension.badge(tabId)).text).toBe("");
    }
  }

  test("a video call with camera, microphone and a chat channel (carrying a 1 MiB file over 3 s) is not flagged; every message arrives", async () => {
    const [a, b] = await pair("call");
    try {
      await waitFor(async () => [await stateOf(a), await stateOf(b)] as const, { message: "media tracks at both ends" }, ([x, y]) => x.tracks >= 2 && y.tracks >= 2);
      // Chat both ways, then a 1 MiB file over the chat channel in 16 KiB chunks, sustained over about 3 s: by
      // volume alone this is what the behaviour rule flags (see the last test); the media tracks say it is a call.
      const [ra, rb] = await Promise.all([run(a, { messages: 100, size: 120, intervalMs: 10 }), run(b, { messages: 100, size: 120, intervalMs: 10 })]);
      const file = await run(a, { messages: 64, size: 16 * 1024, intervalMs: 45, binary: true });
      for (const r of [ra, rb, file]) expect(r).toEqual({ sent: expect.any(Number), threw: 0, errors: [] });
      const sentByA = file.sent; // the page's count is cumulative: chat and file
      expect(sentByA).toBe(164);
      const atB = await waitFor(() => stateOf(b), { message: "every message of a at b" }, (s) => s.received === sentByA);
      const atA = await waitFor(() => stateOf(a), { message: "every message of b at a" }, (s) => s.received === rb.sent);
      expect(atB.received).toBe(164);
      expect(atB.receivedBytes).toBeGreaterThan(1024 * 1024);
      expect(atA.received).toBe(100);
      console.log(`video call: ${atB.received} messages (${atB.receivedBytes} B) a->b, ${atA.received} b->a, all delivered`);
      await new Promise((r) => setTimeout(r, 600)); // two report intervals and a badge repaint after the last send
      await unflagged([a, b]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test("a game (60 small updates a second both ways, 120 KB each way) is not flagged; every message arrives", async () => {
    const [a, b] = await pair("game");
    try {
      const opts = { messages: 600, size: 200, intervalMs: 16 };
      const [ra, rb] = await Promise.all([run(a, opts), run(b, opts)]);
      expect(ra).toEqual({ sent: 600, threw: 0, errors: [] });
      expect(rb).toEqual({ sent: 600, threw: 0, errors: [] });
      // Unordered, no retransmits (as games send state): on loopback nothing is lost, and the count shows it.
      const atB = await waitFor(() => stateOf(b), { message: "every update of a at b" }, (s) => s.received === 600);
      const atA = await waitFor(() => stateOf(a), { message: "every update of b at a" }, (s) => s.received === 600);
      console.log(`game: ${atB.received} updates (${atB.receivedBytes} B) a->b, ${atA.received} (${atA.receivedBytes} B) b->a, all delivered`);
      expect(atB.receivedBytes).toBeGreaterThan(64 * 1024);
      await new Promise((r) => setTimeout(r, 600));
      await unflagged([a, b]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test("the contrast: the same 1 MiB over 3 s on a connection without media is flagged (behaviour)", async () => {
    const [a, b] = await pair("cdn");
    try {
      const tabId = await s.extension.tabIdOf(a);
      const result = await run(a, { messages: 64, size: 16 * 1024, intervalMs: 45, binary: true });
      // Flagged past 512 KiB: from then on the undecided bound applies, and this page does not follow the signal.
      expect(result.sent + result.threw).toBe(64);
      const view = await waitFor(() => s.extension.send({ type: "site/get", tabId }), { message: "behaviour evidence" }, (v) => v.evidence.some((e) => e.kind === "behaviour"));
      expect(view.evidence.find((e) => e.kind === "behaviour")?.detail).toMatch(/^sustained uploads over data channels of a connection without media/);
      expect(["?", "!"]).toContain((await waitFor(() => s.extension.badge(tabId), { message: "a badge" }, (b) => b.text !== "")).text);
      console.log(`no media: flagged after ${result.sent} of 64 chunks went out (${result.threw} refused once the bound applied)`);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
