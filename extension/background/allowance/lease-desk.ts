// Background: the site ledgers that lease each site's upload allowance to its frames, and everything a lease
// touches — the budget counters it is charged to (at grant time), the rate shaper that paces grants, the lease
// epochs that let a frame settle leases a new regime or a restarted background took over, and storage before any
// grant goes out. The frame hub decides which ledger a frame uses (its policy); this desk keeps the books.
// An undetected site nobody decided on is on probation: it leases from its default's ledger with the probation
// allowance on top, and a request past it is held (never refused) while the site is judged (`DeskIo.judge`).
import type { BackgroundMessage, GuardMessage } from "../../shared/messages";
import { SiteLedger } from "../../core/allowance/site-ledger";
import { PROBATION_UPLOAD_BYTES } from "../../core/detection/behaviour";
import { RateShaper } from "../../core/allowance/rate-shaper";
import { defaultBound, type LedgerKind } from "../../core/allowance/frame-decision";
import { ruleFor } from "../../core/settings";
import type { SettingsStore } from "../settings-store";
import type { LedgerState, LedgerStore } from "./ledger-store";
import { newAccount, type Account, type BudgetBook } from "./budget-book";
import type { Frame } from "../frame";

export interface DeskIo {
  send(frame: Frame, msg: BackgroundMessage): void;
  /** Every connected frame (pool broadcasts). */
  frames(): Iterable<Frame>;
  /** A frame's request could not be covered: the tab's badge says so. */
  exhausted(frame: Frame): void;
  /** A site's budget counters moved (thresholds for the log, a refill timer). */
  charged(site: string): void;
  /**
   * A site on probation used its allowance (`committed` bytes leased) and `frame` asks for `need` more: judge
   * it now (behaviour evidence, then every frame of the site hears its default). Its request waits meanwhile.
   */
  judge?(frame: Frame, need: number, committed: number): void;
}

type Msg<T extends GuardMessage["type"]> = Extract<GuardMessage, { type: T }>;

export class LeaseDesk {
  private readonly ledgers = new Map<string, SiteLedger<Frame>>();
  /** What each ledger charged to the budget counters. */
  private readonly accounts = new Map<string, Account>();
  /** Epochs of this background's life: above any earlier life's (they start from the clock). */
  private nextEpoch = Date.now() * 1000;
  /** One rate shaper per site with a rate limit, shared by its ledgers (every tab and frame of the site). */
  private readonly shapers = new Map<string, RateShaper>();
  /** Ledgers waiting for their rate limit to release the next grant. */
  private readonly wakeups = new Set<string>();
  /** Ledgers whose site is on probation now (set with every policy the hub pushes; see `setProbation`). */
  private readonly probation = new Set<string>();
  /** Ledgers being judged (a request is held), and judged in this life: a judgement is not asked for twice. */
  private readonly judging = new Set<string>();
  private readonly judged = new Set<string>();
  /** Storage writes, one ledger at a time (see `changed`, `write`), and the ledgers waiting for their turn. */
  private writes: Promise<void> = Promise.resolve();
  private readonly queued = new Map<string, Promise<void>>();

  constructor(
    private readonly store: SettingsStore,
    private readonly ledgerStore: LedgerStore,
    private readonly budgets: BudgetBook | null,
    private readonly io: DeskIo,
  ) {
    // A new browser session: what ledgers of before charged stays counted, and their marks are stale.
    if (ledgerStore.resumed === false) budgets?.forgetApplied();
  }

  ledgerOf(frame: Frame): SiteLedger<Frame> | undefined {
    return frame.ledgerKey ? this.ledgers.get(frame.ledgerKey) : undefined;
  }

  /**
   * Move `frame` to the ledger its decision names (core/allowance/frame-decision.ts; null: none, the site is open
   * or blocked). Its leases are settled: what it reports of them comes with the old epoch. Returns the frame's
   * ledger and whether it moved.
   */
  assign(frame: Frame, to: { key: string; kind: LedgerKind } | null, site: string): { ledger: SiteLedger<Frame> | undefined; moved: boolean } {
    const key = to?.key ?? null;
    const moved = key !== frame.ledgerKey;
    if (moved) {
      // A frame new to this background may hold leases of its previous life's ledger of the same key; one that
      // was open here held none.
      frame.settledKey = frame.ledgerKey ?? (frame.policy?.enforcement === "open" ? null : key);
      frame.epoch = this.nextEpoch++;
      const old = frame.ledgerKey ? this.ledgers.get(frame.ledgerKey) : undefined;
      if (old) {
        old.leave(frame);
        void this.changed(frame.ledgerKey!, old);
      }
    }
    frame.ledgerKey = key;
    return { ledger: to ? this.ensure(to.key, site, to.kind) : undefined, moved };
  }

  /**
   * Whether the site leasing from `key` is on probation (undetected, nobody decided; core/policy `probation`):
   * its limit is then the probation allowance (or the default's bound, if larger), and a request past it is held
   * for a judgement instead of refused. Set before the ledger is used (the hub calls it with each policy).
   */
  setProbation(key: string, on: boolean): void {
    if (on === this.probation.has(key)) return;
    if (on) this.probation.add(key);
    else this.probation.delete(key);
    const ledger = this.ledgers.get(key);
    if (!ledger) return;
    // The limit changed: requests held for the judgement are answered under the new one, once every frame of
    // the site has heard its new policy (the hub is pushing them now).
    void Promise.resolve().then(() => {
      ledger.serve();
      this.broadcastPool(key, ledger);
    });
  }

  /** The frame is gone: whatever lease it held stays counted as spent, and it will never settle this epoch. */
  leave(frame: Frame): void {
    const ledger = this.ledgerOf(frame);
    if (!ledger) return;
    const account = this.accounts.get(frame.ledgerKey!);
    // A frame that held no lease and was granted nothing leaves the stored state as it was: no write (issue 12:
    // every frame of a site, an ad slot too, joins its ledger, and storing it again per frame that went away cost
    // the browser a storage write each). What its leaving lets the ledger grant to others is stored by that grant.
    const held = ledger.leaseOf(frame) > 0 || (account !== undefined && (frame.epoch in account.grants || frame.epoch in account.returns));
    ledger.leave(frame);
    if (account) {
      delete account.grants[frame.epoch];
      delete account.returns[frame.epoch];
    }
    if (held) void this.changed(frame.ledgerKey!, ledger);
  }

  /** A frame's usage report; returns what it uploaded beyond its lease (a violation, shown and logged). */
  usage(frame: Frame, msg: Msg<"usage">, up: number, down: number): number {
    const ledger = this.ledgerOf(frame);
    const before = ledger?.limit;
    let overdraft = 0;
    const chargeOpen = () => {
      if (!frame.site || up === 0 || !this.budgets) return;
      this.budgets.chargeOpen(frame.site, up, this.budgets.metered(this.store.settings));
      void this.budgets.save();
    };
    if (msg.epoch !== frame.epoch) {
      // Sent before the frame heard of its new regime: under a lease settled since (counted as spent; a new
      // regime, or a restarted background), or while the site was open (not counted yet).
      const settled = frame.settledKey ? this.ledgers.get(frame.settledKey) : undefined;
      if (settled) {
        overdraft = settled.reportSettled(up).overdraft;
        if (up > 0) void this.changed(frame.settledKey!, settled);
      } else chargeOpen();
      if (ledger && down > 0) ledger.report(frame, 0, down);
    } else if (ledger) overdraft = ledger.report(frame, up, down).overdraft;
    else chargeOpen();
    if (ledger && (up > 0 || down > 0)) void this.changed(frame.ledgerKey!, ledger);
    // What other frames were told is left changes when the bound grows or a frame spent beyond its lease.
    if (ledger && (ledger.limit !== before || overdraft > 0 || up > 0)) this.broadcastPool(frame.ledgerKey!, ledger, frame);
    return overdraft;
  }

  request(frame: Frame, msg: Msg<"lease/request">): void {
    this.ledgerOf(frame)?.request(frame, msg.need);
  }

  giveBack(frame: Frame, msg: Msg<"lease/return">): void {
    if (msg.epoch !== frame.epoch) {
      const settled = frame.settledKey ? this.ledgers.get(frame.settledKey) : undefined;
      if (!settled) return;
      settled.giveBackSettled(msg.bytes);
      this.recordReturn(frame.settledKey!, msg);
      void this.changed(frame.settledKey!, settled);
      return;
    }
    const ledger = this.ledgerOf(frame);
    if (!ledger) return;
    ledger.giveBack(frame, msg.bytes);
    this.recordReturn(frame.ledgerKey!, msg);
    void this.changed(frame.ledgerKey!, ledger);
  }

  /**
   * What a frame says it gave back under an epoch, as handled: stored with the commitment it lowers, so that the
   * frame's settle (which counts every return of the epoch) adds back only returns whose write never landed.
   */
  private recordReturn(key: string, msg: Msg<"lease/return">): void {
    const account = this.accounts.get(key);
    if (account && msg.bytes > 0) account.returns[msg.epoch] = (account.returns[msg.epoch] ?? 0) + msg.bytes;
  }

  /**
   * The frame heard its leases of `epoch` were settled (counted as spent): it hands back what it did not use, what
   * was granted but never reached it (a background stopped between storing and sending), and what it gave back
   * whose write had not landed (a background stopped before storing the return). The ledger takes back at most
   * what was out (its credit).
   */
  settle(frame: Frame, msg: Msg<"lease/settle">): void {
    const key = frame.settledKey;
    const settled = key && msg.epoch !== frame.epoch ? this.ledgers.get(key) : undefined;
    const account = key ? this.accounts.get(key) : undefined;
    if (!settled || !account) return;
    const recorded = account.grants[msg.epoch] ?? 0;
    const returned = account.returns[msg.epoch] ?? 0;
    delete account.grants[msg.epoch];
    delete account.returns[msg.epoch];
    settled.giveBackSettled(msg.left + Math.max(0, recorded - msg.granted) + Math.max(0, msg.returned - returned));
    void this.changed(key!, settled);
  }

  /** Give recalled frames that never answered up, so waiting frames are served or refused. */
  serveAll(): void {
    for (const ledger of this.ledgers.values()) ledger.serve();
  }

  private ensure(key: string, site: string, kind: LedgerKind): SiteLedger<Frame> {
    let ledger = this.ledgers.get(key);
    if (!ledger) {
      const account = this.budgets?.account(key, site) ?? newAccount(key, site, { day: "", month: "" });
      const budgetCap = (): number | null => {
        if (!this.budgets) return null;
        const left = this.budgets.state(this.store.settings, site, kind === "allow").budgetLeft;
        // The counters include what this ledger charged: its cap is that plus what every budget has left.
        return left === null ? null : account.charged + left;
      };
      const made: SiteLedger<Frame> = new SiteLedger<Frame>(
        {
          // Sent only once the bytes it commits are charged and stored (see ledger-store.ts, budget-book.ts).
          grant: (f, bytes, pool) => {
            const ep = f.epoch;
            account.grants[ep] = (account.grants[ep] ?? 0) + bytes;
            void this.changed(key, made).then(() => {
              // A grant made before the frame's leases were settled would be counted twice: drop it.
              if (f.epoch === ep) this.io.send(f, { type: "lease/grant", bytes, pool: finite(pool) });
            });
          },
          exhausted: (f, pool) => {
            this.io.send(f, { type: "lease/exhausted", pool: finite(pool) });
            this.io.exhausted(f);
          },
          recall: (f) => this.io.send(f, { type: "lease/recall" }),
          held: (f, need, committed) => {
            if (this.judging.has(key) || this.judged.has(key)) return;
            this.judging.add(key);
            // Out of the ledger's serve loop: the judgement pushes policies, which re-enter the ledger.
            void Promise.resolve().then(() => {
              this.io.judge?.(f, need, committed);
              this.judging.delete(key);
              this.judged.add(key);
              made.serve();
            });
          },
          later: (ms) => {
            if (this.wakeups.has(key)) return;
            this.wakeups.add(key);
            setTimeout(() => {
              this.wakeups.delete(key);
              made.serve();
            }, ms);
          },
        },
        {
          shaper: () => this.shaperFor(site),
          limit: (received) => {
            const cap = budgetCap();
            if (kind === "allow") return cap;
            let bound = defaultBound(received);
            // On probation the allowance comes on top (not in addition): once judged, what the site spent on
            // probation counts against its default's bound, so it has max(allowance, bound) in all.
            if (this.probation.has(key)) bound = Math.max(bound, PROBATION_UPLOAD_BYTES);
            return cap === null ? bound : Math.min(bound, cap);
          },
          // Held only while the allowance binds (a smaller budget the user set refuses as it always did), and
          // judged once per life: if the judgement left the site on probation, the allowance simply holds.
          hold: () => {
            if (!this.probation.has(key) || this.judged.has(key)) return false;
            const cap = budgetCap();
            return cap === null || cap >= PROBATION_UPLOAD_BYTES;
          },
        },
      );
      const saved = this.ledgerStore.saved[key];
      if (saved) {
        made.restore(saved.committed, saved.received, saved.credit ?? 0);
        account.charged = saved.charged ?? saved.committed;
        account.meteredCharged = saved.meteredCharged ?? 0;
        for (const [epoch, bytes] of Object.entries(saved.grants ?? {})) account.grants[Number(epoch)] = bytes;
        for (const [epoch, bytes] of Object.entries(saved.returns ?? {})) account.returns[Number(epoch)] = bytes;
      }
      // The background stopped between the ledger's write and the counters' (see `write`): the counters follow the
      // ledger's state (none landed: its grants never went out, so it charged nothing).
      if (this.budgets && this.ledgerStore.resumed && this.budgets.reconcile(account, this.budgets.metered(this.store.settings))) void this.budgets.save();
      this.ledgers.set(key, made);
      this.accounts.set(key, account);
      ledger = made;
    }
    return ledger;
  }

  /** The site's rate limit as a shaper (its rate follows the settings), or null without one. */
  private shaperFor(site: string): RateShaper | null {
    const rate = ruleFor(this.store.settings, site)?.rateLimitBps ?? null;
    if (rate === null) {
      this.shapers.delete(site);
      return null;
    }
    // The ledger's clock (SiteLedger's default, Date.now); the shaper never earns twice if it steps back.
    const now = Date.now();
    let shaper = this.shapers.get(site);
    if (!shaper) this.shapers.set(site, (shaper = new RateShaper({ rateBps: rate }, now)));
    else if (shaper.rateBps !== rate) shaper.configure({ rateBps: rate }, now);
    return shaper;
  }

  /**
   * A ledger's commitment moved (or its other state): bring the budget counters to it, store both, and tell the hub
   * (budget thresholds). Resolves once both writes have landed. One ledger's writes wait for any earlier ones of
   * this desk (see `write`); a ledger already waiting for its turn shares it, and stores its state as it is then.
   */
  private changed(key: string, ledger: SiteLedger<Frame>): Promise<void> {
    // A growing commitment is charged to the counters in memory at once: every other ledger's cap (a global or
    // metered budget) counts it from now on, although its writes wait for their turn (two sites granting in one
    // turn each saw the other's bytes as still left). Only storing it waits; a refund waits for the state (`write`).
    const account = this.accounts.get(key);
    if (account && this.budgets && ledger.committed > account.charged) this.sync(key, account, this.budgets, this.budgets.metered(this.store.settings), ledger.committed);
    const waiting = this.queued.get(key);
    if (waiting) return waiting;
    const turn = this.writes.then(() => {
      this.queued.delete(key);
      return this.write(key, ledger);
    });
    this.queued.set(key, turn);
    this.writes = turn.catch(() => {});
    return turn;
  }

  /**
   * The ledger's state (storage.session) and the budget counters (storage.local) are two writes that land on their
   * own, and a background stopped between them restarts with one but not the other. A restarted ledger may lease
   * what it says it charged plus what the counters have left, so the state must never say more was charged than
   * the stored counters hold: when the commitment grows, the counters are stored first and then the state; when it
   * shrinks (a lease came back), the state first and the counters are refunded only once it landed. Either way a
   * stop in between leaves the site with less to lease than it had, never more, and a restarted ledger then brings
   * the counters to its state (`BudgetBook.reconcile`, in `ensure`): exact (budget-crash.test.ts).
   */
  private async write(key: string, ledger: SiteLedger<Frame>): Promise<void> {
    const account = this.accounts.get(key);
    const budgets = this.budgets;
    const committed = ledger.committed;
    if (!account || !budgets) return this.ledgerStore.save(key, this.stateOf(ledger, account, account?.charged ?? committed, account?.meteredCharged ?? 0));
    const metered = budgets.metered(this.store.settings);
    if (committed < account.charged) {
      const meteredAfter = Math.max(0, account.meteredCharged - (account.charged - committed));
      await this.ledgerStore.save(key, this.stateOf(ledger, account, committed, meteredAfter));
      // Not below what landed: the commitment may have shrunk again meanwhile, and that state has not landed yet.
      this.sync(key, account, budgets, metered, Math.max(committed, ledger.committed));
      await budgets.save();
      return;
    }
    this.sync(key, account, budgets, metered, ledger.committed);
    await budgets.save();
    await this.ledgerStore.save(key, this.stateOf(ledger, account, account.charged, account.meteredCharged));
  }

  /** Brings the counters to `committed` of the ledger of `key` (in memory); the hub hears of a move. */
  private sync(key: string, account: Account, budgets: BudgetBook, metered: boolean, committed: number): void {
    if (!budgets.sync(account, committed, metered)) return;
    this.io.charged(account.site);
    // Another site's uploads count against the global cap: every allowed site's pool shrinks with them.
    if (this.store.settings.globalMonthlyCapBytes !== null) this.broadcastAll(key);
  }

  private stateOf(ledger: SiteLedger<Frame>, account: Account | undefined, charged: number, meteredCharged: number): LedgerState {
    return {
      committed: ledger.committed,
      received: ledger.received,
      credit: ledger.creditAfterRestore,
      charged,
      meteredCharged,
      grants: { ...account?.grants },
      returns: { ...account?.returns },
    };
  }

  private broadcastAll(except: string): void {
    for (const [key, ledger] of this.ledgers) if (key !== except) this.broadcastPool(key, ledger);
  }

  private broadcastPool(key: string, ledger: SiteLedger<Frame>, except?: Frame): void {
    for (const f of this.io.frames()) {
      if (f.ledgerKey === key && f !== except) this.io.send(f, { type: "lease/pool", pool: finite(ledger.poolFor(f)) });
    }
  }
}

/** A pool for the wire: null = unlimited. */
export function finite(n: number): number | null {
  return n === Infinity ? null : n;
}
