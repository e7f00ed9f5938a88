// Node (jest e2e): several sender tabs of one site uploading at once to receivers on another site, with the bytes
// that arrived summed at the receivers once nothing more is moving (the budgets specs).
import type { BrowserContext, Page } from "playwright-core";
import type { BrowserSession, TestPage } from "./browser-session";
import type { FixtureServer } from "./fixture-server";
import { connectPeers, type PeerPair, type SendResult } from "./peers";
import { waitFor } from "./wait-for";

export interface Transfer<P = Page> {
  readonly pairs: PeerPair<P>[];
  /** Every sender sends `n` messages of `size` bytes at the same time. */
  sendAll(n: number, size: number): Promise<SendResult[]>;
  /** Bytes at every receiver, summed. */
  received(): Promise<number>;
  /** The sum once it has not moved for `quietMs` (sends may wait for leases, queued sends drain). */
  settled(quietMs?: number): Promise<number>;
  close(): Promise<void>;
}

export async function openTransfer(opener: BrowserContext, server: FixtureServer, tabs: number): Promise<Transfer>;
export async function openTransfer(opener: BrowserSession, server: FixtureServer, tabs: number): Promise<Transfer<TestPage>>;
export async function openTransfer(opener: BrowserContext | BrowserSession, server: FixtureServer, tabs: number): Promise<Transfer<TestPage> | Transfer> {
  const pairs: PeerPair<TestPage>[] = [];
  for (let i = 0; i < tabs; i++) pairs.push(await connectPeers(opener as BrowserSession, server));
  const received = async () => (await Promise.all(pairs.map((p) => p.receiver.bytes()))).reduce((a, b) => a + b, 0);
  return {
    pairs,
    sendAll: (n, size) => Promise.all(pairs.map((p) => p.sender.send(n, size))),
    received,
    async settled(quietMs = 1500) {
      let last = -1;
      let since = Date.now();
      const r = await waitFor(
        async () => {
          const b = await received();
          const buffered = (await Promise.all(pairs.map((p) => p.sender.state()))).reduce((a, s) => a + s.buffered, 0);
          if (b !== last) {
            last = b;
            since = Date.now();
          }
          return { b, quiet: buffered === 0 && Date.now() - since >= quietMs };
        },
        { timeout: 30_000, interval: 200, message: "the receivers settle" },
        (x) => x.quiet,
      );
      return r.b;
    },
    async close() {
      await Promise.all(pairs.map((p) => p.close()));
    },
  };
}
