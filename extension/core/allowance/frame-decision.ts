// Pure: the whole decision for one frame, in one call — the mode (core/policy: who decided, then the metered rule)
// before any budget, then the budgets, then the ledger the frame leases from; and, once the caller has that
// ledger, the lease view (the status the page is told and the limit its thresholds are measured against). The
// frame hub calls it once per frame per push, the popup's `site/get` for a site without a page, the tests directly.
import { DOWNLOAD_ONLY_BASE_BYTES, DOWNLOAD_ONLY_RECEIVED_RATIO, type Enforcement, type Mode, type P2PConsentStatus } from "../../shared/status";
import { decideMode, enforcementOf, statusOf, type ModeInput } from "../policy";
import type { BudgetState } from "./budgets";

/** Allowed sites lease from a ledger of their own; download only, undecided and probation share a restricted one. */
export type LedgerKind = "allow" | "restricted";

export interface FrameInput extends ModeInput {
  /**
   * The site's budgets now (background/allowance/budget-book.ts `state`), read at most once; `withMetered` false
   * leaves the metered budget out. null: no budget applies (no counters loaded).
   */
  budgets: ((withMetered: boolean) => BudgetState) | null;
  /** The local day (core/calendar dayKey): each day is a new ledger. */
  day: string;
}

/** What the lease view reads of the frame's ledger (core/allowance/site-ledger.ts SiteLedger fits). */
export interface LedgerView {
  /** What the ledger lets the site commit in all; null: unlimited. */
  readonly limit: number | null;
  /** What the site has left in all (Infinity when unlimited). */
  readonly left: number;
  readonly spent: number;
  readonly received: number;
}

export interface LeaseView {
  status: P2PConsentStatus;
  /** The limit `status.uploadBudgetBytes` counts down from (the guard's thresholds); null: unknown or none. */
  budgetLimit: number | null;
}

export interface FrameDecision {
  mode: Mode;
  enforcement: Enforcement;
  hideIp: boolean;
  /** On probation: undetected, nobody decided (core/policy `ModeDecision.probation`). */
  probation: boolean;
  /** The ledger the frame leases from; null: none (an open or a blocked site). */
  ledger: { key: string; kind: LedgerKind } | null;
  /**
   * The site's restricted ledger, which runs on the probation allowance while `probation` holds (set before the
   * ledger is used); null for an allowed site, whose restricted ledger keeps the flag it had.
   */
  probationLedger: string | null;
  /** The last stage: what the page is told, given the ledger the frame now uses (undefined: none yet). */
  lease(ledger: LedgerView | undefined): LeaseView;
}

/**
 * Allowed sites are capped by every budget (the metered one while metered); download only and undecided by their
 * own bound and by the site's and the global budgets, but not by the metered budget: that one is about seeding,
 * and download only is what the metered rule falls back to (DESIGN.md, modes and budgets).
 */
export function decideFrame(input: FrameInput): FrameDecision {
  const m = decideMode(input);
  const allow = m.mode === "allow";
  // A blocked site has nothing to budget; without counters no budget applies.
  const state = input.budgets && m.mode !== "block" ? input.budgets(allow) : null;
  const enforcement = enforcementOf(m, state !== null && state.budgetLeft !== null);
  const restricted = ledgerKey(input.site, "restricted", input.incognito, input.day);
  return {
    mode: m.mode,
    enforcement,
    hideIp: m.hideIp,
    probation: m.probation,
    // Download only and undecided (and probation, whose bytes then count against them) share one bound per site
    // per local day; allowed sites with a budget or a rate lease from their own ledger, also per day (a new day
    // is a new ledger: yesterday's leases stay there).
    ledger: enforcement !== "leased" ? null : allow ? { key: ledgerKey(input.site, "allow", input.incognito, input.day), kind: "allow" } : { key: restricted, kind: "restricted" },
    probationLedger: allow ? null : restricted,
    lease(ledger) {
      // On probation the page is told what its default would leave it (the allowance on top is not a grant to seed).
      const downloadOnlyLeft = ledger ? (m.probation ? defaultLeft(ledger) : ledger.left) : DOWNLOAD_ONLY_BASE_BYTES;
      if (!state) return { status: statusOf(m, { budgetLeft: null, downloadOnlyLeft, resetsAt: null }), budgetLimit: ledger?.limit ?? null };
      let budgetLeft = state.budgetLeft;
      // The ledger knows what is left better than the counters (leases out count as spent in both).
      if (allow && ledger && budgetLeft !== null && ledger.left !== Infinity) budgetLeft = Math.min(budgetLeft, ledger.left);
      const status = statusOf(m, { budgetLeft, downloadOnlyLeft, resetsAt: state.resetsAt });
      const budgetBinds = allow || (budgetLeft !== null && status.uploadBudgetBytes === budgetLeft);
      const bound = ledger && m.probation ? defaultBound(ledger.received) : ledger?.limit;
      return { status, budgetLimit: budgetBinds ? state.limit : (bound ?? DOWNLOAD_ONLY_BASE_BYTES) };
    },
  };
}

/** The key naming one ledger; private windows' keys differ too (their desk is another), so a key names one ledger wherever it appears. */
export function ledgerKey(site: string, kind: LedgerKind, incognito: boolean, day: string): string {
  return `${incognito ? "private|" : ""}${site}|${kind}|${day}`;
}

/** The default mode's own bound (download only, undecided): 64 KiB plus 2% of what the site received. */
export function defaultBound(received: number): number {
  return DOWNLOAD_ONLY_BASE_BYTES + Math.floor(received * DOWNLOAD_ONLY_RECEIVED_RATIO);
}

/** What a site on probation is told it has left: its default's bound, as if it were judged now. */
export function defaultLeft(ledger: Pick<LedgerView, "received" | "spent">): number {
  return Math.max(0, defaultBound(ledger.received) - ledger.spent);
}
