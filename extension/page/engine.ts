// MAIN world: one frame's guard state: the policy from the background, the upload gate, per-connection counters,
// and batched usage reports (one message per interval, never one per send).
import { UploadGate, type GateDecision, type Queued } from "../core/allowance/upload-gate";
import type { BackgroundMessage, ConnUsage, GuardMessage } from "../shared/messages";
import type { Enforcement, FramePolicy, P2PConsentStatus } from "../shared/status";
import { call, create, defineData, home, intrinsics, SafeWeakMap } from "./natives";
import { DetectObserver, type ConnDetect } from "./detect-observer";
import { LowWater } from "./low-water";
import { RealmList } from "./realm-list";
import { LEVELS } from "../core/allowance/thresholds";

export interface Conn {
  id: number;
  pc: RTCPeerConnection;
  up: number;
  down: number;
  refused: number;
  closed: boolean;
  /** What detection reads of this connection (page/detect-observer.ts). */
  detect: ConnDetect;
}

interface Waiter {
  fn: () => void;
  next: Waiter | null;
}

const REPORT_INTERVAL_MS = 250;
/** A sender idle this long gives its lease back. */
const IDLE_RETURN_MS = 1000;
/** Keep at least this much lease ahead of a sender, so its sends rarely wait for a round trip. */
export const LEASE_LOW_WATER = 32 * 1024;

/**
 * A connection's state, "closed" when it can no longer be read: the frame it was made in was removed (Firefox then
 * throws NS_ERROR_UNEXPECTED for its objects). Never throws: it is read inside the page's own calls.
 */
function stateOf(pc: RTCPeerConnection): string {
  if (!home.pcConnectionState) return "new";
  try {
    return call(home.pcConnectionState, pc);
  } catch {
    return "closed";
  }
}

/** Whether a connection has begun gathering or connecting (false: it has not, and under the guard never will). */
function started(pc: RTCPeerConnection): boolean {
  if (stateOf(pc) !== "new") return true;
  if (!home.pcIceGatheringState) return true;
  try {
    return call(home.pcIceGatheringState, pc) !== "new";
  } catch {
    return true;
  }
}

const run = (fn: () => void) => fn();

/** The protocol carries an unlimited pool as null (JSON has no Infinity). */
const poolOf = (pool: number | null): number => (pool === null ? Infinity : pool);

export class GuardEngine {
  private current: FramePolicy | null = null;
  private readonly gate: UploadGate<RTCDataChannel>;
  /** Live connections by id (a null-prototype map: the page cannot intercept its reads or writes). */
  private readonly conns: Record<number, Conn> = create(null) as Record<number, Conn>;
  private nextId = 1;
  private waiters: Waiter | null = null;
  private reportTimer: ReturnType<typeof setTimeout> | null = null;
  /** The epoch of the leases this frame holds (see BackgroundMessage "policy"); reported with usage and returns. */
  private epoch = 0;
  /** Lease granted to this frame under `epoch` (reported when the background settles it). */
  private granted = 0;
  /** Lease this frame gave back under `epoch` (reported when the background settles it: a return whose write had
   * not landed when the background stopped is counted again then). */
  private returned = 0;
  /** Bytes sent on channels whose connection this frame did not create (another realm's channel). */
  private readonly stray: Conn;
  onChange: () => void = () => {};
  /** Observations for detection, sent with the usage report. */
  readonly observer = new DetectObserver(
    () => this.schedule(),
    () => this.soon(),
  );
  private soonTimer: ReturnType<typeof setTimeout> | null = null;
  /** Sent since the idle check last looked; whether that check is armed (see `countUp`). */
  private busy = false;
  private idleArmed = false;

  /**
   * What waits for this guard's first peer connection or WebSocket (lazy watchers), per realm, held only while that
   * realm lives (realm-list.ts); null once that came.
   */
  private toActivate: RealmList<() => void> | null = new RealmList();

  /**
   * Runs `fn` at this guard's first peer connection or WebSocket in any realm (now, if that already came); `fn` is
   * dropped with the realm it belongs to (`life` lives exactly as long as that realm: realm-list.ts).
   */
  whenActive(life: object, fn: () => void): void {
    if (this.toActivate === null) return fn();
    this.toActivate.add(life, fn);
  }

  /** The first peer connection or WebSocket: start what was waiting for it. Runs inside the page's constructor call. */
  activate(): void {
    const fns = this.toActivate;
    if (fns === null) return;
    this.toActivate = null;
    fns.each(run); // one that throws (a realm that went away) is dropped; the rest run
  }

  /** `bufferedamountlow` for the bytes this frame's queue holds (page/low-water.ts). */
  private readonly lowWater = new LowWater(this);

  constructor(readonly post: (msg: GuardMessage) => void) {
    this.observer.onDeclared = () => this.declaredHere();
    const strayDetect: ConnDetect = { id: 0, dUp: 0, dMessages: 0, media: false, mediaReported: false, firstWatch: 0, channels: 0 };
    this.stray = { id: 0, pc: null as unknown as RTCPeerConnection, up: 0, down: 0, refused: 0, closed: false, detect: strayDetect };
    this.gate = new UploadGate<RTCDataChannel>({
      requestLease: (need) => {
        this.report();
        this.post({ type: "lease/request", need });
      },
      returnLease: (bytes) => {
        this.returned += bytes;
        this.post({ type: "lease/return", bytes, epoch: this.epoch });
      },
      deliver: (item: Queued<RTCDataChannel>) => {
        if (this.deliverNative(item.channel, item.data)) this.countUp(item.channel, item.size, item.data);
        else this.gate.lease += item.size; // the channel closed while it waited: nothing went out (the gate's own lease)
      },
      drop: (item: Queued<RTCDataChannel>) => this.refused(item.channel),
    });
  }

  /** Sends a queued message for real (the captured native send, any realm's channel); false if it could not go out. */
  private deliverNative(channel: RTCDataChannel, data: unknown): boolean {
    try {
      if (call(home.dcReadyState!, channel) !== "open") return false; // undefined: throws, and is caught below
      const before = this.lowWater.amount(channel);
      call(home.dcSend!, channel, data);
      this.lowWater.released(channel, before);
      return true;
    } catch {
      return false;
    }
  }

  /** Channel -> connection, for channels of every realm this engine guards. */
  private readonly channelConn = new SafeWeakMap<RTCDataChannel, Conn>();
  private readonly pcConn = new SafeWeakMap<RTCPeerConnection, Conn>();
  /** Channels whose received bytes are counted (a listener is attached once). */
  private readonly watched = new SafeWeakMap<RTCDataChannel, true>();

  /** The policy the background sent this frame; null until it did. */
  get policy(): FramePolicy | null {
    return this.current;
  }

  /** How sends are gated now: null until the policy is known, or while a declared page on probation is held. */
  get enforcement(): Enforcement | null {
    return this.gate.enforcement;
  }

  /** The site is on probation (undetected, nobody decided): it runs on its probation allowance. */
  get onProbation(): boolean {
    return this.gate.probation;
  }

  connOf(channel: RTCDataChannel): Conn | undefined {
    return this.channelConn.get(channel);
  }

  /** The connection the guard made for this peer connection (any realm's), if it made one. */
  connOfPc(pc: RTCPeerConnection): Conn | undefined {
    return this.pcConn.get(pc);
  }

  /** Whether this channel's received bytes are counted already. */
  isWatched(channel: RTCDataChannel): boolean {
    return this.watched.has(channel);
  }

  /**
   * Take a channel in: from now on its bytes count for `conn` (or, without one, for the stray connection). False if
   * it was taken in before (its listeners are attached already).
   */
  watchChannel(channel: RTCDataChannel, conn: Conn | undefined): boolean {
    if (this.watched.has(channel)) return false;
    this.watched.set(channel, true);
    if (conn) this.channelConn.set(channel, conn);
    return true;
  }

  /** Decide one send (the upload gate): "send" is charged already; "queue": the gate owns it now. */
  offer(channel: RTCDataChannel, data: unknown, size: number): GateDecision {
    return this.gate.offer(channel, data, size);
  }

  /** The browser refused a send the gate had let through: under a lease, its bytes were charged and go back. */
  sendFailed(size: number): void {
    if (this.gate.enforcement === "leased") this.gate.lease += size;
  }

  /** After a send under the gate: keep a lease ahead of the sender. */
  keepLeaseAhead(): void {
    this.gate.prefetch(LEASE_LOW_WATER);
  }

  /** Bytes this frame's queue holds for a channel (part of the `bufferedAmount` the page reads). */
  queuedFor(channel: RTCDataChannel): number {
    return this.gate.queuedFor(channel);
  }

  /** The browser fired `bufferedamountlow` on a channel (page/low-water.ts). */
  browserLowWater(channel: RTCDataChannel): void {
    this.lowWater.browserFired(channel);
  }

  status(): P2PConsentStatus | null {
    const p = this.policy;
    if (!p) return null;
    const s = p.status;
    // On probation the page hears its default (the allowance it runs on is not consent to seed).
    if (p.enforcement !== "leased" || this.gate.probation) return s;
    const pool = this.gate.pool;
    const left = pool === Infinity ? null : this.gate.lease + pool;
    return {
      seeding: s.seeding,
      uploadBudgetBytes: left,
      uploadRateLimitBps: s.uploadRateLimitBps,
      metered: s.metered,
      reason: s.reason === "user" && left === 0 && s.seeding === "allowed" ? "quota" : s.reason,
      resetsAt: s.resetsAt,
    };
  }

  whenPolicy(fn: () => void): void {
    if (this.policy) return fn();
    const w: Waiter = { fn, next: null };
    if (this.waiters === null) this.waiters = w;
    else {
      let t = this.waiters;
      while (t.next) t = t.next;
      t.next = w;
    }
  }

  newConn(pc: RTCPeerConnection): Conn {
    const id = this.nextId++;
    const conn: Conn = { id, pc, up: 0, down: 0, refused: 0, closed: false, detect: this.observer.newConn(id) };
    this.conns[conn.id] = conn;
    this.pcConn.set(pc, conn);
    return conn;
  }

  countUp(channel: RTCDataChannel, n: number, data?: unknown): void {
    const c = this.connOf(channel) ?? this.stray;
    c.up += n;
    const d = c.detect;
    d.dUp += n;
    d.dMessages++;
    // Only the first message of each channel is read (a handful of sends per connection).
    if (d.firstWatch > 0) this.observer.firstOut(d, channel, data);
    this.schedule();
    // The budget left went down: the page hears of it when it crosses a threshold (index.ts decides, O(1)).
    if (this.gate.enforcement === "leased") {
      // On probation the page is told its default, which a send does not change: no threshold to check.
      if (!this.gate.probation) this.sentOnLease();
      this.busy = true;
      if (!this.idleArmed) this.armIdle();
    }
  }

  /** The budget left (lease + pool) at the last check of `sentOnLease`, the next level below it, and the limit. */
  private leftSeen = Infinity;
  private announceAt = -1;
  private limitSeen: number | null | undefined = undefined;

  /**
   * A send on a lease lowered the budget left: the page is told (onChange, index.ts) only when that crosses the next
   * threshold (thresholds.ts), the limit changed, or the budget grew since the last check (a refill, a settled
   * lease): a few comparisons per send instead of building the page's status for every send (the leased path's
   * cost per send, bench part 4). Every other change of the budget comes with a background message, which calls
   * onChange itself.
   */
  private sentOnLease(): void {
    const pool = this.gate.pool;
    if (pool === Infinity) return; // the page is told no budget (null): a send changes nothing it sees
    const left = this.gate.lease + pool;
    const limit = this.policy?.budgetLimit ?? null;
    if (left > this.announceAt && left <= this.leftSeen && limit === this.limitSeen) {
      this.leftSeen = left;
      return;
    }
    this.onChange();
    this.leftSeen = left;
    this.limitSeen = limit;
    let at = left > 0 ? 0 : -1;
    if (limit !== null) {
      for (let i = 0; i < LEVELS.length; i++) {
        const d = LEVELS[i]!.divisor;
        const t = (limit - (limit % d)) / d;
        if (t < left && t > at) at = t;
      }
    }
    this.announceAt = at;
  }

  /**
   * A frame that stopped sending for a second gives its lease back, so the site's budget counters hold only what
   * was really sent when the browser closes or the frame dies (a lease not given back counts as spent).
   */
  private armIdle(): void {
    this.idleArmed = true;
    intrinsics.setTimeout(() => {
      if (this.busy || this.gate.waiting > 0) {
        this.busy = false;
        return this.armIdle();
      }
      this.idleArmed = false;
      this.report();
      this.gate.release();
    }, IDLE_RETURN_MS);
  }

  /**
   * The page declared a P2P client (request(), <meta name="p2p-cdn">) while its site was on probation as an
   * undetected site: hold its uploads (they wait, none is refused) until the background sends the policy of a
   * detected site. (What it sends meanwhile from a lease it holds is charged to the site's default bound anyway.)
   */
  declaredHere(): void {
    this.declared = true;
    this.holdIfUntouched();
  }

  private declared = false;

  /** On probation although the page declared itself: the background has not heard (or not yet answered) it. */
  private holdIfUntouched(): void {
    if (this.declared && this.gate.probation && this.gate.enforcement === "leased") this.gate.enforcement = null;
  }

  countDown(conn: Conn, n: number): void {
    conn.down += n;
    this.schedule();
  }

  refused(channel: RTCDataChannel): void {
    const conn = this.connOf(channel) ?? this.stray;
    const first = conn.refused === 0;
    conn.refused++;
    this.schedule();
    if (first) this.onChange();
  }

  onMessage(msg: BackgroundMessage): void {
    switch (msg.type) {
      case "policy": {
        const before = this.current;
        this.current = msg.policy;
        if (msg.resetLease) {
          // The background settled this frame's leases (counted them as spent): report what was sent under them
          // and hand back the rest under their epoch, so the site loses nothing; then start afresh.
          this.report();
          if (this.epoch !== 0) this.post({ type: "lease/settle", epoch: this.epoch, granted: this.granted, returned: this.returned, left: this.gate.lease });
          this.gate.resetLease();
          this.granted = 0;
          this.returned = 0;
        }
        this.epoch = msg.epoch;
        this.gate.pool = poolOf(msg.pool);
        this.gate.probation = msg.probation;
        this.gate.setEnforcement(msg.policy.enforcement);
        // A policy computed before the background heard this page declare itself: keep holding.
        this.holdIfUntouched();
        this.gate.prefetch(LEASE_LOW_WATER);
        if (msg.policy.enforcement === "block") this.closeAll();
        if (!before) this.runWaiters();
        this.onChange();
        return;
      }
      case "lease/grant":
        this.granted += msg.bytes;
        this.gate.grant(msg.bytes, poolOf(msg.pool));
        this.gate.prefetch(LEASE_LOW_WATER);
        // The budget left moved: the page hears of it only at a threshold (see thresholds.ts, index.ts).
        return this.onChange();
      case "lease/exhausted": {
        this.gate.exhausted(poolOf(msg.pool));
        return this.onChange();
      }
      case "lease/recall":
        return this.gate.recall();
      case "detect/probe":
        return this.observer.setProbe(msg.paths, msg.metaNames);
      case "lease/pool": {
        const was = this.gate.pool;
        this.gate.setPool(poolOf(msg.pool));
        this.gate.prefetch(LEASE_LOW_WATER);
        if (was !== this.gate.pool) this.onChange();
        return;
      }
    }
  }

  /**
   * Block: close every connection of this frame that has started, so no peer keeps learning anything. One that has
   * not (made before the policy arrived: nothing gathered, its setLocalDescription waits and then refuses with
   * NotAllowedError) is left open: closing it under a pending createOffer leaves the page's promise unsettled
   * forever in Chromium, and it can never gather now.
   */
  closeAll(): void {
    for (const k in this.conns) {
      const conn = this.conns[k as unknown as number]!;
      if (!started(conn.pc)) continue;
      if (!conn.closed && home.pcClose) {
        try {
          call(home.pcClose, conn.pc);
        } catch {
          // Its frame was removed: the browser closed it already (Firefox: a dead object).
        }
      }
      this.closed(conn);
    }
  }

  closed(conn: Conn): void {
    if (conn.closed) return;
    conn.closed = true;
    this.report();
    this.post({ type: "conn/close", id: conn.id });
    this.observer.closed(conn.detect);
    delete this.conns[conn.id];
  }

  private runWaiters(): void {
    let w = this.waiters;
    this.waiters = null;
    while (w) {
      w.fn();
      w = w.next;
    }
  }

  /** A report now-ish (declared evidence, a first channel message): in a task of our own, not inside the page's call. */
  private soon(): void {
    if (this.soonTimer !== null) return;
    this.soonTimer = intrinsics.setTimeout(() => {
      this.soonTimer = null;
      this.report();
    }, 0);
  }

  private schedule(): void {
    if (this.reportTimer !== null) return;
    this.reportTimer = intrinsics.setTimeout(() => {
      this.reportTimer = null;
      this.report();
    }, REPORT_INTERVAL_MS);
  }

  /** The document is going away: report what was sent and give the lease back, so the site does not lose it. */
  leaving(): void {
    this.report();
    this.gate.release();
  }

  /** One usage message with every connection's deltas since the last one. */
  report(): void {
    const conns: ConnUsage[] = [];
    let n = 0;
    const add = (c: Conn) => {
      if (c.up === 0 && c.down === 0 && c.refused === 0) return;
      // defineProperty, not `conns[n] =`: a page setter on Array.prototype[n] must not see the report.
      defineData(conns, n++, { id: c.id, up: c.up, down: c.down, refused: c.refused });
      c.up = 0;
      c.down = 0;
      c.refused = 0;
    };
    for (const k in this.conns) {
      const c = this.conns[k as unknown as number]!;
      add(c);
      // A connection closed by its peer, or by the browser when its frame went away.
      if (stateOf(c.pc) === "closed") this.closed(c);
    }
    add(this.stray);
    if (n > 0) this.post({ type: "usage", conns, epoch: this.epoch });
    const detect = this.observer.take();
    if (detect) this.post(detect);
    if (this.observer.backlog) this.schedule();
  }
}
