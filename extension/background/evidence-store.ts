// Background: the evidence that each site is a P2P CDN (DESIGN.md, "Detection"), kept per site across tabs,
// reloads and restarts in storage.local, so the popup can say why on any tab of the site. Evidence seen in a
// private window is kept in memory only (and forgotten with the last private window): storing it would keep a
// record of private browsing.
import { browser } from "../platform/browser";
import type { Evidence } from "../shared/ui-messages";

const KEY = "evidence";
/** Per site: enough to explain a verdict, bounded so a page cannot grow storage without limit. */
const MAX_PER_SITE = 20;
const MAX_SITES = 2000;

export interface EvidenceStore {
  /** Stored evidence and, for a site seen in a private window, what it showed there. */
  of(site: string): readonly Evidence[];
  /** Every site with stored evidence (never one seen only in a private window: the request header rules persist). */
  sites(): Iterable<string>;
  /** Sites with evidence seen in a private window (in memory only; the header tells private windows alone). */
  privateSites(): Iterable<string>;
  /** Records `e` for `site`; `privateWindow`: in memory only. True if it is new. */
  add(site: string, e: Evidence, privateWindow?: boolean): boolean;
  /** The last private window closed: forget what private windows showed. */
  forgetPrivate(): void;
}

export async function openEvidenceStore(): Promise<EvidenceStore> {
  const raw = ((await browser.storage.local.get(KEY))[KEY] ?? {}) as Record<string, Evidence[]>;
  const bySite = new Map<string, Evidence[]>();
  for (const [site, list] of Object.entries(raw)) if (Array.isArray(list)) bySite.set(site, list.slice(0, MAX_PER_SITE));
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void browser.storage.local.set({ [KEY]: Object.fromEntries(bySite) });
    }, 500);
  };
  const inPrivate = new Map<string, Evidence[]>();
  return {
    of: (site) => {
      const extra = inPrivate.get(site);
      return extra ? [...(bySite.get(site) ?? []), ...extra] : (bySite.get(site) ?? []);
    },
    sites: () => bySite.keys(),
    privateSites: () => inPrivate.keys(),
    forgetPrivate: () => inPrivate.clear(),
    add(site, e, privateWindow = false) {
      if (privateWindow) {
        const list = inPrivate.get(site) ?? [];
        if (list.some((x) => x.kind === e.kind && x.detail === e.detail) || (bySite.get(site) ?? []).some((x) => x.kind === e.kind && x.detail === e.detail)) return false;
        if (!inPrivate.has(site) && inPrivate.size >= MAX_SITES) inPrivate.delete(inPrivate.keys().next().value!);
        inPrivate.set(site, [...list, e].slice(-MAX_PER_SITE));
        return true;
      }
      const list = bySite.get(site) ?? [];
      if (list.some((x) => x.kind === e.kind && x.detail === e.detail)) return false;
      // Full: the site first recorded longest ago makes room (a new site must still be detectable: its policy depends on it).
      if (!bySite.has(site) && bySite.size >= MAX_SITES) bySite.delete(bySite.keys().next().value!);
      bySite.set(site, [...list, e].slice(-MAX_PER_SITE));
      save();
      return true;
    },
  };
}
