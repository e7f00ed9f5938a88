// Popup and options (DOM): budget bars — how much of each budget that applies is used, and when it refills.
import type { BudgetLine } from "../extension/core/allowance/budgets";
import { formatBytes, formatTime } from "./format";
import { t } from "./i18n";

export const BUDGET_NAMES: Record<BudgetLine["kind"], string> = {
  "site-day": t("budgetSiteDay"),
  "site-month": t("budgetSiteMonth"),
  "global-month": t("budgetGlobalMonth"),
  "metered-month": t("budgetMeteredMonth"),
};

export function UsageBar({ label, used, limit, detail }: { label: string; used: number; limit: number | null; detail?: string }) {
  const max = limit ?? 0;
  return (
    <div class="budget-bar">
      <span class="budget-label">{label}</span>
      {limit === null ? (
        <span class="budget-value">{t("budgetNoLimit", { used: formatBytes(used) })}</span>
      ) : (
        <>
          <meter min={0} max={Math.max(1, max)} value={Math.min(used, max)} aria-label={label} />
          <span class="budget-value">
            {t("budgetUsedOf", { used: formatBytes(used), limit: formatBytes(limit) })}
            {detail ? ` · ${detail}` : ""}
          </span>
        </>
      )}
    </div>
  );
}

export function BudgetBars({ bars }: { bars: readonly BudgetLine[] }) {
  if (bars.length === 0) return <p class="muted">{t("budgetNone")}</p>;
  return (
    <div class="budget-bars">
      {bars.map((b) => (
        <UsageBar
          key={b.kind}
          label={BUDGET_NAMES[b.kind]}
          used={b.used}
          limit={b.limit}
          detail={
            b.left === 0
              ? b.resetsAt
                ? t("budgetUsedUpRefills", { time: formatTime(b.resetsAt) })
                : t("budgetUsedUp")
              : t("budgetLeft", { left: formatBytes(b.left) })
          }
        />
      ))}
    </div>
  );
}
