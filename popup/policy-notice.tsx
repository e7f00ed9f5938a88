// Popup (DOM): what the organisation's enterprise policy set for this site, said plainly; the controls it
// locks are disabled beside it.
import type { PolicyLock } from "../extension/shared/ui-messages";
import { t } from "../ui/i18n";

const MODE_TEXT = { allow: () => t("policyModeAllow"), "download-only": () => t("policyModeDownloadOnly"), block: () => t("policyModeBlock") } as const;
const BUDGET_TEXT = { dailyBudgetBytes: () => t("policyDaily"), monthlyBudgetBytes: () => t("policyMonthly"), rateLimitBps: () => t("policyRate") } as const;

export function PolicyNotice({ policy }: { policy: PolicyLock | null }) {
  if (!policy || (!policy.mode && policy.budgets.length === 0 && !policy.all)) return null;
  const parts: string[] = [];
  if (policy.mode) parts.push(MODE_TEXT[policy.mode]());
  if (policy.budgets.length > 0) parts.push(t("policyBudgetsSet", { budgets: policy.budgets.map((b) => BUDGET_TEXT[b]()).join(", ") }));
  return (
    <p class="notice policy" role="note" data-testid="policy-notice">
      <span aria-hidden="true">🔒 </span>
      {parts.length ? t("policySetParts", { parts: parts.join("; ") }) : t("policySet")}
      {policy.all ? ` ${t("policyAll")}` : ""}
    </p>
  );
}
