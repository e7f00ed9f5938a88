// MAIN world: `bufferedamountlow` for bytes the guard holds. A send the guard queues (waiting for a lease or the
// rate limit) counts in the channel's `bufferedAmount`, so a client that paces itself on `bufferedamountlow` may be
// waiting on bytes the browser has never seen. The browser fires that event only when its own buffer drains past
// the threshold — never, when each released message is smaller than the threshold — and releasing the queue does
// not lower the amount the page sees (bytes move from the guard's queue to the browser's buffer). So once a release
// happens while the page's amount is above the threshold, the guard watches the amount (a few times per 100 ms,
// only while it stays above) and fires the event when it is at or below — unless the browser's own event already
// told the page so.
import { call, home, intrinsics, SafeWeakMap } from "./natives";

/** What this needs of the engine: the bytes its upload gate holds for a channel. */
export interface QueueView {
  queuedFor(channel: RTCDataChannel): number;
}

const POLL_MS = 20;

export class LowWater {
  /** The current watch of each channel (a generation number, so a stale timer stops). */
  private readonly watching = new SafeWeakMap<RTCDataChannel, number>();
  private generation = 0;

  constructor(private readonly engine: QueueView) {}

  /** What the page reads as `bufferedAmount`: the browser's buffer plus the guard's queue for the channel. */
  amount(channel: RTCDataChannel): number {
    return call(home.dcBufferedAmount!, channel) + this.engine.queuedFor(channel); // present wherever RTCDataChannel is
  }

  private threshold(channel: RTCDataChannel): number {
    return call(home.dcLowThreshold!, channel); // present wherever RTCDataChannel is
  }

  /** A queued message went to the browser; `amount` is what the page saw just before. */
  released(channel: RTCDataChannel, amount: number): void {
    if (this.watching.has(channel) || amount <= this.threshold(channel)) return;
    const g = ++this.generation;
    this.watching.set(channel, g);
    intrinsics.setTimeout(() => this.check(channel, g), 0);
  }

  /** The browser fired its own event: if the page's amount is low too, the page has heard; stop watching. */
  browserFired(channel: RTCDataChannel): void {
    if (!this.watching.has(channel)) return;
    try {
      if (this.amount(channel) <= this.threshold(channel)) this.watching.delete(channel);
    } catch {
      this.watching.delete(channel);
    }
  }

  private check(channel: RTCDataChannel, g: number): void {
    if (this.watching.get(channel) !== g) return;
    try {
      if (call(home.dcReadyState!, channel) !== "open") return this.watching.delete(channel); // present wherever RTCDataChannel is
      if (this.amount(channel) <= this.threshold(channel)) {
        this.watching.delete(channel);
        call(home.dispatchEvent, channel, new home.Event("bufferedamountlow"));
        return;
      }
    } catch {
      // The channel went away meanwhile.
      return this.watching.delete(channel);
    }
    intrinsics.setTimeout(() => this.check(channel, g), POLL_MS);
  }
}
