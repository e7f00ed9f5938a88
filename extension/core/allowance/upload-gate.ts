// Pure: the page guard's decision for every send. Uploads in a leased frame must be covered by a lease from the
// background; a send the lease does not cover waits (in order) for more, and is refused only when the site has
// no budget left for it. No message to the background per send: leases are requested in chunks.
// It runs in the page's world, where the page may have replaced Array, Map and Math methods or put setters on
// Object.prototype: so no array methods, no iteration protocol, no Math; the queue is a linked list of
// null-prototype nodes whose properties all exist from creation.
import type { Enforcement } from "../../shared/status";

export type GateDecision = "send" | "queue" | "refuse";

export interface Queued<C> {
  channel: C;
  data: unknown;
  size: number;
}

interface Node<C> extends Queued<C> {
  next: Node<C> | null;
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
  /**
   * What the site has left beyond this frame's own lease (unleased budget plus other frames' leases, which a
   * recall can bring back), as last reported. Sends that would take the queue past lease + pool are refused at
   * once, so a client hears "no" synchronously; only a race with another frame spending its lease can still
   * drop a queued send later.
   */
  pool = 0;
  /**
   * The site is on probation (undetected, nobody decided): the lease comes from its probation allowance, and a
   * send beyond it waits while the background judges the site; it is never refused synchronously here.
   */
  probation = false;
  private requested = false;
  /** Whether this frame ever sent under a lease: only a sender keeps a lease ahead (see prefetch). */
  private active = false;
  private head: Node<C> | null = null;
  private tail: Node<C> | null = null;
  private count = 0;
  private queuedBytes = 0;

  constructor(private readonly io: GateIo<C>) {}

  /** Bytes waiting in this frame's queue for one channel (added to its `bufferedAmount`). */
  queuedFor(channel: C): number {
    let n = 0;
    for (let q = this.head; q !== null; q = q.next) if (q.channel === channel) n += q.size;
    return n;
  }

  get waiting(): number {
    return this.count;
  }

  /** Decide one send. "send": the caller sends now (already charged); "queue": the gate owns it now. */
  offer(channel: C, data: unknown, size: number): GateDecision {
    const e = this.enforcement;
    if (e === "open") return "send";
    if (e === "block") return "refuse";
    this.active = true;
    if (this.count === 0 && size <= this.lease) {
      this.lease -= size;
      return "send";
    }
    if (e === "leased" && !this.probation && this.queuedBytes + size > this.lease + this.pool) return "refuse";
    this.push({ __proto__: null, channel, data, size, next: null } as unknown as Node<C>);
    this.askForMore();
    return "queue";
  }

  /** The background granted bytes; `pool` is what the site has left beyond this frame's lease after it. */
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
    this.drain(false);
    while (this.head !== null) this.io.drop(this.shift());
  }

  /** The pool changed (another frame returned lease, the site received more, a budget refilled). */
  setPool(pool: number): void {
    this.pool = pool;
    if (this.count > 0 && !this.requested) this.askForMore();
  }

  /**
   * Another frame of the site needs budget: give back everything this frame holds (always answer, even with 0,
   * so the background never waits on us). If this frame has sends waiting, it asks again and queues up behind.
   */
  recall(): void {
    const bytes = this.lease;
    this.lease = 0;
    this.io.returnLease(bytes);
    if (this.count > 0) {
      this.requested = false;
      this.askForMore();
    }
  }

  /**
   * The background settled this frame's lease (a new regime, or the background restarted and a request in
   * flight was lost with it): hold nothing, and ask again for whatever waits.
   */
  resetLease(): void {
    this.lease = 0;
    this.requested = false;
  }

  /**
   * The frame is going away, or stopped sending: give back what it holds (what it sent is reported separately),
   * and keep nothing ahead until it sends again (a lease not given back counts as spent).
   */
  release(): void {
    const bytes = this.lease;
    this.lease = 0;
    this.active = false;
    if (bytes > 0) this.io.returnLease(bytes);
  }

  /** A new policy: open and block settle the queue at once; leased keeps it waiting for a grant. */
  setEnforcement(e: Enforcement): void {
    this.enforcement = e;
    if (e === "open") {
      while (this.head !== null) this.io.deliver(this.shift());
    } else if (e === "block") {
      while (this.head !== null) this.io.drop(this.shift());
    } else if (this.count > 0 && !this.requested) {
      this.askForMore();
    }
  }

  /** Deliver queued sends in order while the lease covers them. */
  private drain(askAgain = true): void {
    while (this.head !== null && this.head.size <= this.lease) {
      const item = this.shift();
      this.lease -= item.size;
      this.io.deliver(item);
    }
    if (askAgain && this.count > 0) this.askForMore();
  }

  /** Ask for what the head of the queue lacks (the background grants a chunk, usually more). */
  private askForMore(): void {
    if (this.requested || this.enforcement === null || this.head === null) return;
    this.requested = true;
    const missing = this.head.size - this.lease;
    this.io.requestLease(missing > 1 ? missing : 1);
  }

  /**
   * Keep a lease ahead of a sender so its sends go out synchronously: ask for more (at least one byte: the
   * background grants a chunk) while the lease is below `low` and the site has some left. Frames that never sent
   * hold nothing: a lease not given back counts as spent, and most frames never use WebRTC.
   */
  prefetch(low: number): void {
    if (!this.active || this.enforcement !== "leased" || this.requested || this.head !== null) return;
    if (this.lease >= low || this.pool <= 0) return;
    this.requested = true;
    this.io.requestLease(1);
  }

  private push(node: Node<C>): void {
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.count++;
    this.queuedBytes += node.size;
  }

  private shift(): Node<C> {
    const node = this.head!;
    this.head = node.next;
    if (this.head === null) this.tail = null;
    node.next = null;
    this.count--;
    this.queuedBytes -= node.size;
    return node;
  }
}
