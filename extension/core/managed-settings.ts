// Pure: the settings in force = the user's settings with what the enterprise policy sets laid over them (its
// default for undecided sites, the global cap, per-site budgets), and the reverse step that keeps the policy's
// values out of what is stored as the user's, so removing the policy restores the user's own choices.
// Modes stay in core/policy's precedence (policy > private window > user > default).
import { managedBudgetsFor, type ManagedPolicy } from "./managed-policy";
import { ruleFor, undecidedRule, type Settings, type SiteMap, type SiteRule } from "./settings";
import type { UiRequest } from "../shared/ui-messages";
import { unreachable } from "./type-checks";

const BUDGET_FIELDS = ["dailyBudgetBytes", "monthlyBudgetBytes", "rateLimitBps"] as const;
const EPOCH = "1970-01-01T00:00:00.000Z";

/** The user's settings with the policy's values in force. Returns `user` itself when the policy sets none. */
export function applyManaged(user: Settings, managed: ManagedPolicy | null): Settings {
  if (!managed) return user;
  const budgets = managed.siteBudgets ?? {};
  const hasBudgets = Object.keys(budgets).length > 0;
  if (managed.defaultUndecided === undefined && managed.globalMonthlyCapBytes === undefined && !hasBudgets) return user;
  let sites: SiteMap = user.sites;
  if (hasBudgets) {
    sites = Object.create(null) as SiteMap;
    for (const site of Object.keys(user.sites)) sites[site] = user.sites[site]!;
    for (const site of Object.keys(budgets)) {
      const base: SiteRule = ruleFor(user, site) ?? undecidedRule(EPOCH, "policy");
      const rule: SiteRule = { ...base };
      for (const f of BUDGET_FIELDS) if (budgets[site]![f] !== undefined) rule[f] = budgets[site]![f]!;
      sites[site] = rule;
    }
  }
  return {
    ...user,
    defaults: managed.defaultUndecided === undefined ? user.defaults : { ...user.defaults, undecided: managed.defaultUndecided },
    globalMonthlyCapBytes: managed.globalMonthlyCapBytes === undefined ? user.globalMonthlyCapBytes : managed.globalMonthlyCapBytes,
    sites,
  };
}

/**
 * `next` was made from the settings in force; returns what to store as the user's: every value the policy
 * sets goes back to the user's own (`user`), and a rule that exists only because of the policy is dropped.
 */
export function userPart(next: Settings, user: Settings, managed: ManagedPolicy | null): Settings {
  if (!managed) return next;
  const sites = Object.create(null) as SiteMap;
  for (const site of Object.keys(next.sites)) {
    const forced = managedBudgetsFor(managed, site);
    const rule = next.sites[site]!;
    if (!forced) {
      sites[site] = rule;
      continue;
    }
    const own = ruleFor(user, site);
    const kept: SiteRule = { ...rule };
    for (const f of BUDGET_FIELDS) if (forced[f] !== undefined) kept[f] = own ? own[f] : null;
    const onlyPolicy = !own && kept.mode === "undecided" && !kept.hideIp && BUDGET_FIELDS.every((f) => kept[f] === null);
    if (!onlyPolicy) sites[site] = own || kept.decidedBy !== "policy" ? kept : { ...kept, decidedBy: "options" };
  }
  return {
    ...next,
    defaults: managed.defaultUndecided === undefined ? next.defaults : { ...next.defaults, undecided: user.defaults.undecided },
    globalMonthlyCapBytes: managed.globalMonthlyCapBytes === undefined ? next.globalMonthlyCapBytes : user.globalMonthlyCapBytes,
    sites,
  };
}

/** What the organisation set for one site, for the UIs (shown, locked). */
export interface SiteLock {
  /** The mode the policy forces (disableP2P forces block everywhere). */
  mode?: "allow" | "download-only" | "block";
  budgets: readonly (typeof BUDGET_FIELDS)[number][];
  /** The user may change nothing of this site (lockUserSettings). */
  all: boolean;
}

export function siteLock(managed: ManagedPolicy | null, site: string): SiteLock {
  const forced = managed?.disableP2P ? "block" : managed?.sites && Object.hasOwn(managed.sites, site) && managed.sites[site] !== "undecided" ? managed.sites[site] : undefined;
  const b = managedBudgetsFor(managed, site);
  return {
    ...(forced ? { mode: forced as SiteLock["mode"] } : {}),
    budgets: b ? BUDGET_FIELDS.filter((f) => b[f] !== undefined) : [],
    all: managed?.lockUserSettings === true,
  };
}

/**
 * Why the enterprise policy refuses a UI request, or null when the change is the user's to make. What the policy
 * sets is locked; with `lockUserSettings` every change of a decision or setting is. A request that leaves a
 * locked value as the policy set it passes (the options page sends all three budgets of a site at once).
 */
export function refusalOf(req: UiRequest, managed: ManagedPolicy | null): string | null {
  if (!managed) return null;
  const org = "set by your organisation's policy and cannot be changed here";
  const changes = req.type.startsWith("site/set-") || req.type === "site/remove" || req.type.startsWith("settings/set-") || req.type === "settings/import";
  if (changes && managed.lockUserSettings) return `Seedgate's settings are ${org}.`;
  switch (req.type) {
    case "site/set-mode":
      return siteLock(managed, req.site).mode ? `The mode of ${req.site} is ${org}.` : null;
    case "site/set-limits": {
      const forced = managedBudgetsFor(managed, req.site);
      const differs = forced && BUDGET_FIELDS.some((f) => forced[f] !== undefined && forced[f] !== req[f]);
      return differs ? `The upload budgets of ${req.site} are ${org}.` : null;
    }
    case "settings/set-default-undecided":
      return managed.defaultUndecided !== undefined && managed.defaultUndecided !== req.value ? `What undecided sites get is ${org}.` : null;
    case "settings/set-global-limits":
      return managed.globalMonthlyCapBytes !== undefined && managed.globalMonthlyCapBytes !== req.globalMonthlyCapBytes ? `The global monthly cap is ${org}.` : null;
    // Nothing the policy sets is changed by these (lockUserSettings is checked above). The pause only restricts,
    // and a mode the policy forces wins over it (core/policy), so it is never refused.
    case "site/set-hide-ip":
    case "site/remove":
    case "settings/set-private-windows":
    case "settings/set-log-retention":
    case "settings/import":
    case "metered/set-manual":
    case "pause/set":
    case "site/get":
    case "sites/list":
    case "settings/get":
    case "site/evidence":
    case "settings/export":
    case "log/query":
    case "log/who-learned":
    case "log/export":
    case "log/key":
    case "log/rotate-key":
    case "log/clear":
    case "budgets/site":
    case "budgets/overview":
      return null;
    default:
      return unreachable(req, "request");
  }
}
