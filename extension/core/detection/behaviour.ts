// Pure: behaviour evidence. Per site (the bound): an undetected site whose data channels uploaded more than the
// probation allowance, whatever its pacing, message sizes, connections, tabs, frames or media. Per connection (an
// early hint, never what bounds a site): a BitTorrent handshake, or sustained uploads of content-sized messages on
// a connection that never carried media. A video call (media tracks + chat + a file of up to 1 MiB) and a game
// (many small messages) are not flagged.
import { evidence, says, type Finding } from "./evidence";
import { isBitTorrentHandshake } from "./wire";

/** One snapshot of a connection. Counters are cumulative since the connection opened. */
export interface ConnectionObservation {
  /** Milliseconds on the caller's clock. */
  at: number;
  /** The connection has (or had) audio or video tracks: a call, never a CDN by volume. Sticky once true. */
  hasMediaTracks: boolean;
  /** Bytes sent on the connection's data channels. */
  bytesUp: number;
  /** Bytes received on them (kept for the record; a seeder need not download from the same peer). */
  bytesDown: number;
  /** Messages sent on them. */
  messagesUp: number;
  /** Mean size of the messages sent since the previous observation; derived from the counters when absent. */
  meanMessageSize?: number;
  /** The first message seen on any of its data channels (either direction), once there is one. */
  firstMessage?: Uint8Array | string;
}

export interface BehaviourThresholds {
  /** Bytes uploaded within `windowMs` that count as content. Capped at MAX_UPLOAD_THRESHOLD. */
  uploadBytes: number;
  /** The sliding window over which uploads are summed. */
  windowMs: number;
  /** Uploads must be seen at observations at least this far apart: one burst (a photo sent in a chat) is not sustained. */
  minSpanMs: number;
  /** Mean message size in the window at or above which messages are content; below it, game or chat traffic. */
  minMeanMessageBytes: number;
}

/** The ceiling: a connection that uploaded 1 MiB of content without media is always past the threshold. */
export const MAX_UPLOAD_THRESHOLD = 1024 * 1024;

/**
 * Defaults. 512 KiB in 30 s is about 32 of WebTorrent's 16 KiB blocks, or one or two HLS segments of a low
 * rendition. 2 s of span needs three observations a second apart. 1 KiB: game state updates and chat messages
 * are tens to hundreds of bytes; BitTorrent blocks are 16 KiB and p2p-media-loader chunks up to 64 KiB.
 */
export const BEHAVIOUR_THRESHOLDS: Readonly<BehaviourThresholds> = Object.freeze({
  uploadBytes: 512 * 1024,
  windowMs: 30_000,
  minSpanMs: 2_000,
  minMeanMessageBytes: 1024,
});

export const BEHAVIOUR_SOURCE = {
  handshake: "Seedgate behaviour rule: BitTorrent wire handshake (BEP 3) on a WebRTC data channel",
  uploads: "Seedgate behaviour rule: sustained data-channel uploads on a connection without media (extension/core/detection/behaviour.ts)",
  volume: "Seedgate behaviour rule: data-channel uploads of an undetected site past its probation allowance (extension/core/detection/behaviour.ts)",
} as const;

/**
 * The probation allowance: what an undetected site nobody decided on may upload over data channels in a local day
 * (all its tabs, frames and connections together) before it is judged a P2P CDN. Its uploads are leased from the
 * same ledger as the default mode's bound, so once judged the site has max(this, 64 KiB + 2% of received) in all:
 * with 3 MiB, the 4 MiB ceiling holds until the site has really received 47 MiB over data channels. Bytes only:
 * no pacing, message size, connection count or media track (a page can fake one) changes it. A video call with
 * a 1 MiB file stays well inside; a game sending 200 B sixty times a second stays inside for about four minutes
 * a day (the cost of a bound that message sizes cannot dodge).
 */
export const PROBATION_UPLOAD_BYTES = 3 * 1024 * 1024;

/**
 * The site rule: `uploaded` bytes (leased: every byte the site may have sent) of an undetected site that wants
 * more than `allowance`. Evidence once it has used the allowance and asks for more; null before.
 */
export function probationEvidence(uploaded: number, wanted: number, allowance = PROBATION_UPLOAD_BYTES): Finding | null {
  const up = num(uploaded);
  if (up + num(wanted) <= allowance) return null;
  const kib = Math.round(up / 1024);
  const allowedKib = Math.round(allowance / 1024);
  const detail = `data-channel uploads of an undetected site past its probation allowance: ${kib} KiB today (all its tabs, frames and connections), ${allowedKib} KiB allowed`;
  return evidence("behaviour", undefined, detail, BEHAVIOUR_SOURCE.volume, says("seenProbation", { kib, allowedKib }));
}

interface Interval {
  at: number;
  bytes: number;
  messages: number;
}

const num = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

export class ConnectionClassifier {
  readonly thresholds: Readonly<BehaviourThresholds>;
  private media = false;
  private last: { at: number; up: number; messages: number } | null = null;
  private intervals: Interval[] = [];
  private flagged: Finding | null = null;

  constructor(thresholds: Partial<BehaviourThresholds> = {}) {
    const t = { ...BEHAVIOUR_THRESHOLDS, ...thresholds };
    this.thresholds = Object.freeze({ ...t, uploadBytes: Math.min(Math.max(num(t.uploadBytes), 1), MAX_UPLOAD_THRESHOLD) });
  }

  /** The evidence once this connection is flagged (it stays flagged), else null. */
  get verdict(): Finding | null {
    return this.flagged;
  }

  /** Feed one observation; returns the evidence the first time the connection is flagged, else null. */
  observe(o: ConnectionObservation): Finding | null {
    if (this.flagged) return null;
    if (o.hasMediaTracks) this.media = true;
    if (o.firstMessage !== undefined && isBitTorrentHandshake(o.firstMessage)) {
      return (this.flagged = evidence("behaviour", undefined, "a BitTorrent wire handshake on a data channel", BEHAVIOUR_SOURCE.handshake, says("seenHandshake")));
    }
    this.record(o);
    if (this.media) return null;
    const t = this.thresholds;
    let bytes = 0;
    let messages = 0;
    let first = Infinity;
    let lastActive = -Infinity;
    for (const i of this.intervals) {
      if (i.bytes === 0) continue;
      bytes += i.bytes;
      messages += i.messages;
      first = Math.min(first, i.at);
      lastActive = Math.max(lastActive, i.at);
    }
    const mean = bytes / Math.max(messages, 1);
    const span = lastActive - first;
    if (bytes < t.uploadBytes || mean < t.minMeanMessageBytes || span < t.minSpanMs) return null;
    const kib = Math.round(bytes / 1024);
    const seconds = (span / 1000).toFixed(1);
    const meanBytes = Math.round(mean);
    const detail = `sustained uploads over data channels of a connection without media: ${kib} KiB in ${seconds} s, ${meanBytes} B per message`;
    return (this.flagged = evidence("behaviour", undefined, detail, BEHAVIOUR_SOURCE.uploads, says("seenUploads", { kib, seconds: Number(seconds), meanBytes })));
  }

  private record(o: ConnectionObservation): void {
    const at = num(o.at);
    const up = num(o.bytesUp);
    const messages = num(o.messagesUp);
    let prev = this.last;
    this.last = { at, up, messages };
    // Counters count from the connection's start; counters or a clock that went back start over from zero.
    if (prev && (up < prev.up || messages < prev.messages || at < prev.at)) {
      this.intervals = [];
      prev = null;
    }
    prev ??= { at, up: 0, messages: 0 };
    const bytes = up - prev.up;
    const mean = num(o.meanMessageSize ?? 0);
    const sent = mean > 0 ? bytes / mean : messages - prev.messages;
    // Bytes with no message counted: at least one message carried them.
    this.intervals.push({ at, bytes, messages: bytes > 0 ? Math.max(sent, 1) : 0 });
    const from = at - this.thresholds.windowMs;
    while (this.intervals.length > 0 && this.intervals[0]!.at < from) this.intervals.shift();
  }
}

/** Runs a series of observations of one connection: the evidence if it is flagged at any point. */
export function classifyConnection(series: readonly ConnectionObservation[], thresholds?: Partial<BehaviourThresholds>): Finding | null {
  const c = new ConnectionClassifier(thresholds);
  for (const o of series) c.observe(o);
  return c.verdict;
}
