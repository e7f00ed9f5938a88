// Pure: a token bucket counting messages, so a page that makes the guard chatter cannot flood the background.
// (Not an upload rate limit: those are bytes, core/allowance/rate-shaper.ts.)
export class MessageThrottle {
  private tokens: number;
  private last = -1;
  constructor(private readonly opts: { perSecond: number; burst: number }) {
    this.tokens = opts.burst;
  }
  take(nowMs: number): boolean {
    if (this.last >= 0) {
      this.tokens = Math.min(this.opts.burst, this.tokens + ((nowMs - this.last) / 1000) * this.opts.perSecond);
    }
    this.last = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
