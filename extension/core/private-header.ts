// Pure: the `Sec-P2P-Consent` header of requests from private windows (docs/p2p-consent.md, "The request
// header"). The dynamic rules (core/consent-header headerRules) carry what a normal window's page is told; where a
// private window's page is told something else (the private-window rule, settings.privateWindows, is a ceiling;
// a site detected only in a private window is known there alone), session rules at a higher priority say so for
// every request that is not known to come from a normal tab. declarativeNetRequest has no condition for private
// windows, so the rules exempt the normal tabs by id (`excludedTabIds`, session rules only, in Chrome and Firefox)
// rather than list the private ones: a private tab's first request, made before this worker heard of the tab,
// then gets the private value, never the normal one; a normal tab's first request may get the stricter private
// value until its id is exempt. Requests from no tab (a service worker's fetches: TAB_ID_NONE) get the private
// value while a private window is open, the normal one otherwise.
import { CONSENT_HEADER, consentHeaderValue, ruleIdOf, SEEDINGS, type ConsentHeaderValue, type HeaderRule } from "./consent-header";

/** tabs.TAB_ID_NONE: a request that no tab made. */
export const TAB_ID_NONE = -1;

/** Above the dynamic rules' priority (1): where both match, a "set" or "remove" of the higher one stands. */
export const PRIVATE_HEADER_PRIORITY = 2;

/** Rule ids 1..8 set a value (as core/consent-header ruleIdOf); this one removes the header. */
export const REMOVE_RULE_ID = SEEDINGS.length * 2 + 1;

/** The highest session rule id privateHeaderRules uses: a sync removes every id up to it. */
export const MAX_PRIVATE_RULE_ID = REMOVE_RULE_ID;

export interface PrivateHeaderInput {
  /** What normal windows' requests carry (core/header-sites headerSites, not incognito). */
  normal: ReadonlyMap<string, ConsentHeaderValue>;
  /** What private windows' requests must carry (headerSites for incognito, with sites detected there). */
  private: ReadonlyMap<string, ConsentHeaderValue>;
  /** Ids of the open tabs of normal windows. */
  normalTabs: readonly number[];
  /** A private window is open now. */
  privateOpen: boolean;
  /** The extension runs in private windows (else its rules never see their requests, and these would only misfire). */
  allowedInPrivate: boolean;
}

/** A session rule: a header rule that may exempt tabs, and may remove the header. */
export interface PrivateHeaderRule extends Omit<HeaderRule, "action" | "condition"> {
  action: { type: "modifyHeaders"; requestHeaders: ({ header: string; operation: "set"; value: string } | { header: string; operation: "remove" })[] };
  condition: HeaderRule["condition"] & { excludedTabIds?: number[] };
}

const same = (a: ConsentHeaderValue | undefined, b: ConsentHeaderValue | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.seeding === b.seeding && a.metered === b.metered);

/**
 * None when private windows' requests would carry what normal ones do. Otherwise a full second set of header
 * rules for requests not from a normal tab: one rule per private value (ids as ruleIdOf), and one that removes the
 * header from sites that get it in normal windows only. The whole set, not only the sites that differ: private
 * tabs then never depend on the dynamic rules, so updating the two sets one after the other (background/
 * consent-header) shows a private tab no moment of a normal value.
 */
export function privateHeaderRules(input: PrivateHeaderInput, resourceTypes: readonly string[]): PrivateHeaderRule[] {
  if (!input.allowedInPrivate) return [];
  const sites = new Set([...input.normal.keys(), ...input.private.keys()]);
  if ([...sites].every((site) => same(input.normal.get(site), input.private.get(site)))) return [];
  const byId = new Map<number, string[]>();
  for (const site of [...sites].sort()) {
    const v = input.private.get(site);
    const id = v ? ruleIdOf(v) : REMOVE_RULE_ID;
    byId.set(id, [...(byId.get(id) ?? []), site]);
  }
  const exempt = [...new Set(input.normalTabs)].filter((id) => id >= 0).sort((a, b) => a - b);
  if (!input.privateOpen) exempt.push(TAB_ID_NONE);
  const rules: PrivateHeaderRule[] = [];
  for (const [id, list] of [...byId].sort((a, b) => a[0] - b[0])) {
    const value = id === REMOVE_RULE_ID ? undefined : input.private.get(list[0]!)!;
    rules.push({
      id,
      priority: PRIVATE_HEADER_PRIORITY,
      action: {
        type: "modifyHeaders",
        requestHeaders: [value ? { header: CONSENT_HEADER, operation: "set", value: consentHeaderValue(value) } : { header: CONSENT_HEADER, operation: "remove" }],
      },
      condition: { requestDomains: list, resourceTypes: [...resourceTypes], ...(exempt.length ? { excludedTabIds: exempt } : {}) },
    });
  }
  return rules;
}
