// Pure: allowed sites given an expiry (24 h, 7 days) return to undecided when it passes; the background applies
// this at the moment of expiry and at every start (a browser closed across the expiry).
import type { Settings, SiteMap } from "./settings";

/** The settings with every rule whose expiry is at or before `now` set back to undecided; null when none expired. */
export function expireRules(settings: Settings, now: Date): { settings: Settings; expired: string[] } | null {
  const expired: string[] = [];
  const sites = Object.create(null) as SiteMap;
  for (const site of Object.keys(settings.sites)) {
    const rule = settings.sites[site]!;
    const at = rule.expiresAt ? Date.parse(rule.expiresAt) : NaN;
    if (at <= now.getTime()) {
      expired.push(site);
      sites[site] = { ...rule, mode: "undecided", expiresAt: null };
    } else sites[site] = rule;
  }
  return expired.length ? { settings: { ...settings, sites }, expired } : null;
}

/** The earliest expiry still ahead (ms since the epoch), or null. */
export function nextExpiry(settings: Settings): number | null {
  let next: number | null = null;
  for (const site of Object.keys(settings.sites)) {
    const at = settings.sites[site]!.expiresAt ? Date.parse(settings.sites[site]!.expiresAt!) : NaN;
    if (Number.isFinite(at) && (next === null || at < next)) next = at;
  }
  return next;
}
