// Pure (any context; no Math, no array methods, so it may run in the page's world): a token bucket that shapes
// one site's uploads to its rate limit. It never refuses: it tells when the message at the head of the caller's
// queue may go out, so sends are queued and released in order at the allowed rate. A message larger than the
// bucket still goes out, after waiting for its excess at the rate. From any moment when nothing waits, at most
// `burst + rate × elapsed` bytes go out.

export interface RateShaperOptions {
  /** The rate limit in bytes per second. 0 lets nothing out (but empty messages). */
  rateBps: number;
  /** The bucket: bytes that may go out at once after a pause. Default: one second's worth at the rate. */
  burstBytes?: number;
}

/**
 * Use: when a message reaches the head of the queue (offered to an empty queue, or the one before it went
 * out) at `since`, wait until `releaseAt(size, since)`, send it, then `take(size, now)`. Times are milliseconds on
 * one monotonic clock (e.g. `performance.now()`) passed in by the caller.
 */
export class RateShaper {
  private rate = 0;
  private burst = 1;
  /** When the bucket is full again if nothing more is sent (at or before now: it is full). */
  private fullAt: number;
  /** The latest time seen: a clock that steps back reads as this, so no token is earned twice. */
  private last: number;

  constructor(opts: RateShaperOptions, now: number) {
    this.last = now;
    this.fullAt = now;
    this.configure(opts, now);
  }

  get rateBps(): number {
    return this.rate;
  }

  get burstBytes(): number {
    return this.burst;
  }

  /** Bytes that may go out at `now` without waiting; negative while the bucket is in debt. */
  available(now: number): number {
    return this.burst - this.deficit(this.clock(now));
  }

  /**
   * When a message of `size` bytes that has waited at the head of the queue since `since` may go out (never
   * before `since`); Infinity: never (a rate of 0). Reserves nothing: ask again after `configure`.
   * A message that fits the bucket goes when the bucket holds it; a larger one once the bucket is full and its
   * excess over the bucket has been earned at the rate while it waited.
   */
  releaseAt(size: number, since: number): number {
    checkSize(size);
    const t = since;
    if (this.rate === 0) return size === 0 ? t : Infinity;
    if (size <= this.burst) {
      const at = this.fullAt - ((this.burst - size) * 1000) / this.rate;
      return at > t ? at : t;
    }
    return (this.fullAt > t ? this.fullAt : t) + ((size - this.burst) * 1000) / this.rate;
  }

  /**
   * A message of `size` bytes went out at `now` (at or after its `releaseAt`). The bucket may have filled past its
   * size while a larger message waited, up to that message's size; sent early, a message leaves the bucket in debt.
   */
  take(size: number, now: number): void {
    checkSize(size);
    const t = this.clock(now);
    if (this.rate === 0) return;
    const cap = size > this.burst ? size : this.burst;
    const earned = this.burst + ((t - this.fullAt) * this.rate) / 1000;
    const after = (earned < cap ? earned : cap) - size;
    this.fullAt = t + ((this.burst - after) * 1000) / this.rate;
  }

  /** A new limit from `now` on: what the bucket lacks (in bytes) carries over and refills at the new rate. */
  configure(opts: RateShaperOptions, now: number): void {
    const rate = opts.rateBps;
    if (!(rate >= 0) || rate - rate !== 0) throw new RangeError("rateBps must be a finite number of bytes per second, 0 or more");
    const burst = opts.burstBytes === undefined ? (rate >= 1 ? rate : 1) : opts.burstBytes;
    if (!(burst >= 1) || burst - burst !== 0) throw new RangeError("burstBytes must be a finite number of bytes, 1 or more");
    const t = this.clock(now);
    const owed = this.deficit(t);
    this.rate = rate;
    this.burst = burst;
    this.fullAt = rate === 0 ? t : t + (owed * 1000) / rate;
  }

  /** Bytes the bucket lacks from full at `t` (more than the bucket while in debt). */
  private deficit(t: number): number {
    return this.rate > 0 && this.fullAt > t ? ((this.fullAt - t) * this.rate) / 1000 : 0;
  }

  private clock(now: number): number {
    if (now > this.last) this.last = now;
    return this.last;
  }
}

function checkSize(size: number): void {
  if (!(size >= 0) || size - size !== 0) throw new RangeError("size must be a finite number of bytes, 0 or more");
}
