// Options (DOM): what Remove takes away from a site, so Undo can put it back as it was.
import type { Send } from "../../ui/send-context";
import type { SiteRow } from "./site-row";

export interface Removed {
  row: Pick<SiteRow, "site" | "name" | "mode" | "hideIp" | "dailyBudgetBytes" | "monthlyBudgetBytes" | "rateLimitBps">;
}

/** Puts a removed rule back: limits first (they create the rule), then hide my IP, then the mode. */
export async function restoreRule(send: Send, row: Removed["row"]): Promise<void> {
  const { site } = row;
  if (row.dailyBudgetBytes !== null || row.monthlyBudgetBytes !== null || row.rateLimitBps !== null)
    await send({ type: "site/set-limits", site, dailyBudgetBytes: row.dailyBudgetBytes, monthlyBudgetBytes: row.monthlyBudgetBytes, rateLimitBps: row.rateLimitBps });
  if (row.hideIp) await send({ type: "site/set-hide-ip", site, hideIp: true });
  await send({ type: "site/set-mode", site, mode: row.mode });
}
