// Pure: what Seedgate keeps for each reason it thinks a site uses a P2P CDN (DESIGN.md, "Detection"), shown to the
// user ("why") and written to the log. Details are bounded so a page cannot flood the log through them.

/** declared: the page said so; signature: a known client was seen; behaviour: data channels carried content. */
export type EvidenceKind = "signature" | "behaviour" | "declared";

/** One match of a detection rule (signature, behaviour, declaration), before it is recorded with its time. */
export interface Finding {
  kind: EvidenceKind;
  /** A signature client id (`webtorrent`), or the name a page declared. Absent for anonymous behaviour. */
  client?: string;
  /** What was seen, for people: `script https://… matches Peer5`. At most MAX_DETAIL characters. */
  detail: string;
  /** Where the rule comes from (the data file's `source`, or the rule in behaviour.ts / declared.ts). */
  source: string;
}

/**
 * Evidence as a site keeps it, the popup shows it and the log records it: what matched, and when it was seen.
 * `source` may be missing on evidence stored by versions that did not keep it.
 */
export interface Evidence {
  kind: EvidenceKind;
  /** Human-readable, e.g. "WebTorrent 2.8 (global WebTorrent)" or "BitTorrent handshake on a data channel". */
  detail: string;
  /** ISO time it was seen. */
  at: string;
  /** The signature's client id, or the name the page declared. */
  client?: string;
  /** Where the rule that matched comes from (the signature list's citation, or the Seedgate rule). */
  source?: string;
}

export const MAX_DETAIL = 300;
/** Page-supplied text quoted in a detail (URLs, labels) is cut to this many characters. */
export const MAX_QUOTE = 160;

export function quote(s: string): string {
  return s.length > MAX_QUOTE ? `${s.slice(0, MAX_QUOTE - 1)}…` : s;
}

export function evidence(kind: EvidenceKind, client: string | undefined, detail: string, source: string): Finding {
  const d = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail;
  return client === undefined ? { kind, detail: d, source } : { kind, client, detail: d, source };
}
