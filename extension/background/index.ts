// Background (Chrome service worker / Firefox background script): wiring only. Every listener is registered
// synchronously at the top level so a restarted worker hears the event that woke it; work waits on `ready`.
import { browser, type Runtime } from "../platform/browser";
import { FRAME_PORT } from "../shared/messages";
import type { UiRequest } from "../shared/ui-messages";
import { parseUiRequest } from "../core/validate";
import { openSettingsStore } from "./settings-store";
import { FrameHub } from "./frame-hub";
import { dayKey } from "../core/calendar";
import { openLedgerStore, PRIVATE_LEDGERS_KEY } from "./allowance/ledger-store";
import { openEvidenceStore, type EvidenceStore } from "./evidence-store";
import { TabState } from "./tab-state";
import { makeUiHandlers } from "./ui-handlers";
import { BudgetBook, userTimeZone } from "./allowance/budget-book";
import { detectorFor } from "./detector-wiring";
import { logDecisions, openAuditLog, RETENTION_ALARM, scheduleRetention } from "./log/audit-log";
import { openConnJournal } from "./log/conn-journal";
import { ConsentHeader } from "./consent-header";
import { refusalOf } from "../core/managed-settings";
import { scheduleExpiry } from "./expiry";
import { openVisitGrants } from "./visits";
import { visitDecision } from "../core/log/decisions";
import { ruleFor, type DecidedBy } from "../core/settings";

// The audit log opens beside the other stores; events handed in before it is open wait for it.
const audit = openAuditLog();

let evidence: EvidenceStore | null = null;
const tabs = new TabState({
  set(tabId, badge) {
    void browser.action.setBadgeText({ tabId, text: badge.text }).catch(() => {});
    void browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(() => {});
    void browser.action.setTitle({ tabId, title: badge.title }).catch(() => {});
  },
}, () => evidence);

/** Set once the hub exists: what happens when a visit begins or ends (see below). */
let visitEnded: (site: string, on: boolean, by: DecidedBy) => void = () => {};

// Ledgers are kept for today only (keys end with the local day).
const today = () => dayKey(new Date(), userTimeZone());
const ready = Promise.all([
  openSettingsStore(),
  openLedgerStore((key) => key.endsWith(`|${today()}`)),
  openEvidenceStore(),
  BudgetBook.open(browser.storage.local),
  openConnJournal(browser.storage.session),
  openVisitGrants(browser.storage.session, () => browser.tabs.query({}), (site) => visitEnded(site, false, "popup")),
  openLedgerStore((key) => key.endsWith(`|${today()}`), PRIVATE_LEDGERS_KEY),
])
  // Private windows' counters: in storage.session (memory, never disk), their network state from the normal book.
  .then(async (opened) => [...opened, await BudgetBook.open(browser.storage.session, undefined, undefined, opened[3])] as const)
  .then(([store, ledgers, found, budgets, connJournal, visits, privateLedgers, privateBudgets]) => {
  evidence = found;
  const header = new ConsentHeader(() => ({ settings: store.settings, managed: store.managed, detected: found.sites(), metered: budgets.metered(store.settings), visits: visits.sites(), detectedPrivately: found.privateSites() }));
  const hub = new FrameHub({
    store,
    tabs,
    ledgers,
    audit,
    budgets,
    connJournal,
    isDetected: (site) => found.of(site).length > 0,
    detector: detectorFor(tabs, found, () => void header.sync()),
    visits,
    privateBooks: { ledgers: privateLedgers, budgets: privateBudgets },
  });
  // A visit began or ended: the site's pages hear their policy, the header follows, the log records it.
  visitEnded = (site, on, by) => {
    hub.pushSite(site);
    void header.sync();
    const rule = ruleFor(store.settings, site);
    audit.record(visitDecision(site, by, on, rule?.mode ?? "undecided", rule?.hideIp ?? false));
  };
  // Tabs that closed while the worker was stopped: their visits end now.
  void visits.check();
  const handlers = makeUiHandlers({ store, hub, tabs, evidence: found, audit, logStore: audit.store, logKeys: audit.keys, visits, visitChanged: (site, on, by) => visitEnded(site, on, by) });
  logDecisions(store, audit);
  const retention = scheduleRetention(audit, store);
  void retention();
  store.onChange(() => {
    hub.pushAll();
    void header.sync();
  });
  void header.sync();
  scheduleExpiry(store);
  // The network's metered state comes from pages (net messages): the header follows within one tick.
  let metered = budgets.metered(store.settings);
  setInterval(() => {
    hub.tick();
    if (budgets.metered(store.settings) !== metered) {
      metered = !metered;
      void header.sync();
    }
  }, 500);
  // A browser restarted with no private window, or one closed while this worker was stopped.
  void forgetPrivateWhenNoneOpen(hub, found, header);
  return { store, hub, handlers, retention, header, visits, found };
});

browser.runtime.onConnect.addListener((port: Runtime.Port) => {
  if (port.name !== FRAME_PORT) return;
  // Keep what arrives before the settings are loaded; the hub replays it first.
  const early: unknown[] = [];
  const hold = (m: unknown) => void early.push(m);
  port.onMessage.addListener(hold);
  void ready.then(({ hub }) => {
    port.onMessage.removeListener(hold);
    hub.attach(port, early);
  });
});

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
  // Only our own pages (popup, options) may ask: never a content script, never another extension.
  if (sender.id !== browser.runtime.id || !(sender.url ?? "").startsWith(browser.runtime.getURL(""))) return undefined;
  const req = parseUiRequest(raw);
  if (!req) return Promise.reject(new Error("Seedgate: malformed request"));
  const from = (sender.url ?? "").startsWith(browser.runtime.getURL("options/")) ? "options" : "popup";
  // A decision answers once the request header carries it: the next request to the site has the new value.
  return ready.then(async ({ handlers, header, store }) => {
    // What the organisation set (and, locked, everything) is refused here, once for every handler.
    const refused = refusalOf(req, store.managed);
    if (refused) throw new Error(refused);
    const reply = await (handlers[req.type] as (m: UiRequest, from: "popup" | "options") => Promise<unknown>)(req, from);
    await header.settled();
    return reply;
  });
});

browser.tabs.onRemoved.addListener((tabId: number) => {
  tabs.tabClosed(tabId);
  // The last tab of a site allowed for this visit may have gone; the header's private rules exempt normal tabs by id.
  void ready.then(({ visits, header }) => {
    void visits.check(tabId);
    void header.sync();
  });
});
// A new normal tab is exempt from the private windows' header rules once they know its id (core/private-header).
browser.tabs.onCreated.addListener(() => void ready.then(({ header }) => header.sync()));
browser.tabs.onReplaced.addListener(() => void ready.then(({ header }) => header.sync()));
browser.tabs.onUpdated.addListener((_tabId, change) => {
  if (change.url !== undefined) void ready.then(({ visits }) => visits.check());
});

/**
 * When no private window is open, private windows' books and evidence go. Their frames may disconnect just after the
 * window's removal is reported: try again a few times.
 */
async function forgetPrivateWhenNoneOpen(hub: FrameHub, found: EvidenceStore, header: ConsentHeader, tries = 6): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const windows = await browser.windows.getAll();
    if (windows.some((w) => w.incognito)) return;
    if (await hub.forgetPrivate()) {
      found.forgetPrivate();
      // Sites detected only there no longer get the header; requests from no tab get the normal value again.
      void header.sync();
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

browser.windows.onRemoved.addListener(() => {
  void ready.then(({ hub, found, header }) => forgetPrivateWhenNoneOpen(hub, found, header));
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === RETENTION_ALARM) void ready.then(({ retention }) => retention());
});

// A new install opens the first-run page: what a P2P CDN does, the default for undecided sites, pinning the icon.
browser.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === "install") void browser.tabs.create({ url: browser.runtime.getURL("first-run/first-run.html") }).catch(() => {});
});
