// Pure: one site's upload allowance shared by all its frames (tabs, iframes, connections). Frames spend from
// leases; a lease counts as spent until it is given back, so bytes never exceed the allowance even if a frame
// dies without reporting. When the pool is short, other frames are asked to give their leases back first, so a
// send is refused only when the whole site has less left than it needs.

/** `pool` in each call is what the site has left beyond that frame's own lease (see `poolFor`). */
export interface LedgerIo<F> {
  grant(frame: F, bytes: number, pool: number): void;
  exhausted(frame: F, pool: number): void;
  recall(frame: F): void;
  /** Call `serve` again in `ms` (a rate limit holds the next grant back until then). */
  later?(ms: number): void;
  /**
   * The pool cannot cover `frame`'s request and the ledger holds it (see `hold`): the site is to be judged now.
   * `committed` is what the site has spent or holds in leases. Called again on every serve while it waits.
   */
  held?(frame: F, need: number, committed: number): void;
}

/** The site's rate limit (core/allowance/rate-shaper's RateShaper fits). Grants are released at its rate. */
export interface GrantShaper {
  available(now: number): number;
  releaseAt(size: number, since: number): number;
  take(size: number, now: number): void;
}

export interface LedgerOptions {
  /** Total bytes the site may upload under this ledger now; null = unlimited. May grow (received bytes, refills). */
  limit: (received: number) => number | null;
  /** Smallest lease handed out when the pool allows, so a busy sender does not ask per message. */
  chunk?: number;
  /** How long a recalled frame may take to answer before the ledger stops waiting for it. */
  recallTimeoutMs?: number;
  now?: () => number;
  /** The site's rate limit now, or null: leases are then granted no faster than its rate (sends wait, queued). */
  shaper?: () => GrantShaper | null;
  /**
   * While true, a request the pool cannot cover is held, not refused (`io.held`): the site is on probation and
   * must be judged before anything is refused. The judgement changes `limit`, and `serve` answers it then.
   */
  hold?: () => boolean;
}

export class SiteLedger<F> {
  /** Bytes reported sent, plus leases of frames that left without giving them back. */
  spent = 0;
  received = 0;
  /**
   * Leases settled without being given back (a frame moved to another ledger, or the background restarted):
   * counted as spent, but the frame that held one may still report spending it or give the rest back, once
   * (see `reportSettled`, `giveBackSettled`). What frames claim from it can never exceed it.
   */
  credit = 0;
  private readonly leases = new Map<F, number>();
  private readonly waiting: { frame: F; need: number; since: number }[] = [];
  private readonly recalling = new Map<F, number>();
  private readonly chunk: number;
  private readonly recallTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly io: LedgerIo<F>,
    private readonly opts: LedgerOptions,
  ) {
    this.chunk = opts.chunk ?? 64 * 1024;
    this.recallTimeoutMs = opts.recallTimeoutMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  get limit(): number | null {
    return this.opts.limit(this.received);
  }

  /** Spent plus every lease out: what must survive a restart of the background (see `restore`). */
  get committed(): number {
    return this.spent + this.outstanding;
  }

  /**
   * Resume after the background restarted: frames' leases were not carried over (they get fresh ones), so
   * whatever was leased counts as spent, as for a frame that left without giving its lease back.
   */
  restore(committed: number, received: number, credit = 0): void {
    this.spent = committed;
    this.received = received;
    this.credit = credit;
  }

  /** What `credit` is after a restart (`restore`): the credit now plus every lease out, which restore settles. */
  get creditAfterRestore(): number {
    return this.credit + this.outstanding;
  }

  get outstanding(): number {
    let n = 0;
    for (const v of this.leases.values()) n += v;
    return n;
  }

  /** Unleased bytes left; Infinity when unlimited. */
  get pool(): number {
    const limit = this.limit;
    return limit === null ? Infinity : Math.max(0, limit - this.spent - this.outstanding);
  }

  /** What the site has left in all: the pool plus every unspent lease. */
  get left(): number {
    const limit = this.limit;
    return limit === null ? Infinity : Math.max(0, limit - this.spent);
  }

  leaseOf(frame: F): number {
    return this.leases.get(frame) ?? 0;
  }

  /** What the site has left beyond `frame`'s own lease: unleased bytes plus other frames' (recallable) leases. */
  poolFor(frame: F): number {
    const left = this.left;
    return left === Infinity ? Infinity : Math.max(0, left - this.leaseOf(frame));
  }

  request(frame: F, need: number): void {
    const i = this.waiting.findIndex((w) => w.frame === frame);
    if (i >= 0) this.waiting.splice(i, 1);
    this.waiting.push({ frame, need, since: this.now() });
    this.serve();
  }

  /** A frame's usage since its last report. Uploads beyond its lease are charged too (and reported by the caller). */
  report(frame: F, up: number, down: number): { overdraft: number } {
    const lease = this.leaseOf(frame);
    const fromLease = Math.min(lease, up);
    if (this.leases.has(frame)) this.leases.set(frame, lease - fromLease);
    this.spent += up;
    this.received += down;
    if (down > 0 && this.waiting.length > 0) this.serve();
    return { overdraft: up - fromLease };
  }

  /** Unused lease returned (answer to a recall, or unprompted). */
  giveBack(frame: F, bytes: number): void {
    const lease = this.leaseOf(frame);
    const back = Math.min(lease, Math.max(0, bytes));
    if (this.leases.has(frame)) this.leases.set(frame, lease - back);
    this.recalling.delete(frame);
    this.serve();
  }

  /**
   * Usage a frame reports from a lease this ledger settled (sent before it heard the settlement): already counted
   * as spent, up to the settled bytes left; anything beyond is charged like an overdraft.
   */
  reportSettled(up: number): { overdraft: number } {
    const covered = Math.min(up, this.credit);
    this.credit -= covered;
    this.spent += up - covered;
    return { overdraft: up - covered };
  }

  /** A frame gives back the unused part of a settled lease: it was counted as spent, so it is freed again. */
  giveBackSettled(bytes: number): void {
    const back = Math.min(Math.max(0, bytes), this.credit);
    this.credit -= back;
    this.spent -= back;
    if (back > 0) this.serve();
  }

  /** The frame is gone or moved on: whatever lease it held may have been used, so it stays spent (see `credit`). */
  leave(frame: F): void {
    this.credit += this.leaseOf(frame);
    this.spent += this.leaseOf(frame);
    this.leases.delete(frame);
    this.recalling.delete(frame);
    const i = this.waiting.findIndex((w) => w.frame === frame);
    if (i >= 0) this.waiting.splice(i, 1);
    this.serve();
  }

  /** Serve waiting requests in order; recall other frames' leases when the pool is short. */
  serve(): void {
    while (this.waiting.length > 0) {
      const head = this.waiting[0]!;
      const pool = this.pool;
      if (pool >= head.need) {
        const others = this.waiting.length - 1;
        const share = pool === Infinity ? head.need : Math.floor(pool / (2 + others));
        let bytes = Math.min(pool, Math.max(head.need, Math.min(this.chunk, share)));
        const shaper = this.opts.shaper?.() ?? null;
        if (shaper) {
          // A lease is bytes the frame may send at once: hand them out no faster than the rate.
          const now = this.now();
          const ready = shaper.releaseAt(head.need, head.since);
          if (ready === Infinity) {
            this.waiting.shift();
            this.io.exhausted(head.frame, 0);
            continue;
          }
          if (now < ready) {
            this.io.later?.(Math.max(1, Math.ceil(ready - now)));
            return;
          }
          // Unlimited budget: a chunk (as much as the bucket holds), so a steady sender rarely waits on a round trip.
          const base = pool === Infinity ? Math.max(bytes, this.chunk) : bytes;
          bytes = Math.min(base, Math.max(head.need, Math.floor(shaper.available(now))));
          shaper.take(bytes, now);
        }
        this.waiting.shift();
        this.leases.set(head.frame, this.leaseOf(head.frame) + bytes);
        this.io.grant(head.frame, bytes, this.poolFor(head.frame));
        continue;
      }
      if (this.recallOthers(head.frame)) return;
      if (this.opts.hold?.() === true) {
        this.io.held?.(head.frame, head.need, this.committed);
        return;
      }
      this.waiting.shift();
      this.io.exhausted(head.frame, this.poolFor(head.frame));
    }
  }

  /** True while some other frame holds lease that may come back. */
  private recallOthers(except: F): boolean {
    const now = this.now();
    let pending = false;
    for (const [frame, lease] of this.leases) {
      if (frame === except || lease <= 0) continue;
      const since = this.recalling.get(frame);
      if (since === undefined) {
        this.recalling.set(frame, now);
        this.io.recall(frame);
        pending = true;
      } else if (now - since < this.recallTimeoutMs) {
        pending = true;
      }
    }
    return pending;
  }
}
