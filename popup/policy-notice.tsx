// Popup (DOM): what the organisation's enterprise policy set for this site, said plainly; the controls it
// locks are disabled beside it.
import type { PolicyLock } from "../extension/shared/ui-messages";

const MODE_TEXT = { allow: "may seed", "download-only": "may download only", block: "may not use peer-to-peer" } as const;
const BUDGET_TEXT = { dailyBudgetBytes: "daily budget", monthlyBudgetBytes: "monthly budget", rateLimitBps: "upload rate limit" } as const;

export function PolicyNotice({ policy }: { policy: PolicyLock | null }) {
  if (!policy || (!policy.mode && policy.budgets.length === 0 && !policy.all)) return null;
  const parts: string[] = [];
  if (policy.mode) parts.push(`this site ${MODE_TEXT[policy.mode]}`);
  if (policy.budgets.length > 0) parts.push(`its ${policy.budgets.map((b) => BUDGET_TEXT[b]).join(", ")} ${policy.budgets.length > 1 ? "are" : "is"} set`);
  return (
    <p class="notice policy" role="note" data-testid="policy-notice">
      🔒 Set by your organisation{parts.length ? `: ${parts.join("; ")}` : ""}.{policy.all ? " Your organisation does not allow changes to Seedgate's settings." : ""}
    </p>
  );
}
