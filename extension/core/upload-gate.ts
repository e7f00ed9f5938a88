// Pure: the page guard's decision for every send. Uploads in a leased frame must be covered by a lease from the
// background; a send the lease does not cover waits (in order) for more, and is refused only when the site has
// no budget left for it. No message to the background per send: leases are requested in chunks.
import type { Enforcement } from "../shared/status";

export type GateDecision = "send" | "queue" | "refuse";

export interface Queued<C> {
  channel: C;
  data: unknown;
  size: number;
}

export interface GateIo<C> {
  /** Ask the background for at least `need` more bytes of lease. */
  requestLease(need: number): void;
  /** Give unused lease back. */
  returnLease(bytes: number): void;
  /** Put a queued message on the wire now (it is covered). */
  deliver(item: Queued<C>): void;
  /** A queued message was refused after all: the site ran out of budget while it waited. */
  drop(item: Queued<C>): void;
}

export class UploadGate<C> {
  /** `null` until the background has told this frame its policy: fail closed meanwhile (sends wait). */
  enforcement: Enforcement | null = null;
  /** Bytes this frame may send without asking. */
  lease = 0;
  /** The site's unleased budget as last reported: a send larger than lease + pool cannot be covered. */
  pool = 0;
  private requested = false;
  private readonly queue: Queued<C>[] = [];
  private queuedBytes = 0;

  constructor(private readonly io: GateIo<C>) {}

  /** Bytes waiting in this frame's queue for one channel (added to its `bufferedAmount`). */
  queuedFor(channel: C): number {
    let n = 0;
    for (const q of this.queue) if (q.channel === channel) n += q.size;
    return n;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Decide one send. "send": the caller sends now (already charged); "queue": the gate owns it now. */
  offer(channel: C, data: unknown, size: number): GateDecision {
    const e = this.enforcement;
    if (e === "open") return "send";
    if (e === "block") return "refuse";
    if (this.queue.length === 0 && size <= this.lease) {
      this.lease -= size;
      return "send";
    }
    if (e === "leased" && !this.requested && this.queue.length === 0 && size > this.lease + this.pool) return "refuse";
    this.queue.push({ channel, data, size });
    this.queuedBytes += size;
    this.askForMore();
    return "queue";
  }

  /** The background granted bytes; `pool` is what the site has left unleased after this grant. */
  grant(bytes: number, pool: number): void {
    this.requested = false;
    this.lease += bytes;
    this.pool = pool;
    this.drain();
  }

  /** The site has less than this frame's next queued send: refuse what cannot be covered. */
  exhausted(pool: number): void {
    this.requested = false;
    this.pool = pool;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.size <= this.lease) {
        this.drain();
        if (this.queue.length === 0) return;
        continue;
      }
      this.queue.shift();
      this.queuedBytes -= head.size;
      this.io.drop(head);
    }
  }

  /** The pool changed (another frame returned lease, the site received more, a budget refilled). */
  setPool(pool: number): void {
    this.pool = pool;
    if (this.queue.length > 0 && !this.requested) this.askForMore();
  }

  /**
   * Another frame of the site needs budget: give back everything this frame holds (always answer, even with 0,
   * so the background never waits on us). If this frame has sends waiting, it asks again and queues up behind.
   */
  recall(): void {
    const bytes = this.lease;
    this.lease = 0;
    this.io.returnLease(bytes);
    if (this.queue.length > 0) {
      this.requested = false;
      this.askForMore();
    }
  }

  /** A new policy: open and block settle the queue at once; leased keeps it waiting for a grant. */
  setEnforcement(e: Enforcement): void {
    this.enforcement = e;
    if (e === "open") {
      for (const q of this.queue.splice(0)) this.io.deliver(q);
      this.queuedBytes = 0;
    } else if (e === "block") {
      for (const q of this.queue.splice(0)) this.io.drop(q);
      this.queuedBytes = 0;
    } else if (this.queue.length > 0 && !this.requested) {
      this.askForMore();
    }
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.size > this.lease) break;
      this.queue.shift();
      this.queuedBytes -= head.size;
      this.lease -= head.size;
      this.io.deliver(head);
    }
    if (this.queue.length > 0) this.askForMore();
  }

  private askForMore(): void {
    if (this.requested || this.enforcement === null) return;
    this.requested = true;
    this.io.requestLease(Math.max(1, this.queuedBytes - this.lease));
  }
}
