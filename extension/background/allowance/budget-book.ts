// Background: the upload counters every budget is measured against (core/allowance/usage), each site's 30-day history,
// and what each ledger has charged to them. Counters live in storage.local, so they survive a stopped service
// worker and a browser restart; the hub sends a grant only after the write that charges it has landed.
// A ledger charges what it committed (spent plus leases out), so a lease counts as used until it comes back.
import { budgetsFor, isMetered, type BudgetState } from "../../core/allowance/budgets";
import { dayKey, isTimeZone } from "../../core/calendar";
import type { Settings } from "../../core/settings";
import { charge, chargeKeys, emptyUsage, parseUsage, pruneUsage, refund, type ChargeKeys, type Usage } from "../../core/allowance/usage";
import { addToHistory, historyOf, parseHistory, pruneHistory, type UsageHistory } from "../../core/allowance/usage-history";
import { coalescedWrite } from "../coalesced-write";

const KEY = "budgetUsage";

/** What one ledger has charged to the counters (kept with the ledger's state, see ledger-store.ts). */
export interface Account {
  /** The ledger's key (its site, kind and day). */
  key: string;
  site: string;
  /** Bytes of the ledger's `committed` already in the counters. */
  charged: number;
  /** The part of `charged` that was charged while metered. */
  meteredCharged: number;
  /** The periods the ledger charges (its day): refunds never reach a later period. */
  keys: ChargeKeys;
  /** Lease granted per frame epoch not settled yet (see the guard's "lease/settle"). */
  grants: Record<number, number>;
  /** Lease given back per frame epoch not settled yet (the same). */
  returns: Record<number, number>;
}

/** A new ledger's account: nothing charged yet, in the periods `keys`. */
export function newAccount(key: string, site: string, keys: ChargeKeys): Account {
  return { key, site, charged: 0, meteredCharged: 0, keys, grants: Object.create(null) as Record<number, number>, returns: Object.create(null) as Record<number, number> };
}

/** What the stored counters hold of one ledger's charge (written with the counters, in the same write). */
export interface Applied {
  charged: number;
  meteredCharged: number;
}

export interface BudgetStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** How long the user's time zone is reused before it is read again (a time zone change is seen this late). */
const TIME_ZONE_REREAD_MS = 60_000;
let zone: { tz: string; until: number } | null = null;

/**
 * The user's time zone (IANA name), for day and month keys. Reading it builds a default-locale
 * `Intl.DateTimeFormat`, which costs milliseconds: the background asked for it per frame message (issue 12: 4–5 ms
 * of service-worker time per cross-site frame), so it is read at most once a minute.
 */
export function userTimeZone(now: number = Date.now()): string {
  if (zone && now < zone.until && now >= zone.until - TIME_ZONE_REREAD_MS) return zone.tz;
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  zone = { tz: tz && isTimeZone(tz) ? tz : "UTC", until: now + TIME_ZONE_REREAD_MS };
  return zone.tz;
}

export class BudgetBook {
  /** Frames' reports of `navigator.connection` (saveData or cellular), by reporter. */
  private readonly networkReports = new Map<unknown, boolean>();

  private constructor(
    public usage: Usage,
    private readonly history: UsageHistory,
    private readonly area: BudgetStorage,
    readonly now: () => Date,
    readonly tz: () => string,
    /** Another book whose frames report the network (private windows' book uses the normal one's). */
    private readonly network: BudgetBook | null = null,
    /**
     * Per ledger key, what these counters hold of its charge. A ledger's own state (storage.session) says what it
     * charged; the two are written separately, so a restarted ledger brings the counters to its state (`reconcile`).
     */
    private applied: Record<string, Applied> = Object.create(null) as Record<string, Applied>,
  ) {}

  /** `area`: storage.local in the extension (passed in, so this is tested without a browser). */
  static async open(area: BudgetStorage, now: () => Date = () => new Date(), tz: () => string = userTimeZone, network: BudgetBook | null = null): Promise<BudgetBook> {
    const raw = ((await area.get(KEY))[KEY] ?? undefined) as { usage?: unknown; history?: unknown; applied?: unknown } | undefined;
    const { usage, errors } = parseUsage(raw?.usage);
    if (errors.length) console.warn("Seedgate: upload counters repaired on load:", errors);
    return new BudgetBook(usage ?? emptyUsage(), parseHistory(raw?.history), area, now, tz, network, parseApplied(raw?.applied));
  }

  /** Forget every count (private windows' book, when the last private window closed); resolves once stored. */
  clear(): Promise<void> {
    this.usage = emptyUsage();
    this.applied = Object.create(null) as Record<string, Applied>;
    for (const k of Object.keys(this.history)) delete (this.history as Record<string, unknown>)[k];
    return this.save();
  }

  /** A new ledger's account: nothing charged yet, in today's periods. */
  account(key: string, site: string): Account {
    return newAccount(key, site, chargeKeys(this.now(), this.tz()));
  }

  /**
   * What `navigator.connection` says to a frame (metered or not); `null` forgets the reporter. Returns whether
   * `networkMetered` changed.
   */
  reportNetwork(reporter: unknown, metered: boolean | null): boolean {
    const before = this.networkMetered();
    if (metered === null) this.networkReports.delete(reporter);
    else this.networkReports.set(reporter, metered);
    return before !== this.networkMetered();
  }

  /** Some frame's network looks metered (the browser says so; the user's switch aside). */
  networkMetered(): boolean {
    if (this.network) return this.network.networkMetered();
    for (const v of this.networkReports.values()) if (v) return true;
    return false;
  }

  metered(settings: Settings): boolean {
    return isMetered(settings, this.networkMetered(), this.now());
  }

  /** Every budget of `site` now; `withMetered` false leaves the metered budget out (download only, see DESIGN). */
  state(settings: Settings, site: string, withMetered: boolean): BudgetState {
    return budgetsFor({ settings, site, metered: withMetered && this.metered(settings), usage: this.usage, now: this.now(), tz: this.tz() });
  }

  /**
   * Bring the counters to `committed` for the ledger of `account`: charge what it committed since, or take back
   * what came back (a returned lease). Returns whether anything changed (then `save` before granting).
   */
  sync(account: Account, committed: number, metered: boolean): boolean {
    const delta = committed - account.charged;
    if (delta === 0) return false;
    const now = this.now();
    const tz = this.tz();
    if (delta > 0) {
      this.usage = charge(this.usage, account.site, delta, now, tz, metered);
      if (metered) account.meteredCharged += delta;
      addToHistory(this.history, account.site, dayKey(now, tz), delta);
    } else {
      const back = -delta;
      const meteredBack = Math.min(back, account.meteredCharged);
      account.meteredCharged -= meteredBack;
      this.usage = refund(this.usage, account.site, back, account.keys, meteredBack);
      addToHistory(this.history, account.site, account.keys.day, -back);
    }
    account.charged = committed;
    this.applied[account.key] = { charged: account.charged, meteredCharged: account.meteredCharged };
    return true;
  }

  /** What the counters hold of the charge of ledger `key`, or null if they never held any (in this session). */
  appliedOf(key: string): Applied | null {
    return this.applied[key] ?? null;
  }

  /**
   * A restarted ledger's account holds what its stored state says it charged; the counters may hold another amount
   * (the background stopped between the two writes): bring them to the ledger's. Returns whether they moved.
   */
  reconcile(account: Account, metered: boolean): boolean {
    const held = this.applied[account.key];
    if (!held || held.charged === account.charged) return false;
    const target = account.charged;
    account.charged = held.charged;
    account.meteredCharged = held.meteredCharged;
    return this.sync(account, target, metered);
  }

  /** A new browser session: no ledger of before has a state any more; what they charged stays counted. */
  forgetApplied(): void {
    this.applied = Object.create(null) as Record<string, Applied>;
  }

  /** Uploads of a frame no ledger leases to (an open site): counted after the fact. */
  chargeOpen(site: string, bytes: number, metered: boolean): void {
    if (bytes <= 0) return;
    const now = this.now();
    this.usage = charge(this.usage, site, bytes, now, this.tz(), metered);
    addToHistory(this.history, site, dayKey(now, this.tz()), bytes);
  }

  /** `site`'s last 30 days, oldest first. */
  historyOf(site: string): { day: string; bytes: number }[] {
    return historyOf(this.history, site, dayKey(this.now(), this.tz()));
  }

  /** Resolves once the counters as they are now (or later) are stored. */
  readonly save: () => Promise<void> = coalescedWrite(() => {
    const now = this.now();
    this.usage = pruneUsage(this.usage, now, this.tz());
    pruneHistory(this.history, dayKey(now, this.tz()));
    // Ledgers are kept for today only (their keys end with the day): so are the marks of what they charged.
    const today = `|${dayKey(now, this.tz())}`;
    for (const k of Object.keys(this.applied)) if (!k.endsWith(today)) delete this.applied[k];
    const value = JSON.parse(JSON.stringify({ usage: this.usage, history: this.history, applied: this.applied })) as unknown;
    return this.area.set({ [KEY]: value });
  });
}

function parseApplied(raw: unknown): Record<string, Applied> {
  const out = Object.create(null) as Record<string, Applied>;
  if (!raw || typeof raw !== "object") return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>).slice(0, 10_000)) {
    const a = v as Partial<Applied> | null;
    if (a && Number.isSafeInteger(a.charged) && a.charged! >= 0 && Number.isSafeInteger(a.meteredCharged) && a.meteredCharged! >= 0) out[k] = { charged: a.charged!, meteredCharged: a.meteredCharged! };
  }
  return out;
}
