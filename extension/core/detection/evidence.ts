// Pure: what Seedgate keeps for each reason it thinks a site uses a P2P CDN (DESIGN.md, "Detection"), shown to the
// user ("why") and written to the log. Details are bounded so a page cannot flood the log through them.

/** declared: the page said so; signature: a known client was seen; behaviour: data channels carried content. */
export type EvidenceKind = "signature" | "behaviour" | "declared";

/**
 * What was seen, as a message of the UI's catalogue (locales/<lang>/popup.json: `seen…`) with its values, so the
 * popup and the Sites page say it in the user's language. `detail` keeps the same in English (the log's record).
 * Values are page text (quoted, bounded like `detail`) or numbers the UI formats in its language.
 */
export interface EvidenceText {
  message: EvidenceMessage;
  values: Record<string, string | number>;
}
export type EvidenceMessage =
  | "seenHandshake"
  | "seenUploads"
  | "seenProbation"
  | "seenDeclared"
  | "seenDeclaredPurpose"
  | "seenMeta"
  | "seenScript"
  | "seenSocket"
  | "seenPeerId"
  | "seenMetaSignature"
  | "seenGlobal"
  | "seenChannel";

/** One match of a detection rule (signature, behaviour, declaration), before it is recorded with its time. */
export interface Finding {
  kind: EvidenceKind;
  /** A signature client id (`webtorrent`), or the name a page declared. Absent for anonymous behaviour. */
  client?: string;
  /** What was seen, for people: `script https://… matches Peer5`. At most MAX_DETAIL characters. */
  detail: string;
  /** Where the rule comes from (the data file's `source`, or the rule in behaviour.ts / declared.ts). */
  source: string;
  /** `detail` for the UI, in the user's language. */
  text: EvidenceText;
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
  /** `detail` in the user's language; missing on evidence stored by versions that did not keep it. */
  text?: EvidenceText;
}

export const MAX_DETAIL = 300;
/** Page-supplied text quoted in a detail (URLs, labels) is cut to this many characters. */
export const MAX_QUOTE = 160;

export function quote(s: string): string {
  return s.length > MAX_QUOTE ? `${s.slice(0, MAX_QUOTE - 1)}…` : s;
}

export function evidence(kind: EvidenceKind, client: string | undefined, detail: string, source: string, text: EvidenceText): Finding {
  const d = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail;
  return client === undefined ? { kind, detail: d, source, text } : { kind, client, detail: d, source, text };
}

/** The message and values of `text`, page text cut as in `detail`. */
export function says(message: EvidenceMessage, values: Record<string, string | number> = {}): EvidenceText {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === "string" ? quote(v) : v;
  return { message, values: out };
}
