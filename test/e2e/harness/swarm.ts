// Node (jest e2e): the WebTorrent demo between two tabs of one browser: a seeder on http://127.0.0.1:P (it
// fetches the gallery from the web seed, then seeds) and a leecher on http://localhost:P with the web seed off,
// so everything the leecher gets comes from the seeder over data channels. Counts are read at the leecher.
import type { BrowserContext, Page } from "playwright-core";
import type { BrowserSession, TestPage } from "./browser-session";
import type { DemoServer } from "./demo-server";
import { waitFor } from "./wait-for";

/** What a demo page reports through window.demo. */
export interface DemoCounts {
  done: boolean;
  uploaded: number;
  downloaded: number;
  fromPeers: number;
  fromWebSeed: number;
  infoHash: string | null;
}

export interface Swarm<P = Page> {
  readonly seeder: P;
  readonly leecher: P;
  counts(page: P): Promise<DemoCounts>;
  /** Waits until the leecher is done (or `until` holds) and answers both sides' counts. */
  settle(options?: { timeout?: number; until?: (leecher: DemoCounts) => boolean }): Promise<{ seeder: DemoCounts; leecher: DemoCounts }>;
  close(): Promise<void>;
}

export interface SwarmOptions {
  /** Query string of the seeder page (default none; "consent=0": a client that ignores Seedgate). */
  seederQuery?: string;
  /** Query string of the leecher page (default "webseed=0": peers only). */
  leecherQuery?: string;
  /** Wait until the seeder holds the whole gallery before the leecher arrives (default true). */
  seederComplete?: boolean;
  timeout?: number;
}

interface DemoWindow {
  demo: {
    ready: unknown;
    infoHash: string | null;
    done(): boolean;
    uploaded(): number;
    downloaded(): number;
    fromPeers(): number;
    fromWebSeed(): number;
  };
}

export async function counts(page: Page | TestPage): Promise<DemoCounts> {
  return countsIn(page as TestPage);
}

function countsIn(page: TestPage): Promise<DemoCounts> {
  return page.evaluate(() => {
    const d = (window as unknown as DemoWindow).demo;
    return {
      done: d.done(),
      uploaded: d.uploaded(),
      downloaded: d.downloaded(),
      fromPeers: d.fromPeers(),
      fromWebSeed: d.fromWebSeed(),
      infoHash: d.infoHash,
    };
  });
}

/** A new tab on a demo page, once its script has set up `window.demo`. */
export async function openDemo(opener: BrowserContext, url: string, timeout?: number): Promise<Page>;
export async function openDemo(opener: BrowserSession, url: string, timeout?: number): Promise<TestPage>;
export async function openDemo(opener: BrowserContext | BrowserSession, url: string, timeout = 30_000): Promise<TestPage | Page> {
  const page = (await (opener as BrowserSession).newPage()) as TestPage;
  await page.goto(url);
  await waitFor(() => page.evaluate(() => "demo" in window), { timeout, message: `window.demo on ${url}` });
  return page;
}

async function openDemoPage(opener: BrowserContext | BrowserSession, url: string, timeout: number): Promise<TestPage> {
  const page = await openDemo(opener as BrowserSession, url, timeout);
  // `ready` is a promise in the demo (a boolean would do too): the torrent's metadata is loaded.
  await page.evaluate(async (ms) => {
    const ready = (window as unknown as DemoWindow).demo.ready;
    await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error("demo.ready timed out")), ms))]);
  }, timeout);
  return page;
}

/** `opener`: a Playwright context (Chromium-only specs) or a session of the browser dimension. */
export async function startSwarm(opener: BrowserContext, demo: DemoServer, options?: SwarmOptions): Promise<Swarm>;
export async function startSwarm(opener: BrowserSession, demo: DemoServer, options?: SwarmOptions): Promise<Swarm<TestPage>>;
export async function startSwarm(opener: BrowserContext | BrowserSession, demo: DemoServer, options: SwarmOptions = {}): Promise<Swarm<TestPage> | Swarm> {
  const { seederQuery = "", leecherQuery = "webseed=0", seederComplete = true, timeout = 30_000 } = options;
  const seeder = await openDemoPage(opener, `${demo.seederOrigin}/seed.html${seederQuery ? "?" + seederQuery : ""}`, timeout);
  if (seederComplete) await waitFor(() => countsIn(seeder), { timeout, message: "the seeder holds the gallery" }, (c) => c.done);
  const leecher = await openDemoPage(opener, `${demo.leecherOrigin}/watch.html?${leecherQuery}`, timeout);
  return {
    seeder,
    leecher,
    counts: countsIn,
    async settle({ timeout: t = timeout, until = (c: DemoCounts) => c.done } = {}) {
      const leecherCounts = await waitFor(() => countsIn(leecher), { timeout: t, message: "the leecher" }, until);
      return { seeder: await countsIn(seeder), leecher: leecherCounts };
    },
    async close() {
      await Promise.all([seeder.close(), leecher.close()]);
    },
  };
}
