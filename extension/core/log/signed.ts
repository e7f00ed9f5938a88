// Pure: what the install key signs, as bytes both sides compute the same way. A signed export's header (format
// version 2) names the checkpoint, the entry count, the head and the export time, with the public key; a
// `log-signed` entry in the chain signs the entry before it. Each signature is over the UTF-8 of a context line
// (so a header signature can never pass for a checkpoint's) followed by the canonical JSON of the signed fields.
import { canonicalJson } from "./canonical";
import { isCheckpoint, isIsoTime, type Checkpoint, type IsoTime, type LogDraft, type LogEntry } from "./entry";
import { JSONL_FORMAT, jsonlLines } from "./export";
import { fromBase64, KEY_ALGORITHM, type Signer } from "./signing";

export const SIGNED_JSONL_VERSION = 2;
const HEADER_CONTEXT = "seedgate-log export header v2\n";
const CHECKPOINT_CONTEXT = "seedgate-log checkpoint v1\n";

export interface SignedHeaderBody {
  format: typeof JSONL_FORMAT;
  version: typeof SIGNED_JSONL_VERSION;
  /** The last pruned entry (the file continues from it), or null. */
  checkpoint: Checkpoint | null;
  /** Entry lines that follow. */
  count: number;
  /** The last entry's seq and hash; null when there is none. */
  head: Checkpoint | null;
  exportedAt: IsoTime;
  key: { algorithm: typeof KEY_ALGORITHM; publicKey: string };
}
export interface SignedHeader extends SignedHeaderBody {
  /** base64 P1363 ECDSA signature over headerSignedBytes(every other field). */
  signature: string;
}

let encoder: TextEncoder | null = null;
const utf8 = (s: string) => (encoder ??= new TextEncoder()).encode(s);

export const headerSignedBytes = (body: SignedHeaderBody): Uint8Array<ArrayBuffer> => utf8(HEADER_CONTEXT + canonicalJson(body));

/** The first line of a signed export (with its "\n"). */
export async function signedHeaderLine(fields: Omit<SignedHeaderBody, "format" | "version" | "key">, signer: Signer): Promise<string> {
  const body: SignedHeaderBody = { format: JSONL_FORMAT, version: SIGNED_JSONL_VERSION, ...fields, key: { algorithm: KEY_ALGORITHM, publicKey: signer.publicKey } };
  const header: SignedHeader = { ...body, signature: await signer.sign(headerSignedBytes(body)) };
  return canonicalJson(header) + "\n";
}

const HEADER_KEYS = ["checkpoint", "count", "exportedAt", "format", "head", "key", "signature", "version"];

/** Why `h` (a parsed version-2 header) is malformed, or null. Unknown fields are refused: the signature would not cover them. */
export function signedHeaderProblem(h: Record<string, unknown>): string | null {
  const extra = Object.keys(h).find((k) => !HEADER_KEYS.includes(k));
  if (extra !== undefined) return `the header has an unexpected field ${JSON.stringify(extra)}`;
  if (h.checkpoint !== null && !isCheckpoint(h.checkpoint)) return "the header's checkpoint is malformed";
  if (!Number.isSafeInteger(h.count) || (h.count as number) < 0) return "the header's count is malformed";
  if (h.head !== null && !isCheckpoint(h.head)) return "the header's head is malformed";
  if (!isIsoTime(h.exportedAt)) return "the header's exportedAt is malformed";
  const key = h.key as Record<string, unknown> | null;
  if (typeof key !== "object" || key === null || Object.keys(key).length !== 2 || key.algorithm !== KEY_ALGORITHM || typeof key.publicKey !== "string" || !fromBase64(key.publicKey)) {
    return `the header's key is malformed (expected ${KEY_ALGORITHM} and a base64 public key)`;
  }
  if (typeof h.signature !== "string" || !fromBase64(h.signature)) return "the header's signature is malformed";
  return null;
}

export function headerBody(h: SignedHeader): SignedHeaderBody {
  return { format: h.format, version: h.version, checkpoint: h.checkpoint, count: h.count, head: h.head, exportedAt: h.exportedAt, key: h.key };
}

type SignedEntry = Extract<LogEntry, { type: "log-signed" }>;
type CheckpointFields = Pick<SignedEntry["details"], "through" | "publicKey" | "nextKey"> & { signedAt: IsoTime };

export const checkpointSignedBytes = (f: CheckpointFields): Uint8Array<ArrayBuffer> =>
  utf8(CHECKPOINT_CONTEXT + canonicalJson({ nextKey: f.nextKey, publicKey: f.publicKey, signedAt: f.signedAt, through: f.through }));

/** The bytes a `log-signed` entry's signature covers. */
export const entrySignedBytes = (e: SignedEntry): Uint8Array<ArrayBuffer> =>
  checkpointSignedBytes({ through: e.details.through, publicKey: e.details.publicKey, nextKey: e.details.nextKey, signedAt: e.time });

/** The `log-signed` draft that signs `through` (the chain's tail) at `time`; `nextKey` hands over to a new key. */
export async function signedCheckpointDraft(through: Checkpoint | null, time: IsoTime, signer: Signer, nextKey: string | null = null): Promise<LogDraft> {
  const fields = { through: through && { seq: through.seq, hash: through.hash }, publicKey: signer.publicKey, nextKey };
  const signature = await signer.sign(checkpointSignedBytes({ ...fields, signedAt: time }));
  return { time, site: null, frameOrigin: null, tab: null, type: "log-signed", details: { ...fields, signature } };
}

/** Why a `log-signed` entry's details are malformed, or null. */
export function signedDetailsProblem(d: Record<string, unknown>): string | null {
  const keys = Object.keys(d).sort().join(",");
  if (keys !== "nextKey,publicKey,signature,through") return "a log-signed entry needs exactly through, publicKey, nextKey and signature";
  if (d.through !== null && !isCheckpoint(d.through)) return "its through is malformed";
  if (typeof d.publicKey !== "string" || !fromBase64(d.publicKey)) return "its publicKey is not base64";
  if (d.nextKey !== null && (typeof d.nextKey !== "string" || !fromBase64(d.nextKey))) return "its nextKey is not base64";
  if (typeof d.signature !== "string" || !fromBase64(d.signature)) return "its signature is not base64";
  return null;
}

/** A whole signed export in memory (tests, reports): the signed header, then each entry's line. */
export async function toSignedJsonl(entries: readonly LogEntry[], checkpoint: Checkpoint | null, exportedAt: IsoTime, signer: Signer): Promise<string> {
  const last = entries.at(-1);
  const head = last ? { seq: last.seq, hash: last.hash } : null;
  return (await signedHeaderLine({ checkpoint, count: entries.length, head, exportedAt }, signer)) + jsonlLines(entries);
}
