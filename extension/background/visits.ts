// Background: the sites allowed for this visit (core/visits.ts), in storage.session, and the check that ends a
// visit once no tab shows its site (run when a tab closes or navigates, and at every start: a worker that was
// stopped while the last tab closed ends the visit when it wakes).
import { endedVisits, MAX_VISITS, parseVisits } from "../core/visits";
import { siteOf } from "../core/site";

const KEY = "visits";

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface VisitGrants {
  has(site: string): boolean;
  sites(): readonly string[];
  /** Allow `site` for this visit; resolves once stored. */
  grant(site: string): Promise<void>;
  /** The user decided otherwise (another mode, or removed the rule): the visit ends without a `ended` call. */
  drop(site: string): Promise<void>;
  /** Ends every visit whose site no open tab shows (`closing`: a tab being removed, which may still be listed). */
  check(closing?: number): Promise<void>;
}

/**
 * `tabs` lists every open tab (normal and private windows) with its URL; `ended` hears each visit that ended
 * because its last tab went (its pages must hear their own rule again).
 */
export async function openVisitGrants(area: SessionArea, tabs: () => Promise<{ id?: number; url?: string }[]>, ended: (site: string) => void): Promise<VisitGrants> {
  const granted = new Set(parseVisits((await area.get(KEY))[KEY]));
  let queue = Promise.resolve();
  const store = () => (queue = queue.then(() => area.set({ [KEY]: [...granted] })).catch((e: unknown) => console.warn("Seedgate: visits not stored:", e)));
  return {
    has: (site) => granted.has(site),
    sites: () => [...granted],
    async grant(site) {
      if (!granted.has(site) && granted.size >= MAX_VISITS) throw new Error(`At most ${MAX_VISITS} sites can be allowed for a visit at once.`);
      granted.add(site);
      await store();
    },
    async drop(site) {
      if (granted.delete(site)) await store();
    },
    async check(closing) {
      if (granted.size === 0) return;
      const open = (await tabs()).filter((t) => t.id !== closing).map((t) => siteOf(t.url ?? ""));
      const gone = endedVisits(granted, open);
      if (gone.length === 0) return;
      for (const site of gone) granted.delete(site);
      await store();
      for (const site of gone) ended(site);
    },
  };
}
