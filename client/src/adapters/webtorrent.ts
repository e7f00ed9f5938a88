// Any page context: makes a WebTorrent (2.x) client follow the visitor's decision through its public objects — each
// torrent's peer wires (bittorrent-protocol `wire.choke()`: a choked peer gets no piece from us), `torrent.pause()` /
// `resume()` (no new peers) and `client.throttleUpload(rate)` (the visitor's rate limit) — and stops seeding before
// the budget is gone, so Seedgate never has to refuse a send. Downloads go on: requests to peers are control
// messages, within Seedgate's download-only bound, and web seeds (HTTP) are never touched.
import { watchConsent, type ConsentBinding, type ConsentOptions } from "../index";
import { UploadAllowance } from "../allowance";
import type { P2PConsentStatus } from "../status";

/** A peer connection's wire (bittorrent-protocol), as WebTorrent hands it out in `torrent.wires` and `"wire"` events. */
export interface WebTorrentWireLike {
  /** `"webrtc"`, `"tcpOutgoing"`, … and `"webSeed"` for an HTTP web seed, which uploads nothing. */
  readonly type?: string;
  readonly peerInterested?: boolean;
  choke(): void;
  unchoke(): void;
}

export interface WebTorrentTorrentLike {
  /** Set by pause(); a torrent the site paused itself is left alone. */
  readonly paused?: boolean;
  readonly wires?: readonly WebTorrentWireLike[];
  pause(): void;
  resume(): void;
  on?(event: "wire", listener: (wire: WebTorrentWireLike) => void): unknown;
  removeListener?(event: "wire", listener: (wire: WebTorrentWireLike) => void): unknown;
}

/** The part of a WebTorrent client this adapter uses (node_modules/webtorrent/index.js, 2.x). */
export interface WebTorrentLike {
  readonly torrents: readonly WebTorrentTorrentLike[];
  throttleUpload(rate: number): unknown;
  on(event: "upload", listener: (bytes: number) => void): unknown;
  on(event: "add", listener: (torrent: WebTorrentTorrentLike) => void): unknown;
  removeListener(event: "upload", listener: (bytes: number) => void): unknown;
  removeListener(event: "add", listener: (torrent: WebTorrentTorrentLike) => void): unknown;
}

/**
 * Bytes kept back from a budget. The count comes from WebTorrent's `upload` events, fired as each block leaves; a
 * block or two per peer (16 KiB each) can already be on its way when the wires are choked.
 */
export const WEBTORRENT_RESERVE_BYTES = 256 * 1024;

export interface WebTorrentPlan {
  /** Peers may get pieces from us (wires unchoked by WebTorrent's own choking); false: every peer wire choked. */
  seeding: boolean;
  /** For `throttleUpload` while seeding: bytes per second, -1 = unlimited. */
  uploadRate: number;
  /** Pause the torrents (no new peers): when P2P is blocked. */
  paused: boolean;
}

/** What the client should do with `leftBytes` of budget left (Infinity: none applies). */
export function planWebTorrent(
  status: P2PConsentStatus,
  leftBytes: number,
  { reserveBytes = WEBTORRENT_RESERVE_BYTES, uploadLimit = -1 }: { reserveBytes?: number; uploadLimit?: number } = {},
): WebTorrentPlan {
  if (status.seeding === "blocked") return { seeding: false, uploadRate: -1, paused: true };
  if (status.seeding !== "allowed" || leftBytes <= reserveBytes) return { seeding: false, uploadRate: -1, paused: false };
  const caps = [status.uploadRateLimitBps ?? -1, uploadLimit].filter((r) => r >= 0);
  // throttleUpload needs an integer (speed-limiter's setRate throws otherwise); 0 would also stop our requests.
  return { seeding: true, uploadRate: caps.length === 0 ? -1 : Math.max(1, Math.floor(Math.min(...caps))), paused: false };
}

export interface WebTorrentConsentOptions extends ConsentOptions {
  /** Bytes kept back from a budget; default WEBTORRENT_RESERVE_BYTES. */
  reserveBytes?: number;
  /** The site's own upload cap in bytes/s (-1: none), never exceeded even when the visitor allows more. */
  uploadLimit?: number;
  /** Called after each change the adapter applies (for a UI, or logs). */
  onApply?: (plan: WebTorrentPlan, status: P2PConsentStatus) => void;
}

const same = (a: WebTorrentPlan | null, b: WebTorrentPlan) => a !== null && a.seeding === b.seeding && a.uploadRate === b.uploadRate && a.paused === b.paused;

/** Keeps `client` within the visitor's decision and budget until `stop()`. */
export function respectConsentWebTorrent(client: WebTorrentLike, options: WebTorrentConsentOptions = {}): ConsentBinding {
  const allowance = new UploadAllowance();
  const pausedByUs = new Set<WebTorrentTorrentLike>();
  /** Each peer wire's own unchoke: WebTorrent's choking calls `wire.unchoke()`, which waits here while not seeding. */
  const unchokes = new Map<WebTorrentWireLike, () => void>();
  const watched = new Set<WebTorrentTorrentLike>();
  let status: P2PConsentStatus | null = null;
  // Nothing is uploaded until the decision is known (Seedgate's guard also fails closed until then).
  let applied: WebTorrentPlan = { seeding: false, uploadRate: -1, paused: false };
  let first = true;

  const hold = (wire: WebTorrentWireLike) => {
    if (wire.type === "webSeed" || unchokes.has(wire)) return;
    const own = wire.unchoke;
    unchokes.set(wire, () => own.call(wire));
    (wire as { unchoke(): void }).unchoke = () => {
      if (applied.seeding) own.call(wire);
    };
    if (!applied.seeding) wire.choke();
  };
  const setPaused = (t: WebTorrentTorrentLike, paused: boolean) => {
    if (paused && !pausedByUs.has(t) && t.paused !== true) {
      pausedByUs.add(t);
      t.pause();
    } else if (!paused && pausedByUs.delete(t)) t.resume();
  };
  const watch = (t: WebTorrentTorrentLike) => {
    if (watched.has(t)) return;
    watched.add(t);
    t.on?.("wire", hold);
    for (const w of t.wires ?? []) hold(w);
    if (applied.paused) setPaused(t, true);
  };

  const apply = () => {
    if (!status) return;
    const plan = planWebTorrent(status, allowance.left, options);
    if (same(applied, plan) && !first) return;
    first = false;
    applied = plan;
    client.throttleUpload(plan.uploadRate);
    for (const t of client.torrents) {
      watch(t);
      for (const w of t.wires ?? []) {
        if (w.type === "webSeed") continue;
        if (!plan.seeding) w.choke();
        else if (w.peerInterested) unchokes.get(w)?.();
      }
    }
    if (plan.paused) for (const t of client.torrents) setPaused(t, true);
    else for (const t of [...pausedByUs]) setPaused(t, false);
    options.onApply?.(plan, status);
  };

  const onUpload = (bytes: number) => {
    allowance.add(bytes);
    apply();
  };
  client.on("upload", onUpload);
  client.on("add", watch);
  for (const t of client.torrents) watch(t);
  const unwatch = watchConsent((s) => {
    status = s;
    allowance.update(s);
    apply();
  }, options);

  return {
    get status() {
      return status;
    },
    stop() {
      unwatch();
      client.removeListener("upload", onUpload);
      client.removeListener("add", watch);
      for (const t of watched) t.removeListener?.("wire", hold);
      for (const w of unchokes.keys()) delete (w as { unchoke?: unknown }).unchoke;
    },
  };
}
