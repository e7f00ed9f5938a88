// Background: every connected frame (one runtime port each), the site it belongs to (its top-level page's), the
// policy it was sent, and which ledger leases it upload allowance (allowance/lease-desk.ts keeps the books). Handlers
// stay thin: a frame's decision is core/allowance/frame-decision.ts, one call per frame per push.
import type { Runtime } from "../platform/browser";
import type { Frame } from "./frame";
import type { BackgroundMessage, FrameToBackground } from "../shared/messages";
import type { FramePolicy } from "../shared/status";
import { parseFrameMessage } from "../core/validate";
import { unreachable } from "../core/type-checks";
import { decideMode, type ModeInput } from "../core/policy";
import { decideFrame, type FrameInput } from "../core/allowance/frame-decision";
import { siteOf, siteOfOrigin } from "../core/site";
import type { SettingsStore } from "./settings-store";
import type { TabState } from "./tab-state";
import type { LedgerStore } from "./allowance/ledger-store";
import { NO_AUDIT, type Audit } from "./audit";
import type { Detector } from "./detector";
import { ConnectionLog } from "./log/connection-log";
import type { ConnJournal } from "./log/conn-journal";
import { userTimeZone, type BudgetBook } from "./allowance/budget-book";
import { BudgetWatch } from "./allowance/budget-watch";
import { dayKey } from "../core/calendar";
import { nextBudgetEvent } from "../core/allowance/budgets";
import { finite, LeaseDesk } from "./allowance/lease-desk";

export type { Frame };

/** How long a subframe waits for its tab's top frame to say which site it is before using what the browser says. */
const TOP_WAIT_MS = 2000;


/** What the hub works with, in one object (index.ts passes the real ones; unit tests pass fakes). */
export interface HubDeps {
  store: SettingsStore;
  tabs: TabState;
  /** Where site ledgers keep their committed bytes across worker restarts. */
  ledgers: LedgerStore;
  now?: () => Date;
  /** Where the hub's events go (connections, enforcement, budget thresholds). */
  audit?: Audit;
  /** The budget counters; null or absent: no budget applies (unit tests of the consent rules). */
  budgets?: BudgetBook | null;
  /** Where the connection log keeps its pending rollups across worker restarts (log/conn-journal.ts). */
  connJournal?: ConnJournal | null;
  /** Whether a site was detected as a P2P CDN; absent: every site counts as detected (the strict reading). */
  isDetected?: (site: string) => boolean;
  /** Makes the detector, given how it re-pushes policies; absent: declared evidence only. */
  detector?: (hub: DetectorHooks) => Detector<Frame>;
  /** Sites the user allowed for this visit (background/visits.ts); absent: none. */
  visits?: { has(site: string): boolean };
  /**
   * Private windows' own books: ledgers and budget counters apart from normal windows', in storage.session (memory,
   * never disk), cleared when the last private window closes (`forgetPrivate`). Absent: in memory only.
   */
  privateBooks?: { ledgers: LedgerStore; budgets: BudgetBook | null };
}

/** What the detector may ask of the hub. */
export interface DetectorHooks {
  pushSite(site: string): void;
  pushPolicy(frame: Frame): void;
  readonly audit: Audit;
}

export class FrameHub {
  private readonly frames = new Map<Runtime.Port, Frame>();
  /** Top-level site per tab, from its top frame's hello. */
  private readonly tabSite = new Map<number, string | null>();
  /** The frame that set `tabSite`: when it goes and no other top frame came, the tab has no page we guard. */
  private readonly tabTop = new Map<number, Frame>();
  /** Detection (background/detector.ts); null: declared evidence only. */
  private readonly detector: Detector<Frame> | null;
  /** Whether a site was detected as a P2P CDN; an undetected, undecided site is left untouched (core/policy). */
  private readonly isDetected: (site: string) => boolean;
  private readonly visits: { has(site: string): boolean };
  private refillTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly watch: BudgetWatch;
  private readonly desk: LeaseDesk;
  /** Private windows' desk, budgets and (unlogged) connection log; replaced when the last private window closes. */
  private privateDesk: LeaseDesk;
  private readonly privateBooks: { ledgers: LedgerStore; budgets: BudgetBook | null };
  private readonly privateConnLog: ConnectionLog;
  private readonly store: SettingsStore;
  private readonly tabs: TabState;
  private readonly now: () => Date;
  readonly audit: Audit;
  readonly budgets: BudgetBook | null;

  constructor(deps: HubDeps) {
    const { store, tabs } = deps;
    this.store = store;
    this.tabs = tabs;
    this.now = deps.now ?? (() => new Date());
    this.audit = deps.audit ?? NO_AUDIT;
    this.budgets = deps.budgets ?? null;
    this.isDetected = deps.isDetected ?? (() => true);
    this.visits = deps.visits ?? { has: () => false };
    const budgets = this.budgets;
    this.connLog = new ConnectionLog(this.audit, this.now, deps.connJournal ?? null);
    // Nothing a private window does is logged: its connections are rolled up and dropped.
    this.privateConnLog = new ConnectionLog(NO_AUDIT, this.now, null);
    this.desk = this.makeDesk(false, deps.ledgers, budgets);
    this.privateBooks = deps.privateBooks ?? { ledgers: { saved: Object.create(null) as Record<string, never>, save: async () => {} }, budgets: null };
    this.privateDesk = this.makeDesk(true, this.privateBooks.ledgers, this.privateBooks.budgets);
    this.watch = new BudgetWatch(this.audit);
    if (budgets) this.watch.metered(budgets.metered(store.settings), "network", null);
    this.detector = deps.detector?.({ pushSite: (site) => this.pushSite(site), pushPolicy: (f) => this.pushPolicy(f), audit: this.audit }) ?? null;
  }

  /** The local day a ledger belongs to (the budgets' calendar: core/calendar in the user's time zone). */
  private today(): string {
    return dayKey(this.now(), this.budgets?.tz() ?? userTimeZone());
  }

  private makeDesk(incognito: boolean, ledgers: LedgerStore, budgets: BudgetBook | null): LeaseDesk {
    return new LeaseDesk(this.store, ledgers, budgets, {
      send: (f, msg) => this.send(f, msg),
      frames: () => [...this.frames.values()].filter((f) => f.incognito === incognito),
      exhausted: (f) => {
        if (f.site) this.tabs.exhausted(f.tabId, f.site);
      },
      // Budget thresholds go to the log for normal windows only.
      charged: (site) => (incognito ? undefined : this.observe(site)),
      // A site on probation used its allowance: the detector records behaviour evidence, which pushes every
      // frame of the site its default (download only or block) before the held request is answered.
      judge: (f, need, committed) => {
        if (f.site) this.detector?.probationSpent(f, f.site, committed, need);
      },
    });
  }

  private deskOf(f: Frame): LeaseDesk {
    return f.incognito ? this.privateDesk : this.desk;
  }

  private budgetsOf(f: Frame): BudgetBook | null {
    return f.incognito ? this.privateBooks.budgets : this.budgets;
  }

  private connLogOf(f: Frame): ConnectionLog {
    return f.incognito ? this.privateConnLog : this.connLog;
  }

  /**
   * The last private window closed: private windows' ledgers and counters are forgotten (a new private window
   * starts from nothing). Refused (false) while a private frame is still connected.
   */
  async forgetPrivate(): Promise<boolean> {
    for (const f of this.frames.values()) if (f.incognito) return false;
    await Promise.all([this.privateBooks.ledgers.clear?.(), this.privateBooks.budgets?.clear()]);
    this.privateDesk = this.makeDesk(true, this.privateBooks.ledgers, this.privateBooks.budgets);
    return true;
  }

  /** Connections, bytes rollups, refusals and declarations, for the audit log. */
  private readonly connLog: ConnectionLog;

  siteOfTab(tabId: number): string | null | undefined {
    return this.tabSite.get(tabId);
  }

  /** What the page API of the tab's top frame says now (its policy, with its site's ledger). */
  statusOfTab(tabId: number): FramePolicy["status"] | null {
    const top = this.tabTop.get(tabId);
    if (!top?.site || !top.policy) return null;
    const ledger = this.deskOf(top).ledgerOf(top);
    return ledger ? decideFrame(this.frameInput(top, top.site)).lease(ledger).status : top.policy.status;
  }

  /** Every budget line of `site` now (popup and options bars); empty without budgets. */
  budgetState(site: string) {
    const { mode } = decideMode(this.modeInput(site, false));
    return this.budgets?.state(this.store.settings, site, mode === "allow") ?? null;
  }

  /** A frame's bridge connected; `early` holds what it sent before the background was ready. */
  attach(port: Runtime.Port, early: unknown[] = []): void {
    const sender = port.sender;
    const tabId = sender?.tab?.id;
    if (tabId === undefined || tabId < 0) {
      port.disconnect();
      return;
    }
    const frame: Frame = {
      port,
      tabId,
      frameId: sender?.frameId ?? 0,
      incognito: sender?.tab?.incognito ?? false,
      origin: "",
      top: (sender?.frameId ?? 0) === 0,
      site: null,
      ledgerKey: null,
      policy: null,
      epoch: 0,
      settledKey: null,
      probation: false,
    };
    this.frames.set(port, frame);
    const receive = (raw: unknown) => {
      const msg = parseFrameMessage(raw);
      if (msg) this.onMessage(frame, msg);
    };
    for (const raw of early) receive(raw);
    port.onMessage.addListener(receive);
    port.onDisconnect.addListener(() => this.detach(frame));
  }

  private detach(frame: Frame): void {
    this.frames.delete(frame.port);
    this.connLogOf(frame).frameGone(frame);
    if (this.tabTop.get(frame.tabId) === frame) {
      // Left for a page no content script runs in (a browser page, the store) or closed: nothing to show.
      this.tabTop.delete(frame.tabId);
      this.tabSite.delete(frame.tabId);
      this.tabs.navigated(frame.tabId, null);
    }
    this.deskOf(frame).leave(frame);
    if (this.budgets?.reportNetwork(frame, null)) this.meteredChanged("network");
  }

  private onMessage(frame: Frame, msg: FrameToBackground): void {
    switch (msg.type) {
      case "frame/hello":
        this.detector?.attached(frame);
        return this.hello(frame, msg);
      case "detect":
        return this.detector?.message(frame, msg);
      case "usage": {
        let up = 0;
        let down = 0;
        let refused = 0;
        for (const c of msg.conns) {
          up += c.up;
          down += c.down;
          refused += c.refused;
        }
        const overdraft = this.deskOf(frame).usage(frame, msg, up, down);
        if (frame.site) this.tabs.usage(frame.tabId, frame.site, up, down, refused, overdraft);
        this.connLogOf(frame).onMessage(frame, msg, overdraft);
        return;
      }
      case "lease/request":
        return this.deskOf(frame).request(frame, msg);
      case "lease/return":
        return this.deskOf(frame).giveBack(frame, msg);
      case "lease/settle":
        return this.deskOf(frame).settle(frame, msg);
      case "net":
        if (frame.top && this.budgets?.reportNetwork(frame, msg.metered)) this.meteredChanged("network");
        return;
      case "declare":
        this.connLogOf(frame).onMessage(frame, msg);
        if (this.detector) return this.detector.message(frame, msg);
        if (frame.site) this.tabs.evidence(frame.tabId, frame.site, { kind: "declared", detail: `navigator.p2pConsent.request() by ${msg.client}${msg.version ? " " + msg.version : ""}` });
        return;
      case "conn/open":
      case "conn/blocked":
        this.connLogOf(frame).onMessage(frame, msg);
        if (frame.site) this.tabs.connOpened(frame.tabId, frame.site);
        return;
      case "conn/close":
        this.connLogOf(frame).onMessage(frame, msg);
        return this.detector?.message(frame, msg);
      case "conn/peer":
        return this.connLogOf(frame).onMessage(frame, msg);
      default:
        return unreachable(msg, "frame message");
    }
  }

  private hello(frame: Frame, msg: Extract<FrameToBackground, { type: "frame/hello" }>): void {
    frame.origin = msg.origin;
    // Known before the first policy goes out: a page loaded while metered is metered from its first byte.
    if (frame.top && msg.metered !== undefined && this.budgets?.reportNetwork(frame, msg.metered)) this.meteredChanged("network");
    if (frame.top) {
      const site = siteOf(msg.url) ?? siteOfOrigin(msg.origin) ?? siteOfOrigin((frame.port.sender as { origin?: string } | undefined)?.origin ?? "");
      this.tabSite.set(frame.tabId, site);
      this.tabTop.set(frame.tabId, frame);
      this.tabs.navigated(frame.tabId, site);
      frame.site = site;
      this.pushPolicy(frame);
      // Subframes that arrived before their top frame.
      for (const f of this.frames.values()) if (f.tabId === frame.tabId && !f.top && f.site === null) this.joinSite(f, site);
      return;
    }
    if (this.tabSite.has(frame.tabId)) return this.joinSite(frame, this.tabSite.get(frame.tabId) ?? null);
    setTimeout(() => {
      if (frame.site !== null || !this.frames.has(frame.port)) return;
      const fallback = siteOf(frame.port.sender?.tab?.url ?? "") ?? siteOfOrigin(msg.origin);
      this.joinSite(frame, fallback);
    }, TOP_WAIT_MS);
  }

  /** A subframe takes its tab's site (its top frame's, or what the browser says): its policy follows. */
  private joinSite(frame: Frame, site: string | null): void {
    frame.site = site;
    this.pushPolicy(frame);
  }

  private modeInput(site: string, incognito: boolean): ModeInput {
    const settings = this.store.settings;
    return { site, settings, managed: this.store.managed, incognito, metered: this.budgets?.metered(settings) ?? false, detected: this.isDetected(site), visit: this.visits.has(site) };
  }

  /** Everything a frame's decision reads (core/allowance/frame-decision.ts): its mode's input, its budgets, the day. */
  private frameInput(frame: Frame, site: string): FrameInput {
    const budgets = this.budgetsOf(frame);
    const settings = this.store.settings;
    return { ...this.modeInput(site, frame.incognito), budgets: budgets && ((withMetered) => budgets.state(settings, site, withMetered)), day: this.today() };
  }

  /** Budget thresholds, exhaustion and refills of `site` go to the log (once each, never per send). */
  private observe(site: string): void {
    const state = this.budgetState(site);
    if (!state) return;
    this.watch.observe(site, state);
    // A budget that was untouched has a refill time now: make sure a timer will push it.
    if (this.refillTimer === null) this.scheduleRefill(this.openSites());
  }

  private openSites(): Set<string> {
    const sites = new Set<string>();
    for (const f of this.frames.values()) if (f.site) sites.add(f.site);
    return sites;
  }

  /** The metered state may have changed (the network said so, or the user's switch): every frame hears it. */
  meteredChanged(source: "manual" | "network"): void {
    if (!this.budgets) return;
    if (this.noteMetered(source)) this.pushAll();
  }

  private noteMetered(source: "manual" | "network"): boolean {
    if (!this.budgets) return false;
    return this.watch.metered(this.budgets.metered(this.store.settings), source, this.store.settings.metered.manual.until);
  }

  /** Send a frame its policy; move it to another ledger when its regime changed. */
  pushPolicy(frame: Frame): void {
    if (frame.site === null) {
      // Nothing to decide for (e.g. an extension page): no P2P there, but keep the guard closed on uploads.
      const policy: FramePolicy = {
        site: "",
        hideIp: false,
        enforcement: "leased",
        status: { seeding: "undecided", uploadBudgetBytes: 0, uploadRateLimitBps: null, metered: false, reason: "default", resetsAt: null },
        budgetLimit: null,
      };
      frame.policy = policy;
      frame.probation = false;
      this.send(frame, { type: "policy", policy, pool: 0, resetLease: true, epoch: frame.epoch, probation: false });
      return;
    }
    const site = frame.site;
    const d = decideFrame(this.frameInput(frame, site));
    const desk = this.deskOf(frame);
    // Before the ledger is used: whether the site's default ledger runs on the probation allowance now.
    if (d.probationLedger) desk.setProbation(d.probationLedger, d.probation);
    const { ledger, moved } = desk.assign(frame, d.ledger, site);
    const { status, budgetLimit } = d.lease(ledger);
    const policy: FramePolicy = { site, status, enforcement: d.enforcement, hideIp: d.hideIp, budgetLimit };
    frame.policy = policy;
    frame.probation = d.probation;
    // An undetected site left untouched shows no mode on the badge (a video call is not "blocked").
    this.tabs.mode(frame.tabId, site, d.probation ? "undecided" : d.mode);
    const pool = ledger ? finite(ledger.poolFor(frame)) : null;
    this.send(frame, { type: "policy", policy, pool, resetLease: moved, epoch: frame.epoch, probation: d.probation });
    // A new background (or the first page of a site) has no refill timer yet.
    if (this.refillTimer === null) this.scheduleRefill([site]);
  }

  /** The site was detected (or declared itself again): its frames hear their policy now. */
  pushSite(site: string): void {
    for (const f of this.frames.values()) if (f.site === site) this.pushPolicy(f);
  }

  /** Settings or the enterprise policy changed: every frame hears its policy now (the live switch). */
  pushAll(): void {
    // Settings changed or a timer fired: the user's switch (or its expiry) may have changed the metered state.
    this.noteMetered("manual");
    for (const f of this.frames.values()) this.pushPolicy(f);
    const sites = this.openSites();
    for (const site of sites) this.observe(site);
    this.scheduleRefill(sites);
  }

  /**
   * Wake up when a budget of an open site refills or the user's metered switch runs out, and push every frame
   * its policy then (a timer: the worker runs while frames are connected, and a restarted one recomputes).
   */
  private scheduleRefill(sites: Iterable<string>): void {
    if (!this.budgets) return;
    if (this.refillTimer !== null) clearTimeout(this.refillTimer);
    this.refillTimer = null;
    const now = this.now();
    let next = Infinity;
    for (const site of sites) {
      const state = this.budgetState(site);
      const at = state ? nextBudgetEvent(state, this.store.settings, now) : null;
      if (at) next = Math.min(next, at.getTime());
    }
    if (next === Infinity) return;
    // Never more than an hour ahead (timers drift across sleep); a few ms past the boundary.
    const wait = Math.min(Math.max(0, next - now.getTime()) + 5, 3_600_000);
    this.refillTimer = setTimeout(() => {
      this.refillTimer = null;
      this.pushAll();
    }, wait);
  }

  /** Give recalled frames that never answered up, so waiting frames are served or refused. */
  tick(): void {
    this.desk.serveAll();
    this.privateDesk.serveAll();
    this.connLog.tick();
    this.privateConnLog.tick();
  }

  private send(frame: Frame, msg: BackgroundMessage): void {
    try {
      frame.port.postMessage(msg);
    } catch {
      // The frame went away between two messages.
    }
  }
}
