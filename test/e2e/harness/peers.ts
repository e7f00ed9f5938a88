// Node (jest e2e): two fixture peers in one browser, on two sites (sender on 127.0.0.1, receiver on localhost
// by default), joined by one RTCDataChannel through the fixture server's signalling relay (pages/peer.js).
import type { BrowserContext, Page } from "playwright-core";
import type { BrowserSession, TestPage } from "./browser-session";
import { randomUUID } from "node:crypto";
import type { FixtureServer } from "./fixture-server";
import { waitFor } from "./wait-for";

/** What pages/peer.js reports about its end. */
export interface PeerState {
  role: "sender" | "receiver";
  phase: "starting" | "offered" | "signalled" | "failed";
  /** The data channel's readyState, or "none" before there is one. */
  channel: "none" | RTCDataChannelState;
  connection?: RTCPeerConnectionState;
  error: string | null;
  bytes: number;
  messages: number;
  channels: number;
  buffered: number;
}

export interface SendResult {
  sent: number;
  threw: number;
  /** The name of each error thrown by send(), in order. */
  errors: string[];
}

export interface SenderPeer<P = Page> {
  readonly page: P;
  send(n: number, size: number, options?: { kind?: "binary" | "string" }): Promise<SendResult>;
  /** Closes the sender's end of the channel. */
  closeChannel(): Promise<void>;
  state(): Promise<PeerState>;
}

export interface ReceiverPeer<P = Page> {
  readonly page: P;
  /** Bytes received, summed from the raw `message` event data. */
  bytes(): Promise<number>;
  messages(): Promise<number>;
  state(): Promise<PeerState>;
}

export interface PeerPair<P = Page> {
  readonly room: string;
  readonly sender: SenderPeer<P>;
  readonly receiver: ReceiverPeer<P>;
  close(): Promise<void>;
}

export interface PeerOptions {
  /** Origin of the sender page (default server.siteA, http://127.0.0.1:P). */
  senderSite?: string;
  /** Origin of the receiver page (default server.siteB, http://localhost:P). */
  receiverSite?: string;
  /** Wait until both ends report an open channel (default true; false for connections expected to fail). */
  waitOpen?: boolean;
  timeout?: number;
}

interface PeerWindow {
  peer: {
    state(): PeerState;
    send(n: number, size: number, options?: { kind?: "binary" | "string" }): Promise<SendResult>;
    closeChannel(): void;
  };
}

const stateOf = (page: TestPage) => page.evaluate(() => (window as unknown as PeerWindow).peer.state());

/** `opener`: a Playwright context (Chromium-only specs) or a session of the browser dimension (harness/browsers.ts). */
export async function connectPeers(opener: BrowserContext, server: FixtureServer, options?: PeerOptions): Promise<PeerPair>;
export async function connectPeers(opener: BrowserSession, server: FixtureServer, options?: PeerOptions): Promise<PeerPair<TestPage>>;
export async function connectPeers(
  opener: BrowserContext | BrowserSession,
  server: FixtureServer,
  { senderSite = server.siteA, receiverSite = server.siteB, waitOpen = true, timeout = 15_000 }: PeerOptions = {},
): Promise<PeerPair<TestPage> | PeerPair> {
  const room = randomUUID();
  const open = () => (opener as { newPage(): Promise<unknown> }).newPage() as Promise<TestPage>;
  const [senderPage, receiverPage] = await Promise.all([open(), open()]);
  await Promise.all([
    receiverPage.goto(`${receiverSite}/receiver.html?room=${room}`),
    senderPage.goto(`${senderSite}/sender.html?room=${room}`),
  ]);
  const sender: SenderPeer<TestPage> = {
    page: senderPage,
    send: (n, size, options) =>
      senderPage.evaluate(([n, size, options]) => (window as unknown as PeerWindow).peer.send(n, size, options), [n, size, options ?? {}] as const),
    closeChannel: () => senderPage.evaluate(() => (window as unknown as PeerWindow).peer.closeChannel()),
    state: () => stateOf(senderPage),
  };
  const receiver: ReceiverPeer<TestPage> = {
    page: receiverPage,
    bytes: async () => (await stateOf(receiverPage)).bytes,
    messages: async () => (await stateOf(receiverPage)).messages,
    state: () => stateOf(receiverPage),
  };
  const pair: PeerPair<TestPage> = {
    room,
    sender,
    receiver,
    async close() {
      await Promise.all([senderPage.close(), receiverPage.close()]);
    },
  };
  if (waitOpen) {
    try {
      await waitFor(
        async () => [await sender.state(), await receiver.state()] as const,
        { timeout, message: "both ends of the fixture channel open" },
        ([s, r]) => {
          if (s.phase === "failed" || r.phase === "failed") throw new Error(`peer failed: ${s.error ?? r.error}`);
          return s.channel === "open" && r.channel === "open";
        },
      );
    } catch (err) {
      await pair.close();
      throw err;
    }
  }
  return pair;
}
