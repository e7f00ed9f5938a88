// Background: the answers to the popup's and the options page's requests. One handler per UiRequest type; a
// missing one is a compile error.
import type { UiReply, UiRequest, RuleListing } from "../shared/ui-messages";
import type { Mode } from "../shared/status";
import { decideFrame } from "../core/allowance/frame-decision";
import { dayKey } from "../core/calendar";
import { ruleFor, undecidedRule, withSiteRule, DEFAULT_SETTINGS, type DecidedBy, type SiteRule } from "../core/settings";
import type { SettingsStore } from "./settings-store";
import type { FrameHub } from "./frame-hub";
import type { TabState } from "./tab-state";
import type { EvidenceStore } from "./evidence-store";
import { NO_AUDIT, type Audit } from "./audit";
import { makeSettingsTransferHandlers } from "./settings-transfer";
import { makeLogHandlers } from "./log/log-handlers";
import type { LogStore } from "./log/log-store";
import type { InstallKeyStore } from "./log/install-key-store";
import { makeBudgetHandlers } from "./allowance/budget-handlers";
import { userTimeZone } from "./allowance/budget-book";
import { siteLock } from "../core/managed-settings";
import { pauseView, requestedPause } from "../core/pause";
import type { VisitGrants } from "./visits";

type Handlers = { [K in UiRequest["type"]]: (m: Extract<UiRequest, { type: K }>, from?: UiSender) => Promise<UiReply[K]> };
/** Which extension page asked (from the sender's URL): the audit log records who made a decision. */
export type UiSender = "popup" | "options";

export interface UiDeps {
  store: SettingsStore;
  hub: FrameHub;
  tabs: TabState;
  evidence: EvidenceStore;
  audit?: Audit;
  logStore?: Promise<LogStore>;
  logKeys?: Promise<InstallKeyStore>;
  now?: () => Date;
  /** Sites allowed for this visit; absent: visitOnly requests are refused. */
  visits?: VisitGrants;
  /** A visit began or the user ended one: the site's pages and the header hear it. */
  visitChanged?: (site: string, on: boolean, by: UiSender) => void;
}

export function makeUiHandlers(deps: UiDeps): Handlers {
  const { store, hub, tabs, evidence, visits } = deps;
  const now = deps.now ?? (() => new Date());

  function baseRule(site: string): SiteRule {
    return ruleFor(store.settings, site) ?? undecidedRule(now().toISOString(), "popup");
  }

  async function setRule(site: string, patch: Partial<SiteRule>, by: DecidedBy): Promise<void> {
    // The store tells the hub, which pushes the new policy to every open frame (the live switch).
    await store.update((s) => withSiteRule(s, site, { ...baseRule(site), ...patch, decidedAt: now().toISOString(), decidedBy: by }));
  }

  /** Another decision for a site ends its visit (before the store pushes the new rule). */
  async function endVisit(site: string, by: UiSender): Promise<void> {
    if (!visits?.has(site)) return;
    await visits.drop(site);
    deps.visitChanged?.(site, false, by);
  }

  return {
    ...makeBudgetHandlers({ store, hub, now, detected: (site) => evidence.of(site).length > 0 }),
    async "site/get"({ tabId }) {
      const site = hub.siteOfTab(tabId) ?? tabs.get(tabId)?.site ?? null;
      const t = tabs.get(tabId);
      const pause = pauseView(store.settings.pause);
      if (!site) return { site: null, mode: "undecided", effective: null, hideIp: false, detected: false, evidence: [], tab: null, visitOnly: false, pause };
      const rule = ruleFor(store.settings, site);
      // What the tab's page is told now; a tab whose page has not connected yet gets the site's policy (the
      // same decision a frame gets, before any budget or ledger: a page that connects hears its numbers).
      const effective =
        hub.statusOfTab(tabId) ??
        decideFrame({
          site,
          settings: store.settings,
          managed: store.managed,
          incognito: false,
          visit: visits?.has(site) ?? false,
          metered: hub.budgets?.metered(store.settings) ?? false,
          budgets: null,
          day: dayKey(now(), hub.budgets?.tz() ?? userTimeZone()),
        }).lease(undefined).status;
      return {
        site,
        mode: rule?.mode ?? "undecided",
        expiresAt: rule?.expiresAt ?? null,
        visitOnly: visits?.has(site) ?? false,
        effective,
        hideIp: rule?.hideIp ?? false,
        detected: evidence.of(site).length > 0,
        evidence: [...evidence.of(site)],
        // Refused sends and uploads a guard reported beyond its lease both mean the page ignored the choice.
        tab: t ? { up: t.up, down: t.down, refused: t.refused + t.overdraft } : null,
        policy: store.managed ? siteLock(store.managed, site) : null,
        pause,
      };
    },
    async "site/set-mode"({ site, mode, expiresAt, visitOnly }, from = "popup") {
      if (visitOnly) {
        if (mode !== "allow" || expiresAt) throw new Error("Only allow can be for this visit, and without an expiry.");
        if (!visits) throw new Error("Allowing for a visit is not available here.");
        // The stored rule stays as it is: the site returns to it when the visit ends.
        await visits.grant(site);
        deps.visitChanged?.(site, true, from);
        return;
      }
      if (expiresAt && (mode !== "allow" || Date.parse(expiresAt) <= now().getTime())) throw new Error("Only an allowed site can expire, and only in the future.");
      await endVisit(site, from);
      // A new decision replaces the old one's expiry (none unless given).
      await setRule(site, { mode: mode as Mode, expiresAt: expiresAt ?? null }, from);
    },
    async "site/set-hide-ip"({ site, hideIp }, from = "popup") {
      await setRule(site, { hideIp }, from);
    },
    async "site/remove"({ site }, from = "popup") {
      await endVisit(site, from);
      await store.update((s) => withSiteRule(s, site, null));
    },
    async "sites/list"() {
      const sites = store.settings.sites;
      return Object.keys(sites)
        .sort()
        .map((site): RuleListing => ({ site, mode: sites[site]!.mode, hideIp: sites[site]!.hideIp, detected: evidence.of(site).length > 0, updatedAt: sites[site]!.decidedAt }));
    },
    async "site/evidence"({ site }) {
      return [...evidence.of(site)];
    },
    async "settings/get"() {
      const s = store.settings;
      return {
        defaultUndecided: s.defaults.undecided ?? DEFAULT_SETTINGS.defaults.undecided,
        pause: pauseView(s.pause),
        privateWindows: s.privateWindows.mode,
        logRetention: { retentionDays: s.log.retentionDays, maxEntries: s.log.maxEntries },
      };
    },
    async "settings/set-private-windows"({ mode }) {
      // The store tells the hub: every frame in a private window hears its policy under the new rule.
      await store.update((s) => ({ ...s, privateWindows: { mode } }));
    },
    // The request validator bounds both numbers as the settings schema does; the next retention run applies them.
    async "settings/set-log-retention"({ retentionDays, maxEntries }) {
      await store.update((s) => ({ ...s, log: { retentionDays, maxEntries } }));
    },
    async "pause/set"(req, from = "popup") {
      const pause = requestedPause(req, from, now());
      // The store tells the hub (every frame hears block, or its own rule again), the header and the log.
      const s = await store.update((s) => ({ ...s, pause }));
      return { pause: pauseView(s.pause) };
    },
    async "settings/set-default-undecided"({ value }) {
      await store.update((s) => ({ ...s, defaults: { ...s.defaults, undecided: value } }));
    },
    ...makeSettingsTransferHandlers({ store, audit: deps.audit ?? NO_AUDIT, now }),
    ...makeLogHandlers(deps.logStore, deps.logKeys),
  };
}
