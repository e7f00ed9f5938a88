// Background: turns budget states into audit-log events — a threshold crossed (50%, 25%, 10% left), a budget
// exhausted, a refill — and metered state changes. Each is recorded once when it happens, never per send.
import type { BudgetKind, BudgetState } from "../../core/allowance/budgets";
import type { LoggedBudget } from "../../core/log/entry";
import { budgetLevel, LEVELS, type BudgetLevel } from "../../core/allowance/thresholds";
import type { Audit } from "../audit";

/** budgets.ts names a budget by its period; the log by what the user set. */
export const LOG_KIND: Record<BudgetKind, LoggedBudget> = {
  "site-day": "site-daily",
  "site-month": "site-monthly",
  "global-month": "global-monthly",
  "metered-month": "metered",
};

const ORDER: Record<BudgetLevel, number> = { unlimited: 6, plenty: 5, half: 4, quarter: 3, tenth: 2, exhausted: 1 };
/** The share of the limit left at each threshold, in percent. */
const PERCENT: Partial<Record<BudgetLevel, number>> = {};
for (const { level, divisor } of LEVELS) PERCENT[level] = 100 / divisor;

export class BudgetWatch {
  private readonly levels = new Map<string, BudgetLevel>();
  private meteredNow: boolean | null = null;

  constructor(private readonly audit: Audit) {}

  /** Record what changed since `site`'s last state (the first state seen is only remembered). */
  observe(site: string, state: BudgetState): void {
    const level = budgetLevel(state.budgetLeft, state.limit);
    const before = this.levels.get(site);
    this.levels.set(site, level);
    if (before === undefined || before === level) return;
    const line = state.lines.find((l) => l.kind === state.binding);
    const budget = line ? LOG_KIND[line.kind] : null;
    const base = { site, frameOrigin: null, tab: null } as const;
    if (ORDER[level] > ORDER[before]) {
      // More left than before: a period ended, a limit was raised, or a budget stopped applying.
      this.audit.record({ ...base, type: "budget-refill", details: { budget: budget ?? "site-daily", limitBytes: line?.limit ?? null, resetsAt: state.resetsAt } });
      return;
    }
    if (!line || !budget) return;
    if (level === "exhausted") {
      this.audit.record({ ...base, type: "budget-exhausted", details: { budget, limitBytes: line.limit, usedBytes: line.used, resetsAt: line.resetsAt } });
      return;
    }
    this.audit.record({
      ...base,
      type: "budget-threshold",
      details: { budget, limitBytes: line.limit, usedBytes: line.used, threshold: PERCENT[level] ?? 100, resetsAt: line.resetsAt },
    });
  }

  /** The metered state now; true (and recorded) when it changed. The first call only remembers it. */
  metered(now: boolean, source: "manual" | "network", until: string | null): boolean {
    const before = this.meteredNow;
    this.meteredNow = now;
    if (before === null || before === now) return false;
    this.audit.record({ site: null, frameOrigin: null, tab: null, type: "metered", details: { metered: now, previous: before, source, until: source === "manual" ? until : null } });
    return true;
  }
}
