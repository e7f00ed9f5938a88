// Node (jest e2e): the WebTorrent demo between two tabs of one browser: a seeder on http://127.0.0.1:P (it
// fetches the gallery from the web seed, then seeds) and a leecher on http://localhost:P with the web seed off,
// so everything the leecher gets comes from the seeder over data channels. Counts are read at the leecher.
import type { BrowserContext, Page } from "playwright-core";
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

export interface Swarm {
  readonly seeder: Page;
  readonly leecher: Page;
  counts(page: Page): Promise<DemoCounts>;
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

export async function counts(page: Page): Promise<DemoCounts> {
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
export async function openDemo(context: BrowserContext, url: string, timeout = 30_000): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await waitFor(() => page.evaluate(() => "demo" in window), { timeout, message: `window.demo on ${url}` });
  return page;
}

async function openDemoPage(context: BrowserContext, url: string, timeout: number): Promise<Page> {
  const page = await openDemo(context, url, timeout);
  // `ready` is a promise in the demo (a boolean would do too): the torrent's metadata is loaded.
  await page.evaluate(async (ms) => {
    const ready = (window as unknown as DemoWindow).demo.ready;
    await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error("demo.ready timed out")), ms))]);
  }, timeout);
  return page;
}

export async function startSwarm(context: BrowserContext, demo: DemoServer, options: SwarmOptions = {}): Promise<Swarm> {
  const { seederQuery = "", leecherQuery = "webseed=0", seederComplete = true, timeout = 30_000 } = options;
  const seeder = await openDemoPage(context, `${demo.seederOrigin}/seed.html${seederQuery ? "?" + seederQuery : ""}`, timeout);
  if (seederComplete) await waitFor(() => counts(seeder), { timeout, message: "the seeder holds the gallery" }, (c) => c.done);
  const leecher = await openDemoPage(context, `${demo.leecherOrigin}/watch.html?${leecherQuery}`, timeout);
  return {
    seeder,
    leecher,
    counts,
    async settle({ timeout: t = timeout, until = (c: DemoCounts) => c.done } = {}) {
      const leecherCounts = await waitFor(() => counts(leecher), { timeout: t, message: "the leecher" }, until);
      return { seeder: await counts(seeder), leecher: leecherCounts };
    },
    async close() {
      await Promise.all([seeder.close(), leecher.close()]);
    },
  };
}
