// Options (DOM): one site as the Sites page lists it: the user's rule (sites/list) joined with its limits and
// usage (budgets/overview). A site with uploads but no rule is listed too, as undecided and without Remove.
import type { BudgetsOverview, RuleListing } from "../../extension/shared/ui-messages";
import type { Mode } from "../../extension/shared/status";
import { displayDomain } from "../../ui/unicode-domain";

export interface SiteRow {
  site: string;
  /** The site as people read it (Unicode). */
  name: string;
  mode: Mode;
  hideIp: boolean;
  hasRule: boolean;
  detected: boolean;
  updatedAt: string | null;
  dailyBudgetBytes: number | null;
  monthlyBudgetBytes: number | null;
  rateLimitBps: number | null;
  usedToday: number;
  usedThisMonth: number;
}

export type SortKey = "name" | "usage" | "changed" | "mode";

export function joinRows(rules: readonly RuleListing[], overview: BudgetsOverview | undefined): SiteRow[] {
  const byRule = new Map(rules.map((r) => [r.site, r]));
  const rows = new Map<string, SiteRow>();
  for (const r of rules) {
    rows.set(r.site, { site: r.site, name: displayDomain(r.site), mode: r.mode, hideIp: r.hideIp, hasRule: true, detected: r.detected, updatedAt: r.updatedAt, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, usedToday: 0, usedThisMonth: 0 });
  }
  for (const o of overview?.sites ?? []) {
    const rule = byRule.get(o.site);
    rows.set(o.site, {
      site: o.site,
      name: displayDomain(o.site),
      mode: rule?.mode ?? o.mode,
      hideIp: rule?.hideIp ?? o.hideIp,
      hasRule: rule !== undefined,
      detected: rule?.detected ?? o.detected,
      updatedAt: rule?.updatedAt ?? null,
      dailyBudgetBytes: o.dailyBudgetBytes,
      monthlyBudgetBytes: o.monthlyBudgetBytes,
      rateLimitBps: o.rateLimitBps,
      usedToday: o.usedToday,
      usedThisMonth: o.usedThisMonth,
    });
  }
  return [...rows.values()];
}

const MODE_ORDER: Record<Mode, number> = { allow: 0, "download-only": 1, block: 2, undecided: 3 };

export function sortRows(rows: readonly SiteRow[], key: SortKey, locale: string): SiteRow[] {
  const byName = (a: SiteRow, b: SiteRow) => a.name.localeCompare(b.name, locale);
  const cmp: Record<SortKey, (a: SiteRow, b: SiteRow) => number> = {
    name: byName,
    usage: (a, b) => b.usedThisMonth - a.usedThisMonth || byName(a, b),
    changed: (a, b) => (b.updatedAt ?? "").localeCompare(a.updatedAt ?? "") || byName(a, b),
    mode: (a, b) => MODE_ORDER[a.mode] - MODE_ORDER[b.mode] || byName(a, b),
  };
  return [...rows].sort(cmp[key]);
}

/** Rows whose name (as stored or as shown) contains the query. */
export function filterRows(rows: readonly SiteRow[], query: string): SiteRow[] {
  const q = query.trim().toLowerCase();
  return q ? rows.filter((r) => r.site.includes(q) || r.name.toLowerCase().includes(q)) : [...rows];
}
