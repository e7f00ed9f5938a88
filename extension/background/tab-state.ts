// Background: what each tab's page did (bytes up and down, refused sends, evidence, the mode in force) and its
// badge. Kept per tab since the top frame's last navigation; the badge is repainted at most every 250 ms.
import { badgeFor } from "../core/badge";
import type { Evidence } from "../shared/ui-messages";
import type { Mode } from "../shared/status";
import type { EvidenceStore } from "./evidence-store";

export interface TabRecord {
  site: string | null;
  up: number;
  down: number;
  refused: number;
  /** Uploads a guard reported beyond its lease (should never happen; shown as a violation). */
  overdraft: number;
  /** Peer connections opened, or attempted and refused, since the navigation. */
  conns: number;
  mode: Mode | null;
}

export interface BadgeSink {
  set(tabId: number, badge: { text: string; color: string; title: string }): void;
}

const PAINT_MS = 250;

export class TabState {
  private readonly tabs = new Map<number, TabRecord>();
  private readonly dirty = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly badge: BadgeSink,
    private readonly evidenceOf: () => EvidenceStore | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(tabId: number): TabRecord | undefined {
    return this.tabs.get(tabId);
  }

  private rec(tabId: number, site: string | null): TabRecord {
    let r = this.tabs.get(tabId);
    if (!r) {
      r = { site, up: 0, down: 0, refused: 0, overdraft: 0, conns: 0, mode: null };
      this.tabs.set(tabId, r);
    }
    return r;
  }

  navigated(tabId: number, site: string | null): void {
    this.tabs.set(tabId, { site, up: 0, down: 0, refused: 0, overdraft: 0, conns: 0, mode: null });
    this.paint(tabId);
  }

  mode(tabId: number, site: string, mode: Mode): void {
    const r = this.rec(tabId, site);
    if (r.mode === mode) return;
    r.mode = mode;
    this.paint(tabId);
  }

  usage(tabId: number, site: string, up: number, down: number, refused: number, overdraft: number): void {
    const r = this.rec(tabId, site);
    r.up += up;
    r.down += down;
    r.refused += refused;
    r.overdraft += overdraft;
    this.paint(tabId);
  }

  connOpened(tabId: number, site: string): void {
    this.rec(tabId, site).conns++;
    this.paint(tabId);
  }

  /** Evidence seen on a tab: recorded for its site (every tab of the site shows it); `privateWindow`: in memory only. */
  evidence(tabId: number, site: string, e: Omit<Evidence, "at">, privateWindow = false): void {
    this.rec(tabId, site);
    this.evidenceOf()?.add(site, { ...e, at: this.now().toISOString() }, privateWindow);
    this.paint(tabId);
  }

  exhausted(tabId: number, site: string): void {
    this.rec(tabId, site);
    this.paint(tabId);
  }

  tabClosed(tabId: number): void {
    this.tabs.delete(tabId);
    this.dirty.delete(tabId);
  }

  private paint(tabId: number): void {
    this.dirty.add(tabId);
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const id of this.dirty) {
        const r = this.tabs.get(id);
        if (!r) continue;
        const detected = r.site !== null && (this.evidenceOf()?.of(r.site).length ?? 0) > 0;
        const active = r.conns > 0 || detected || r.up > 0 || r.down > 0;
        this.badge.set(id, badgeFor({ mode: active ? r.mode : null, detected, uploadedBytes: r.up, refused: r.refused + r.overdraft }));
      }
      this.dirty.clear();
    }, PAINT_MS);
  }
}
