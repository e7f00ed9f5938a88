// Background: each site ledger's committed bytes in storage.session, so a stopped and restarted service worker
// resumes every site's bound where it was (storage.session survives worker restarts, not browser restarts).
// A grant is only sent once the write that commits it has landed: a worker killed in between cannot have handed
// out bytes it forgot.
import { browser } from "../../platform/browser";
import { coalescedWrite } from "../coalesced-write";
import type { BudgetStorage } from "./budget-book";

/** Normal windows' ledgers; private windows' are under PRIVATE_LEDGERS_KEY, removed with the last private window. */
export const LEDGERS_KEY = "ledgers";
export const PRIVATE_LEDGERS_KEY = "privateLedgers";

export interface LedgerState {
  committed: number;
  received: number;
  /** Leases settled but possibly still coming back (SiteLedger.credit after a restore). */
  credit?: number;
  /** Of `committed`, what the budget counters already hold, and how much of it was charged while metered. */
  charged?: number;
  meteredCharged?: number;
  /** Lease granted per frame epoch, not settled yet. */
  grants?: Record<string, number>;
  /** Lease given back per frame epoch, not settled yet. */
  returns?: Record<string, number>;
}

const OPTIONAL = ["credit", "charged", "meteredCharged"] as const;

function copyState(v: LedgerState): LedgerState {
  const out: LedgerState = { committed: v.committed, received: v.received };
  for (const k of OPTIONAL) if (Number.isSafeInteger(v[k]) && v[k]! >= 0) out[k] = v[k];
  for (const k of ["grants", "returns"] as const) {
    const from = v[k];
    if (!from || typeof from !== "object") continue;
    const perEpoch: Record<string, number> = {};
    for (const [epoch, bytes] of Object.entries(from).slice(0, 10_000)) if (/^\d+$/.test(epoch) && Number.isSafeInteger(bytes) && bytes > 0) perEpoch[epoch] = bytes;
    out[k] = perEpoch;
  }
  return out;
}

export interface LedgerStore {
  readonly saved: Readonly<Record<string, LedgerState>>;
  /**
   * Whether this browser session had a ledger store before (a restarted background), not a new one (the browser
   * started, or the last private window closed): the stored counters' marks of ledgers of before then are stale.
   */
  readonly resumed?: boolean;
  /** Record `key`'s state; resolves once it (or a later state) is stored. */
  save(key: string, state: LedgerState): Promise<void>;
  /** Forget every state (the last private window closed). */
  clear?(): Promise<void>;
}

/** `area`: storage.session in the extension (passed in, as the budget book's is, so tests need no browser). */
export async function openLedgerStore(keep: (key: string) => boolean, KEY = LEDGERS_KEY, area: BudgetStorage = browser.storage.session): Promise<LedgerStore> {
  const stored = (await area.get(KEY))[KEY];
  const resumed = stored !== undefined;
  // Marked now, before any grant: a background stopped later resumes this session's ledgers.
  if (!resumed) await area.set({ [KEY]: {} });
  const raw = (stored ?? {}) as Record<string, LedgerState>;
  const states: Record<string, LedgerState> = Object.create(null);
  for (const [k, v] of Object.entries(raw)) {
    if (keep(k) && Number.isSafeInteger(v?.committed) && Number.isSafeInteger(v?.received)) states[k] = copyState(v);
  }
  const flush = coalescedWrite(() => area.set({ [KEY]: { ...states } }));

  return {
    saved: states,
    resumed,
    save(key, state) {
      states[key] = copyState(state);
      return flush();
    },
    clear() {
      for (const k of Object.keys(states)) delete states[k];
      return flush();
    },
  };
}
