// Node (jest e2e), Firefox ESR with dist/firefox: the undeclared bound of undeclared-bound.spec.ts in Firefox — an
// undeclared, unsigned seeder gets at most 4 MiB to the receiving peers on another site, whatever the pacing,
// message sizes, connections, tabs, frames or media tracks — and the other side of it: a video call (fake camera
// and microphone, chat carrying a 1 MiB file) and a game stay untouched, every message delivered. BiDi cannot open
// extension pages, so "not flagged" is read from what a flagged site could no longer do: once judged, the site
// would be on its default's bound (64 KiB + 2% of received), which its 1 MiB file already used, and a further
// 256 KiB would be refused; on probation it goes out.
//
// Checked without the defence: with core/policy.ts giving an undetected site enforcement "open" again (as before
// the probation ledger), built to SEEDGATE_DIST and run, every seeder variant here failed: 8.00 MiB at the
// receivers for each of the seven. (The call and the game pass either way: they are the other side of the bound.)
import { randomUUID } from "node:crypto";
import type { Page } from "puppeteer-core";
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { forwardSite, runVariant, SAME_ORIGIN_FRAMES, VARIANTS, CEILING, type AnyPage } from "./harness/undeclared";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

const KiB = 1024;

let firefox: FirefoxSession;
let server: FixtureServer;

beforeAll(async () => {
  [firefox, server] = await Promise.all([
    launchFirefox({
      prefs: {
        // Host candidates as plain addresses: the peers are in one browser, with no mDNS responder here.
        "media.peerconnection.ice.obfuscate_host_addresses": false,
        "media.navigator.streams.fake": true,
        "media.navigator.permission.disabled": true,
        // Both ends of a call or a game are foreground apps on their own machines; here one is a background tab,
        // whose timers Firefox would otherwise stretch to a second (600 updates at 16 ms would take 10 minutes).
        "dom.min_background_timeout_value": 4,
        "dom.min_background_timeout_value_without_budget_throttling": 4,
        "dom.timeout.enable_budget_timer_throttling": false,
      },
    }),
    startFixtureServer(),
  ]);
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

const open = async (url: string): Promise<AnyPage> => (await firefox.newPage(url)) as unknown as AnyPage;

describe.each([...VARIANTS, SAME_ORIGIN_FRAMES].map((v, i) => [v.name, v, i] as const))("undeclared seeder: %s", (_name, v, i) => {
  test("the receivers on another site get at most 4 MiB", async () => {
    const site = await forwardSite(`127.0.0.${40 + i}`, server.port);
    // A third party's frame: another site (the top-level site decides for it).
    const third = v.frameOrigin === "cross" ? await forwardSite(`127.0.0.${140 + i}`, server.port) : null;
    let seeders: AnyPage[] = [];
    try {
      const run = await runVariant(v, site.origin, server.siteB, open, third?.origin);
      seeders = run.seeders;
      console.log(`Firefox, ${v.name}: attempted ${run.result.attempted} B, the receivers got ${run.received} B (${(run.received / 1048576).toFixed(2)} MiB); refused at once ${run.result.threw} (${run.result.errors.join(", ")}); media tracks seen ${run.tracks}`);
      expect(run.result.attempted).toBeGreaterThanOrEqual(2 * CEILING);
      if (v.track === "canvas") expect(run.tracks).toBeGreaterThan(0);
      expect(run.received).toBeLessThanOrEqual(CEILING);
    } finally {
      await Promise.all(seeders.map((p) => p.close()));
      await site.close();
      await third?.close();
    }
  });
});

interface AppState {
  channel: string;
  error: string | null;
  received: number;
  receivedBytes: number;
  tracks: number;
}
type AppWindow = { app: { state(): AppState; run(o: { messages: number; size: number; intervalMs: number; binary?: boolean }): Promise<{ sent: number; threw: number; errors: string[] }> } };
const stateOf = (p: Page) => p.evaluate(() => (window as unknown as AppWindow).app.state());
const run = (p: Page, o: { messages: number; size: number; intervalMs: number; binary?: boolean }) => p.evaluate((opts) => (window as unknown as AppWindow).app.run(opts), o);

/** `host`: a site of its own for the sender (null: 127.0.0.1, a secure context for the camera; unused here otherwise). */
async function pair(app: "call" | "game", host: string | null): Promise<{ a: Page; b: Page; close(): Promise<void> }> {
  const site = host ? await forwardSite(host, server.port) : { origin: server.siteA, close: async () => {} };
  const room = randomUUID();
  const b = await firefox.newPage(`${server.siteB}/p2p-app.html?app=${app}&role=b&room=${room}`);
  const a = await firefox.newPage(`${site.origin}/p2p-app.html?app=${app}&role=a&room=${room}`);
  await waitFor(async () => [await stateOf(a), await stateOf(b)] as const, { timeout: 20_000, message: `both ends of the ${app} open` }, ([x, y]) => {
    if (x.error || y.error) throw new Error(`${app} failed: ${x.error ?? y.error}`);
    return x.channel === "open" && y.channel === "open";
  });
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()]), await site.close()) };
}

test("a video call with a 1 MiB file over its chat channel: every message arrives, and the site is still on probation", async () => {
  const { a, b, close } = await pair("call", null);
  try {
    await waitFor(async () => [await stateOf(a), await stateOf(b)] as const, { message: "media tracks at both ends" }, ([x, y]) => x.tracks >= 2 && y.tracks >= 2);
    const [ra, rb] = await Promise.all([run(a, { messages: 100, size: 120, intervalMs: 10 }), run(b, { messages: 100, size: 120, intervalMs: 10 })]);
    const file = await run(a, { messages: 64, size: 16 * KiB, intervalMs: 45, binary: true });
    for (const r of [ra, rb, file]) expect(r.threw).toBe(0);
    await waitFor(() => stateOf(b), { message: "every message of a at b" }, (s) => s.received === 164);
    await waitFor(() => stateOf(a), { message: "every message of b at a" }, (s) => s.received === 100);
    // Not judged: a further 256 KiB still goes out (a flagged site would be past its default's bound by now).
    const more = await run(a, { messages: 16, size: 16 * KiB, intervalMs: 0, binary: true });
    expect(more.threw).toBe(0);
    const atB = await waitFor(() => stateOf(b), { message: "the extra 256 KiB at b" }, (s) => s.received === 180);
    console.log(`Firefox video call: ${atB.received} messages (${atB.receivedBytes} B) a->b, all delivered, nothing refused`);
  } finally {
    await close();
  }
});

test("a game (60 small updates a second both ways): every update arrives, nothing refused", async () => {
  const { a, b, close } = await pair("game", "127.0.0.61");
  try {
    const opts = { messages: 600, size: 200, intervalMs: 16 };
    const [ra, rb] = await Promise.all([run(a, opts), run(b, opts)]);
    expect(ra).toEqual({ sent: 600, threw: 0, errors: [] });
    expect(rb).toEqual({ sent: 600, threw: 0, errors: [] });
    const atB = await waitFor(() => stateOf(b), { message: "every update of a at b" }, (s) => s.received === 600);
    await waitFor(() => stateOf(a), { message: "every update of b at a" }, (s) => s.received === 600);
    const more = await run(a, { messages: 16, size: 16 * KiB, intervalMs: 0, binary: true });
    expect(more.threw).toBe(0);
    console.log(`Firefox game: ${atB.received} updates (${atB.receivedBytes} B) a->b and 600 b->a, all delivered`);
  } finally {
    await close();
  }
});
