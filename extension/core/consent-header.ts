// Pure: the `Sec-P2P-Consent` request header (DESIGN.md, promise 7; docs/p2p-consent.md, "The request header"):
// its value as an RFC 8941 Structured Field Dictionary, which sites receive it, and the declarativeNetRequest
// rules that send it. A `Sec-` header cannot be set by page scripts (fetch and XHR refuse forbidden names), so
// a server can trust that the browser, not the page, wrote it.
import type { P2PConsentStatus } from "../shared/status";

export const CONSENT_HEADER = "Sec-P2P-Consent";

export type Seeding = P2PConsentStatus["seeding"];
export const SEEDINGS: readonly Seeding[] = ["allowed", "download-only", "blocked", "undecided"];

export interface ConsentHeaderValue {
  seeding: Seeding;
  metered: boolean;
}

/** An RFC 8941 bare item this header uses: a token or a boolean. */
export type SfItem = { token: string } | boolean;

// RFC 8941 §3.1.2 (key) and §3.3.4 (token).
const KEY = /^[a-z*][a-z0-9_.*-]*$/;
const TOKEN = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/;

/**
 * Serializes a Dictionary (RFC 8941 §4.1.2) of bare tokens and booleans. A true boolean member is written as
 * its key alone (§4.1.2 step 3.1: `?1` is omitted), false as `key=?0`. Throws on a bad key or token: a header
 * that a parser would reject must never be sent.
 */
export function serializeDictionary(members: ReadonlyArray<readonly [string, SfItem]>): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [key, item] of members) {
    if (!KEY.test(key)) throw new Error(`not a Structured Field key: ${JSON.stringify(key)}`);
    if (seen.has(key)) throw new Error(`duplicate dictionary key: ${key}`);
    seen.add(key);
    if (item === true) out.push(key);
    else if (item === false) out.push(`${key}=?0`);
    else {
      if (!TOKEN.test(item.token)) throw new Error(`not a Structured Field token: ${JSON.stringify(item.token)}`);
      out.push(`${key}=${item.token}`);
    }
  }
  return out.join(", ");
}

/** `seeding=download-only, metered=?0`; metered true is written `metered` (RFC 8941 omits `=?1`). */
export function consentHeaderValue(v: ConsentHeaderValue): string {
  return serializeDictionary([
    ["seeding", { token: v.seeding }],
    ["metered", v.metered],
  ]);
}

/**
 * Parses a Dictionary of bare tokens and booleans (the subset this header uses; parameters and other item
 * types make it fail). For tests and for the reference parser in docs/p2p-consent.md; null when malformed.
 */
export function parseDictionary(text: string): Map<string, SfItem> | null {
  const out = new Map<string, SfItem>();
  const s = text.trim();
  if (s === "") return out;
  for (const raw of s.split(",")) {
    const member = raw.trim();
    const eq = member.indexOf("=");
    const key = eq < 0 ? member : member.slice(0, eq);
    if (!KEY.test(key)) return null;
    if (eq < 0) out.set(key, true);
    else {
      const value = member.slice(eq + 1);
      if (value === "?0") out.set(key, false);
      else if (value === "?1") out.set(key, true);
      else if (TOKEN.test(value)) out.set(key, { token: value });
      else return null;
    }
  }
  return out;
}

/** One declarativeNetRequest rule (the subset of the chrome/browser type that these rules use). */
export interface HeaderRule {
  id: number;
  priority: number;
  action: { type: "modifyHeaders"; requestHeaders: { header: string; operation: "set"; value: string }[] };
  condition: { requestDomains: string[]; resourceTypes: string[] };
}

/**
 * The rules that send the header: one per distinct value (at most 8), each listing the sites that get it, so
 * the count never nears the browser's limit on dynamic rules however many sites are decided. `requestDomains`
 * matches the site and its subdomains, for every request to it whoever made it (top-level and subresource).
 * Ids are stable per value so a sync replaces rather than accumulates.
 */
export function headerRules(values: ReadonlyMap<string, ConsentHeaderValue>, resourceTypes: readonly string[]): HeaderRule[] {
  const bySeeding = new Map<string, string[]>();
  for (const [site, v] of values) {
    const id = ruleIdOf(v);
    const list = bySeeding.get(String(id)) ?? [];
    list.push(site);
    bySeeding.set(String(id), list);
  }
  const rules: HeaderRule[] = [];
  for (const [idText, sites] of bySeeding) {
    const id = Number(idText);
    const value = consentHeaderValue(valueOfRuleId(id));
    rules.push({
      id,
      priority: 1,
      action: { type: "modifyHeaders", requestHeaders: [{ header: CONSENT_HEADER, operation: "set", value }] },
      condition: { requestDomains: sites.sort(), resourceTypes: [...resourceTypes] },
    });
  }
  return rules.sort((a, b) => a.id - b.id);
}

/** Rule ids 1..8: seeding index * 2 + metered + 1. */
export function ruleIdOf(v: ConsentHeaderValue): number {
  return SEEDINGS.indexOf(v.seeding) * 2 + (v.metered ? 1 : 0) + 1;
}

function valueOfRuleId(id: number): ConsentHeaderValue {
  return { seeding: SEEDINGS[Math.floor((id - 1) / 2)]!, metered: (id - 1) % 2 === 1 };
}

/** The highest id headerRules uses: a sync removes every id up to it. */
export const MAX_HEADER_RULE_ID = SEEDINGS.length * 2;

/**
 * Resource types that carry the header, for each browser (an unknown type makes the whole rule update fail).
 * main_frame must be listed: a rule without resourceTypes matches everything except top-level documents.
 */
export const RESOURCE_TYPES = {
  chrome: ["main_frame", "sub_frame", "stylesheet", "script", "image", "font", "object", "xmlhttprequest", "ping", "csp_report", "media", "websocket", "webtransport", "webbundle", "other"],
  firefox: ["main_frame", "sub_frame", "stylesheet", "script", "image", "font", "object", "object_subrequest", "xmlhttprequest", "xslt", "ping", "beacon", "xml_dtd", "csp_report", "imageset", "media", "websocket", "web_manifest", "speculative", "other"],
} as const;
