// Pure (any context; no Math, no array methods, so it may run in the page's world): when a draining budget is
// worth a `change` event of the page API. Events fire as the budget left crosses 50%, 25% and 10% of the limit
// that binds, when it is exhausted and when it refills — a handful per period, never one per send.
import type { P2PConsentStatus } from "../../shared/status";

/** Where a budget stands; each step down is entered when `left` falls to or below its share of the limit. */
export type BudgetLevel = "unlimited" | "plenty" | "half" | "quarter" | "tenth" | "exhausted";

/** The levels in order, with the divisor of the limit at or below which each begins (left <= limit / divisor). */
export const LEVELS: readonly { level: BudgetLevel; divisor: number }[] = [
  { level: "half", divisor: 2 },
  { level: "quarter", divisor: 4 },
  { level: "tenth", divisor: 10 },
];

/**
 * The level of `left` bytes out of `limit`. `left === null` is unlimited; 0 is exhausted; without a known limit
 * (null) any other amount is "plenty". Exact on safe integers: `left <= limit / d` is `left <= floor(limit / d)`.
 */
export function budgetLevel(left: number | null, limit: number | null): BudgetLevel {
  if (left === null) return "unlimited";
  if (!(left > 0)) return "exhausted";
  if (limit === null) return "plenty";
  let level: BudgetLevel = "plenty";
  for (let i = 0; i < LEVELS.length; i++) {
    const { level: next, divisor } = LEVELS[i]!;
    if (left <= (limit - (limit % divisor)) / divisor) level = next;
  }
  return level;
}

/** Whether going from `before` to `after` bytes left (out of `limit`) crosses a threshold, down or up (a refill). */
export function crossedThreshold(before: number | null, after: number | null, limit: number | null): boolean {
  return budgetLevel(before, limit) !== budgetLevel(after, limit);
}

/** A status as told to the page, with the limit of the budget that binds (`BudgetState.limit`). */
export interface Announced {
  status: P2PConsentStatus;
  limit: number | null;
}

/**
 * Whether `next` differs from what the page was last told enough for a `change` event: any field but the
 * budget changed (decision, reason, metered, rate, `resetsAt` — which moves when a budget refills or another one
 * starts to bind), or the budget moved to another level. `last` null: nothing told yet.
 */
export function shouldAnnounce(last: Announced | null, next: Announced): boolean {
  if (last === null) return true;
  const a = last.status;
  const b = next.status;
  if (a.seeding !== b.seeding || a.reason !== b.reason || a.metered !== b.metered) return true;
  if (a.uploadRateLimitBps !== b.uploadRateLimitBps || a.resetsAt !== b.resetsAt) return true;
  return budgetLevel(a.uploadBudgetBytes, last.limit) !== budgetLevel(b.uploadBudgetBytes, next.limit);
}
