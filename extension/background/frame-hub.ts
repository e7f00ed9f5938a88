// Background: every connected frame (one runtime port each), the site it belongs to (its top-level page's), the
// policy it was sent, and the ledgers that lease each site's upload allowance to its frames. Handlers stay thin:
// the decisions are core/policy and core/site-ledger.
import type { Runtime } from "../platform/browser";
import type { BackgroundMessage, FrameToBackground } from "../shared/messages";
import { DOWNLOAD_ONLY_BASE_BYTES, DOWNLOAD_ONLY_RECEIVED_RATIO, type FramePolicy } from "../shared/status";
import { parseFrameMessage } from "../core/validate";
import { resolvePolicy, type ResolvedPolicy } from "../core/policy";
import { SiteLedger } from "../core/site-ledger";
import { siteOf, siteOfOrigin } from "../core/site";
import type { SettingsStore } from "./settings-store";
import type { TabState } from "./tab-state";
import type { LedgerStore } from "./ledger-store";
import { NO_AUDIT, type Audit } from "./audit";
import type { Detector } from "./detector";
import { ConnectionLog } from "./log/connection-log";
import type { ConnJournal } from "./log/conn-journal";

export interface Frame {
  port: Runtime.Port;
  tabId: number;
  frameId: number;
  incognito: boolean;
  /** The frame's own origin (recorded in the log; decisions use `site`). */
  origin: string;
  top: boolean;
  /** The top-level page's site; null until known (the guard fails closed meanwhile). */
  site: string | null;
  ledgerKey: string | null;
  policy: FramePolicy | null;
}

/** How long a subframe waits for its tab's top frame to say which site it is before using what the browser says. */
const TOP_WAIT_MS = 2000;

export function localDay(now: Date): string {
  return `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`;
}

export class FrameHub {
  private readonly frames = new Map<Runtime.Port, Frame>();
  private readonly ledgers = new Map<string, SiteLedger<Frame>>();
  /** Top-level site per tab, from its top frame's hello. */
  private readonly tabSite = new Map<number, string | null>();
  /** The frame that set `tabSite`: when it goes and no other top frame came, the tab has no page we guard. */
  private readonly tabTop = new Map<number, Frame>();
  /** Detection (background/detector.ts); null: declared evidence only, as before it was wired. */
  detector: Detector<Frame> | null = null;
  /** Whether a site was detected as a P2P CDN; an undetected, undecided site is left untouched (core/policy). */
  isDetected: (site: string) => boolean = () => true;

  constructor(
    private readonly store: SettingsStore,
    private readonly tabs: TabState,
    private readonly ledgerStore: LedgerStore,
    private readonly now: () => Date = () => new Date(),
    /** Where the hub's events go (connections, enforcement); the log issue wires the real one. */
    readonly audit: Audit = NO_AUDIT,
    /** Where the connection log keeps its pending rollups across worker restarts (log/conn-journal.ts). */
    connJournal: ConnJournal | null = null,
  ) {
    this.connLog = new ConnectionLog(audit, now, connJournal);
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
    const ledger = this.ledgerOf(top);
    return ledger ? this.resolve(top, top.site, ledger).status : top.policy.status;
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
    this.connLog.frameGone(frame);
    if (this.tabTop.get(frame.tabId) === frame) {
      // Left for a page no content script runs in (a browser page, the store) or closed: nothing to show.
      this.tabTop.delete(frame.tabId);
      this.tabSite.delete(frame.tabId);
      this.tabs.navigated(frame.tabId, null);
    }
    const ledger = this.ledgerOf(frame);
    if (ledger) {
      ledger.leave(frame);
      void this.persist(frame.ledgerKey!, ledger);
    }
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
        const ledger = this.ledgerOf(frame);
        const before = ledger?.limit;
        const overdraft = ledger ? ledger.report(frame, up, down).overdraft : 0;
        if (ledger && (up > 0 || down > 0)) this.persist(frame.ledgerKey!, ledger);
        if (frame.site) this.tabs.usage(frame.tabId, frame.site, up, down, refused, overdraft);
        this.connLog.onMessage(frame, msg, overdraft);
        // What other frames were told is left changes when the bound grows or a frame spent beyond its lease.
        if (ledger && (ledger.limit !== before || overdraft > 0 || up > 0)) this.broadcastPool(frame.ledgerKey!, ledger, frame);
        return;
      }
      case "lease/request":
        return this.ledgerOf(frame)?.request(frame, msg.need);
      case "lease/return":
        return this.ledgerOf(frame)?.giveBack(frame, msg.bytes);
      case "declare":
        this.connLog.onMessage(frame, msg);
        if (this.detector) return this.detector.message(frame, msg);
        if (frame.site) this.tabs.evidence(frame.tabId, frame.site, { kind: "declared", detail: `navigator.p2pConsent.request() by ${msg.client}${msg.version ? " " + msg.version : ""}` });
        return;
      case "conn/open":
      case "conn/blocked":
        this.connLog.onMessage(frame, msg);
        if (frame.site) this.tabs.connOpened(frame.tabId, frame.site);
        return;
      case "conn/close":
        this.connLog.onMessage(frame, msg);
        return this.detector?.message(frame, msg);
      case "conn/peer":
        return this.connLog.onMessage(frame, msg);
    }
  }

  private hello(frame: Frame, msg: Extract<FrameToBackground, { type: "frame/hello" }>): void {
    frame.origin = msg.origin;
    if (frame.top) {
      const site = siteOf(msg.url) ?? siteOfOrigin(msg.origin) ?? siteOfOrigin((frame.port.sender as { origin?: string } | undefined)?.origin ?? "");
      this.tabSite.set(frame.tabId, site);
      this.tabTop.set(frame.tabId, frame);
      this.tabs.navigated(frame.tabId, site);
      frame.site = site;
      this.pushPolicy(frame);
      // Subframes that arrived before their top frame.
      for (const f of this.frames.values()) if (f.tabId === frame.tabId && !f.top && f.site === null) this.adopt(f, site);
      return;
    }
    if (this.tabSite.has(frame.tabId)) return this.adopt(frame, this.tabSite.get(frame.tabId) ?? null);
    setTimeout(() => {
      if (frame.site !== null || !this.frames.has(frame.port)) return;
      const fallback = siteOf(frame.port.sender?.tab?.url ?? "") ?? siteOfOrigin(msg.origin);
      this.adopt(frame, fallback);
    }, TOP_WAIT_MS);
  }

  private adopt(frame: Frame, site: string | null): void {
    frame.site = site;
    this.pushPolicy(frame);
  }

  /** The decision in force for a frame of `site`, with the download-only bound of its ledger. */
  private resolve(frame: Frame, site: string, ledger: SiteLedger<Frame> | undefined): ResolvedPolicy {
    return resolvePolicy({
      site,
      settings: this.store.settings,
      managed: this.store.managed,
      incognito: frame.incognito,
      metered: false,
      budgetLeft: null,
      downloadOnlyLeft: ledger ? ledger.left : DOWNLOAD_ONLY_BASE_BYTES,
      resetsAt: null,
      detected: this.isDetected(site),
    });
  }

  private ledgerKeyFor(site: string, r: ResolvedPolicy): string | null {
    if (r.enforcement !== "leased") return null;
    // Download only and undecided share one bound per site per local day.
    return `${site}|restricted|${localDay(this.now())}`;
  }

  private ledgerOf(frame: Frame): SiteLedger<Frame> | undefined {
    return frame.ledgerKey ? this.ledgers.get(frame.ledgerKey) : undefined;
  }

  private ensureLedger(key: string): SiteLedger<Frame> {
    let ledger = this.ledgers.get(key);
    if (!ledger) {
      const made: SiteLedger<Frame> = new SiteLedger<Frame>(
        {
          // Sent only once the bytes it commits are stored (see ledger-store.ts).
          grant: (f, bytes, pool) => void this.persist(key, made).then(() => this.send(f, { type: "lease/grant", bytes, pool: finite(pool) })),
          exhausted: (f, pool) => {
            this.send(f, { type: "lease/exhausted", pool: finite(pool) });
            if (f.site) this.tabs.exhausted(f.tabId, f.site);
          },
          recall: (f) => this.send(f, { type: "lease/recall" }),
        },
        { limit: (received) => DOWNLOAD_ONLY_BASE_BYTES + Math.floor(received * DOWNLOAD_ONLY_RECEIVED_RATIO) },
      );
      const saved = this.ledgerStore.saved[key];
      if (saved) made.restore(saved.committed, saved.received);
      this.ledgers.set(key, made);
      ledger = made;
    }
    return ledger;
  }

  private persist(key: string, ledger: SiteLedger<Frame>): Promise<void> {
    return this.ledgerStore.save(key, { committed: ledger.committed, received: ledger.received });
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
      };
      frame.policy = policy;
      this.send(frame, { type: "policy", policy, pool: 0, resetLease: true });
      return;
    }
    const site = frame.site;
    const probe = this.resolve(frame, site, undefined);
    const key = this.ledgerKeyFor(site, probe);
    const moved = key !== frame.ledgerKey;
    if (moved && frame.ledgerKey) {
      const old = this.ledgers.get(frame.ledgerKey);
      if (old) {
        old.leave(frame);
        void this.persist(frame.ledgerKey, old);
      }
    }
    frame.ledgerKey = key;
    const ledger = key ? this.ensureLedger(key) : undefined;
    const r = ledger ? this.resolve(frame, site, ledger) : probe;
    const policy: FramePolicy = { site, status: r.status, enforcement: r.enforcement, hideIp: r.hideIp };
    frame.policy = policy;
    // An undetected site left untouched shows no mode on the badge (a video call is not "blocked").
    this.tabs.mode(frame.tabId, site, r.untouched ? "undecided" : r.mode);
    this.send(frame, { type: "policy", policy, pool: ledger ? finite(ledger.poolFor(frame)) : null, resetLease: moved });
  }

  /** The site was detected (or declared itself again): its frames hear their policy now. */
  pushSite(site: string): void {
    for (const f of this.frames.values()) if (f.site === site) this.pushPolicy(f);
  }

  /** Settings or the enterprise policy changed: every frame hears its policy now (the live switch). */
  pushAll(): void {
    for (const f of this.frames.values()) this.pushPolicy(f);
  }

  /** Give recalled frames that never answered up, so waiting frames are served or refused. */
  tick(): void {
    for (const ledger of this.ledgers.values()) ledger.serve();
    this.connLog.tick();
  }

  private broadcastPool(key: string, ledger: SiteLedger<Frame>, except?: Frame): void {
    for (const f of this.frames.values()) {
      if (f.ledgerKey === key && f !== except) this.send(f, { type: "lease/pool", pool: finite(ledger.poolFor(f)) });
    }
  }

  private send(frame: Frame, msg: BackgroundMessage): void {
    try {
      frame.port.postMessage(msg);
    } catch {
      // The frame went away between two messages.
    }
  }
}

function finite(n: number): number | null {
  return n === Infinity ? null : n;
}
