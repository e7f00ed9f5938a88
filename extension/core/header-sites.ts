// Pure: which sites receive the `Sec-P2P-Consent` header and with what value — every site with a decided rule
// (the user's, or the enterprise policy's) and every detected site, and no other (DESIGN.md, promise 7). The
// value is what a page of that site is told (core/policy), so the header and the page API agree: a normal window's
// page by default; with `incognito`, a private window's (core/private-header sends that to private windows).
import { resolvePolicy } from "./policy";
import { managedModeFor, type ManagedPolicy } from "./managed-policy";
import type { Settings } from "./settings";
import type { ConsentHeaderValue } from "./consent-header";
import { DOWNLOAD_ONLY_BASE_BYTES } from "../shared/status";

export interface HeaderInput {
  settings: Settings;
  managed: ManagedPolicy | null;
  /** Sites detected as P2P CDNs (any evidence). */
  detected: Iterable<string>;
  metered: boolean;
  /** Sites the user allowed for this visit (core/visits.ts). */
  visits?: Iterable<string>;
  /** Sites detected in a private window only (kept in memory): counted for private windows alone. */
  detectedPrivately?: Iterable<string>;
}

export function headerSites({ settings, managed, detected, metered, visits = [], detectedPrivately = [] }: HeaderInput, incognito = false): Map<string, ConsentHeaderValue> {
  const sites = new Set<string>();
  for (const site of Object.keys(settings.sites)) if (settings.sites[site]!.mode !== "undecided") sites.add(site);
  if (managed?.sites) for (const site of Object.keys(managed.sites)) if (managedModeFor(managed, site)) sites.add(site);
  for (const site of detected) sites.add(site);
  if (incognito) for (const site of detectedPrivately) sites.add(site);
  const visiting = new Set(visits);
  for (const site of visiting) sites.add(site);
  const out = new Map<string, ConsentHeaderValue>();
  for (const site of [...sites].sort()) {
    const r = resolvePolicy({ site, settings, managed, incognito, metered, budgetLeft: null, downloadOnlyLeft: DOWNLOAD_ONLY_BASE_BYTES, resetsAt: null, detected: true, visit: visiting.has(site) });
    out.set(site, { seeding: r.status.seeding, metered });
  }
  return out;
}
