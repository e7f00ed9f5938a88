// Pure (background): what a site may still upload now across every budget that applies — its daily and monthly
// quotas, the global monthly cap, and the metered budget while metered — and when the tightest one refills.
// Feeds `resolvePolicy` (budgetLeft, resetsAt) and the site ledger's limit; the metered budget is per local month.
import type { Instant } from "../calendar";
import { ruleFor, type Settings } from "../settings";
import { refillAt, siteUsage, usedNow, type Period, type Tally, type Usage } from "./usage";

export type BudgetKind = "site-day" | "site-month" | "global-month" | "metered-month";

/** One budget that applies now (a bar in the popup and the options page). */
export interface BudgetLine {
  kind: BudgetKind;
  limit: number;
  /** Bytes of the current period counted against it (may exceed `limit`: an overdraft reported by a frame). */
  used: number;
  left: number;
  /** ISO instant the period ends and `left` goes back to `limit`; null when it never refills (a limit of 0). */
  resetsAt: string | null;
}

export interface BudgetState {
  /** Bytes left now across every budget that applies: the smallest `left`; null = unlimited. */
  budgetLeft: number | null;
  /**
   * ISO instant at which `budgetLeft` first grows by a refill: when the binding budget refills (of several
   * budgets tied at the minimum, the last to refill, since the others hold `budgetLeft` down until then).
   * null when no budget applies or the binding one never refills.
   */
  resetsAt: string | null;
  /** The budget that binds, and its limit (what thresholds.ts measures `budgetLeft` against). */
  binding: BudgetKind | null;
  limit: number | null;
  lines: BudgetLine[];
}

export interface BudgetQuery {
  settings: Settings;
  site: string;
  /** The connection is metered now (see `isMetered`). */
  metered: boolean;
  usage: Usage;
  now: Instant;
  /** The user's IANA time zone, in which days and months begin. */
  tz: string;
}

/**
 * Every budget that applies to `site` now, and the tightest. Null limits are unlimited and do not appear.
 * The metered budget (`settings.metered.budgetBytes`) applies only while metered and counts only bytes uploaded
 * while metered, per local calendar month.
 */
export function budgetsFor(q: BudgetQuery): BudgetState {
  const { settings, usage, now, tz } = q;
  const rule = ruleFor(settings, q.site);
  const site = siteUsage(usage, q.site);
  const lines: BudgetLine[] = [];
  const line = (kind: BudgetKind, limit: number | null | undefined, tally: Tally, period: Period) => {
    if (limit === null || limit === undefined) return;
    const used = usedNow(tally, period, now, tz);
    const resetsAt = limit === 0 ? null : refillAt(tally, period, now, tz).toISOString();
    lines.push({ kind, limit, used, left: limit > used ? limit - used : 0, resetsAt });
  };
  line("site-day", rule?.dailyBudgetBytes, site.day, "day");
  line("site-month", rule?.monthlyBudgetBytes, site.month, "month");
  line("global-month", settings.globalMonthlyCapBytes, usage.global.month, "month");
  if (q.metered) line("metered-month", settings.metered.budgetBytes, usage.metered.month, "month");

  let binding: BudgetLine | null = null;
  for (const l of lines) {
    if (binding === null || l.left < binding.left || (l.left === binding.left && refillsLater(l.resetsAt, binding.resetsAt))) binding = l;
  }
  return {
    budgetLeft: binding?.left ?? null,
    resetsAt: binding?.resetsAt ?? null,
    binding: binding?.kind ?? null,
    limit: binding?.limit ?? null,
    lines,
  };
}

/** Whether refill time `a` comes after `b` (null = never, the latest). ISO strings of Date compare in time order. */
function refillsLater(a: string | null, b: string | null): boolean {
  if (b === null) return false;
  return a === null || a > b;
}

/**
 * Whether the connection counts as metered at `now`: detected by the browser (`navigator.connection`:
 * `saveData`, or `type: "cellular"`), or the user's switch is on and has not expired.
 */
export function isMetered(settings: Settings, networkMetered: boolean, now: Instant): boolean {
  if (networkMetered) return true;
  const { on, until } = settings.metered.manual;
  if (!on) return false;
  if (until === null) return true;
  return toMs(now) < Date.parse(until);
}

/** When the user's metered switch turns itself off (schedule a status update then), or null. */
export function manualMeteredEndsAt(settings: Settings, now: Instant): Date | null {
  const { on, until } = settings.metered.manual;
  if (!on || until === null) return null;
  const end = Date.parse(until);
  return end > toMs(now) ? new Date(end) : null;
}

/**
 * When the budget state may next change without any upload: the earliest refill of a budget with bytes used,
 * or the end of the manual metered switch. The background sets one alarm for it and recomputes then.
 */
export function nextBudgetEvent(state: BudgetState, settings: Settings, now: Instant): Date | null {
  let next = manualMeteredEndsAt(settings, now)?.getTime() ?? Infinity;
  for (const l of state.lines) {
    if (l.resetsAt !== null && l.used > 0) next = Math.min(next, Date.parse(l.resetsAt));
  }
  return next === Infinity ? null : new Date(next);
}

function toMs(t: Instant): number {
  return typeof t === "number" ? t : t.getTime();
}
