// Background: the popup's and options page's budget requests (limits, the metered switch, usage and history).
// Thin: the checks are the request validator (core/validate) and the settings schema (core/settings).
import type { BudgetsOverview, MeteredView, SiteBudgets, UiReply, UiRequest } from "../../shared/ui-messages";
import { ruleFor, undecidedRule, withSiteRule } from "../../core/settings";
import { siteUsage, usedNow } from "../../core/allowance/usage";
import type { SettingsStore } from "../settings-store";
import type { FrameHub } from "../frame-hub";

type BudgetRequest = Extract<UiRequest, { type: "site/set-limits" | "settings/set-global-limits" | "metered/set-manual" | "budgets/site" | "budgets/overview" }>;
type Handlers = { [K in BudgetRequest["type"]]: (m: Extract<UiRequest, { type: K }>) => Promise<UiReply[K]> };

/** `detected(site)`: evidence of P2P use was seen for the site (the overview lists sites without a rule too). */
export function makeBudgetHandlers(deps: { store: SettingsStore; hub: FrameHub; now?: () => Date; detected: (site: string) => boolean }): Handlers {
  const { store, hub } = deps;
  const now = deps.now ?? (() => new Date());
  const book = () => {
    if (!hub.budgets) throw new Error("Seedgate: the upload counters are not loaded");
    return hub.budgets;
  };

  const meteredView = (): MeteredView => {
    const s = store.settings;
    return { metered: book().metered(s), byNetwork: book().networkMetered(), manual: { ...s.metered.manual }, budgetBytes: s.metered.budgetBytes };
  };

  const used = (site: string) => {
    const b = book();
    const u = siteUsage(b.usage, site);
    const t = b.now();
    return { usedToday: usedNow(u.day, "day", t, b.tz()), usedThisMonth: usedNow(u.month, "month", t, b.tz()) };
  };

  return {
    async "site/set-limits"({ site, dailyBudgetBytes, monthlyBudgetBytes, rateLimitBps }) {
      await store.update((s) => {
        const base = ruleFor(s, site) ?? undecidedRule(now().toISOString(), "options");
        // withSiteRule checks the rule against the settings schema again and throws before anything is stored.
        return withSiteRule(s, site, { ...base, dailyBudgetBytes, monthlyBudgetBytes, rateLimitBps, decidedAt: now().toISOString(), decidedBy: "options" });
      });
    },
    async "settings/set-global-limits"({ globalMonthlyCapBytes, meteredBudgetBytes }) {
      await store.update((s) => ({ ...s, globalMonthlyCapBytes, metered: { ...s.metered, budgetBytes: meteredBudgetBytes } }));
    },
    async "metered/set-manual"({ on, until }) {
      if (on && until !== null && Date.parse(until) <= now().getTime()) throw new Error("The end of the metered period must be in the future.");
      await store.update((s) => ({ ...s, metered: { ...s.metered, manual: { on, until: on ? until : null } } }));
    },
    async "budgets/site"({ site }): Promise<SiteBudgets> {
      const rule = ruleFor(store.settings, site);
      const state = hub.budgetState(site);
      return {
        site,
        limits: { dailyBudgetBytes: rule?.dailyBudgetBytes ?? null, monthlyBudgetBytes: rule?.monthlyBudgetBytes ?? null, rateLimitBps: rule?.rateLimitBps ?? null },
        left: state?.budgetLeft ?? null,
        resetsAt: state?.resetsAt ?? null,
        bars: state?.lines.map((l) => ({ ...l })) ?? [],
        ...used(site),
        history: book().historyOf(site),
        metered: meteredView(),
      };
    },
    async "budgets/overview"(): Promise<BudgetsOverview> {
      const s = store.settings;
      const b = book();
      const names = new Set([...Object.keys(s.sites), ...Object.keys(b.usage.sites)]);
      return {
        globalMonthlyCapBytes: s.globalMonthlyCapBytes,
        globalUsedThisMonth: usedNow(b.usage.global.month, "month", b.now(), b.tz()),
        metered: meteredView(),
        sites: [...names].sort().map((site) => {
          const rule = ruleFor(s, site);
          return {
            site,
            mode: rule?.mode ?? "undecided",
            hideIp: rule?.hideIp ?? false,
            dailyBudgetBytes: rule?.dailyBudgetBytes ?? null,
            monthlyBudgetBytes: rule?.monthlyBudgetBytes ?? null,
            rateLimitBps: rule?.rateLimitBps ?? null,
            ...used(site),
            detected: deps.detected(site),
          };
        }),
      };
    },
  };
}
