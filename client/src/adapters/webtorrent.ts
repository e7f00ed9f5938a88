// Any page context: makes a WebTorrent (2.x) client follow the visitor's decision through its public API —
// `client.throttleUpload(rate)` (0 stops every byte the wires send, -1 lifts the limit) and `torrent.pause()` /
// `resume()` (no new peers) — and stops uploading before the budget is gone, so Seedgate never has to refuse a send.
import { watchConsent, type ConsentBinding, type ConsentOptions } from "../index";
import { UploadAllowance } from "../allowance";
import type { P2PConsentStatus } from "../status";

export interface WebTorrentTorrentLike {
  /** Set by pause(); a torrent the site paused itself is left alone. */
  readonly paused?: boolean;
  pause(): void;
  resume(): void;
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
 * Bytes kept back from a budget. The count comes from WebTorrent's `upload` events, fired as each message leaves
 * the throttle; a few messages per peer (16 KiB blocks) can already be past it when the rate drops to 0.
 */
export const WEBTORRENT_RESERVE_BYTES = 256 * 1024;

export interface WebTorrentPlan {
  /** For `throttleUpload`: bytes per second, 0 = nothing leaves, -1 = unlimited. */
  uploadRate: number;
  /** Pause the torrents (no new peers): when P2P is blocked. */
  paused: boolean;
}

/**
 * What the client should do. WebTorrent has no public "download without seeding": every byte a wire sends (its
 * requests too) goes through the one upload throttle. So download-only stops the wires, and downloads continue
 * from web seeds (`urlList`) or the site's HTTP fallback.
 */
export function planWebTorrent(
  status: P2PConsentStatus,
  leftBytes: number,
  { reserveBytes = WEBTORRENT_RESERVE_BYTES, uploadLimit = -1 }: { reserveBytes?: number; uploadLimit?: number } = {},
): WebTorrentPlan {
  if (status.seeding === "blocked") return { uploadRate: 0, paused: true };
  if (status.seeding !== "allowed" || leftBytes <= reserveBytes) return { uploadRate: 0, paused: false };
  const caps = [status.uploadRateLimitBps ?? -1, uploadLimit].filter((r) => r >= 0);
  // throttleUpload needs an integer (speed-limiter's setRate throws otherwise).
  return { uploadRate: caps.length === 0 ? -1 : Math.floor(Math.min(...caps)), paused: false };
}

export interface WebTorrentConsentOptions extends ConsentOptions {
  /** Bytes kept back from a budget; default WEBTORRENT_RESERVE_BYTES. */
  reserveBytes?: number;
  /** The site's own upload cap in bytes/s (-1: none), never exceeded even when the visitor allows more. */
  uploadLimit?: number;
  /** Called after each change the adapter applies (for a UI, or logs). */
  onApply?: (plan: WebTorrentPlan, status: P2PConsentStatus) => void;
}

/** Keeps `client` within the visitor's decision and budget until `stop()`. */
export function respectConsentWebTorrent(client: WebTorrentLike, options: WebTorrentConsentOptions = {}): ConsentBinding {
  const allowance = new UploadAllowance();
  const pausedByUs = new Set<WebTorrentTorrentLike>();
  let status: P2PConsentStatus | null = null;
  let applied: WebTorrentPlan | null = null;

  const setPaused = (t: WebTorrentTorrentLike, paused: boolean) => {
    if (paused && !pausedByUs.has(t) && t.paused !== true) {
      pausedByUs.add(t);
      t.pause();
    } else if (!paused && pausedByUs.delete(t)) t.resume();
  };

  const apply = () => {
    if (!status) return;
    const plan = planWebTorrent(status, allowance.left, options);
    if (applied && applied.uploadRate === plan.uploadRate && applied.paused === plan.paused) return;
    applied = plan;
    client.throttleUpload(plan.uploadRate);
    if (plan.paused) for (const t of client.torrents) setPaused(t, true);
    else for (const t of [...pausedByUs]) setPaused(t, false);
    options.onApply?.(plan, status);
  };

  const onUpload = (bytes: number) => {
    allowance.add(bytes);
    apply();
  };
  const onAdd = (t: WebTorrentTorrentLike) => {
    if (applied?.paused) setPaused(t, true);
  };
  // Nothing leaves until the decision is known (Seedgate's guard also fails closed until then).
  client.throttleUpload(0);
  applied = { uploadRate: 0, paused: false };
  client.on("upload", onUpload);
  client.on("add", onAdd);
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
      client.removeListener("add", onAdd);
    },
  };
}
