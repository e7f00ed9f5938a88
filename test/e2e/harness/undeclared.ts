// Node (jest e2e): the hostile undeclared seeders of undeclared-bound*.spec.ts (pages/seeder.js, pages/sink.js),
// for Chromium (playwright-core) and Firefox (puppeteer-core) alike. Every variant runs on a site of its own (an
// address of 127.0.0.0/8 forwarded to the fixture server: evidence and ledgers are per site, so a variant must
// never inherit the verdict of the one before), against sinks on another site that count what arrives.
import net from "node:net";
import { waitFor } from "./wait-for";

const KiB = 1024;
const MiB = 1024 * KiB;

/** The page methods both drivers share. */
export interface AnyPage {
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

export interface FloodResult {
  attempted: number;
  sent: number;
  threw: number;
  errors: string[];
}

export interface Variant {
  name: string;
  /** Tabs of the seeding site; each opens `frames` frames that seed too. */
  tabs: number;
  frames: number;
  /**
   * The frames' origin: "same" (Firefox only: in Chromium a connection in a same-origin frame can crash the tab's
   * renderer with Seedgate loaded, issue 17, which its own fix and test cover), or "cross": a third-party frame of
   * another site, which follows the top-level site's decision and so spends from the same allowance.
   */
  frameOrigin?: "same" | "cross";
  /** Connections per document. */
  conns: number;
  track: "none" | "synthetic" | "canvas";
  flood: { perConn: number; size: number; padding?: number; unpaced?: boolean };
}

/**
 * Each variant tries 8 MiB (twice the ceiling). Without the site-wide probation ledger (enforcement "open" for an
 * undetected site, as before it), every one of them delivers more than 4 MiB: see the specs' header for the run.
 */
export const VARIANTS: Variant[] = [
  { name: "one connection, unpaced (as fast as loopback allows)", tabs: 1, frames: 0, conns: 1, track: "none", flood: { perConn: 8 * MiB, size: 16 * KiB, unpaced: true } },
  { name: "16 connections, one synchronous burst each", tabs: 1, frames: 0, conns: 16, track: "none", flood: { perConn: 512 * KiB, size: 16 * KiB } },
  { name: "padding: 16 empty messages after each 16 KiB", tabs: 1, frames: 0, conns: 2, track: "none", flood: { perConn: 4 * MiB, size: 16 * KiB, padding: 16, unpaced: true } },
  { name: "a synthetic track event on every connection", tabs: 1, frames: 0, conns: 2, track: "synthetic", flood: { perConn: 4 * MiB, size: 16 * KiB, unpaced: true } },
  { name: "a real canvas-captureStream track both ways", tabs: 1, frames: 0, conns: 2, track: "canvas", flood: { perConn: 4 * MiB, size: 16 * KiB, unpaced: true } },
  { name: "two tabs with a third-party frame each, two connections per document", tabs: 2, frames: 1, frameOrigin: "cross", conns: 2, track: "none", flood: { perConn: 1 * MiB, size: 16 * KiB } },
];

/** Firefox also runs the frames of the site's own origin (see `frameOrigin`). */
export const SAME_ORIGIN_FRAMES: Variant = { ...VARIANTS[VARIANTS.length - 1]!, name: "two tabs with a same-origin frame each, two connections per document", frameOrigin: "same" };

export const CEILING = 4 * MiB;

/** `host`:`port` forwarded to the fixture server on 127.0.0.1:`port`: another site serving the same pages. */
export async function forwardSite(host: string, port: number): Promise<{ origin: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    const u = net.connect(port, "127.0.0.1");
    for (const s of [c, u]) {
      sockets.add(s);
      s.on("error", () => (s === c ? u : c).destroy());
      s.on("close", () => sockets.delete(s));
    }
    c.pipe(u);
    u.pipe(c);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    origin: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type SeederWindow = {
  seeder: {
    connect(base: string, n: number, o: { track: string }): Promise<{ channels: number; tracks: number }>;
    flood(o: Variant["flood"]): Promise<FloodResult>;
    withFrames(base: string, frames: number, n: number, flood: Variant["flood"], origin: string): Promise<FloodResult>;
    stats(): unknown;
    close(): void;
  };
};
export type SinkWindow = { sink: { accept(base: string, n: number): number; bytes(): number; state(): { errors: string[]; connections: number } } };

export interface VariantRun {
  received: number;
  result: FloodResult;
  tracks: number;
  seeders: AnyPage[];
}

/**
 * Runs one variant: `open(url)` opens a tab. Returns the bytes the sink received once nothing more arrives
 * (stable for a second), what the seeders said, and their tabs (closed by the caller).
 */
export async function runVariant(v: Variant, seedOrigin: string, sinkOrigin: string, open: (url: string) => Promise<AnyPage>, frameOrigin = ""): Promise<VariantRun> {
  const room = `u${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const sink = await open(`${sinkOrigin}/sink.html`);
  const seeders: AnyPage[] = [];
  try {
    const docs = v.tabs * (1 + v.frames);
    for (let d = 0; d < docs; d++) {
      const base = v.frames > 0 ? `${room}-t${Math.floor(d / (1 + v.frames))}-${d % (1 + v.frames)}` : `${room}-t${d}`;
      await sink.evaluate(([b, n]) => (window as unknown as SinkWindow).sink.accept(b, n), [base, v.conns] as [string, number]);
    }
    for (let t = 0; t < v.tabs; t++) seeders.push(await open(`${seedOrigin}/seeder.html`));
    let tracks = 0;
    let result: FloodResult;
    if (v.frames > 0) {
      const results = await Promise.all(
        seeders.map((p, t) =>
          p.evaluate(([b, f, n, flood, o]) => (window as unknown as SeederWindow).seeder.withFrames(b, f, n, flood, o), [`${room}-t${t}`, v.frames, v.conns, v.flood, v.frameOrigin === "cross" ? frameOrigin : ""] as [string, number, number, Variant["flood"], string]),
        ),
      );
      result = sum(results);
    } else {
      const p = seeders[0]!;
      const c = await p.evaluate(([b, n, track]) => (window as unknown as SeederWindow).seeder.connect(b, n, { track }), [`${room}-t0`, v.conns, v.track] as [string, number, string]);
      expect(c.channels).toBe(v.conns);
      tracks = c.tracks;
      result = await p.evaluate((flood) => (window as unknown as SeederWindow).seeder.flood(flood), v.flood);
    }
    const received = await settled(() => sink.evaluate(() => (window as unknown as SinkWindow).sink.bytes(), undefined)).catch(async (e: unknown) => {
      const stats = await Promise.all(seeders.map((p) => p.evaluate(() => (window as unknown as SeederWindow).seeder.stats(), undefined)));
      const sinkState = await sink.evaluate(() => (window as unknown as SinkWindow).sink.state(), undefined);
      throw new Error(`${String(e)}; seeders: ${JSON.stringify(stats)}; sink: ${JSON.stringify(sinkState)}; flood: ${JSON.stringify(result)}`);
    });
    return { received, result, tracks, seeders };
  } finally {
    await sink.close();
  }
}

function sum(rs: FloodResult[]): FloodResult {
  const out: FloodResult = { attempted: 0, sent: 0, threw: 0, errors: [] };
  for (const r of rs) {
    out.attempted += r.attempted;
    out.sent += r.sent;
    out.threw += r.threw;
    for (const e of r.errors) if (!out.errors.includes(e)) out.errors.push(e);
  }
  return out;
}

/** The value once it stopped changing for a second (and is above zero: the seeders connected and sent). */
export async function settled(read: () => Promise<number>): Promise<number> {
  let last = -1;
  let since = Date.now();
  return waitFor(
    async () => {
      const now = await read();
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return now;
    },
    { timeout: 30_000, interval: 100, message: "the sink's count settles" },
    (n) => n > 0 && Date.now() - since >= 1000,
  );
}
