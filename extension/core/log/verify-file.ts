// Pure: verifying an exported JSON Lines file line by line (streaming: a file of millions of entries is never held
// whole): the header, each line's canonical form, the hash chain, then the signatures. A signed file (version 2)
// is vouched for entry by entry: a valid `log-signed` checkpoint vouches for every entry up to the one it names,
// the header's signature for every entry up to its head. Checkpoints must follow one key, which changes only
// where a checkpoint signed by the old key names the new one (a rotation); the header must be signed by the key
// the chain ends with. A file that fails names the first entry it can no longer vouch for.
import type { Digest } from "./canonical";
import { BATCH, ChainVerifier } from "./chain";
import { GENESIS_HASH, type Checkpoint, type LogEntry } from "./entry";
import { parseEntryLine, parseHeaderLine, type AnyJsonlHeader } from "./parse";
import { entrySignedBytes, headerBody, headerSignedBytes, SIGNED_JSONL_VERSION, type SignedHeader } from "./signed";
import { keyFingerprint, verifySignature } from "./signing";

export interface SigningKey {
  publicKey: string;
  fingerprint: string;
  /** Seq of the first checkpoint it signed, or of the rotation entry that handed over to it. */
  since: number;
}

/** What the signatures of a file that verified say. */
export type Signing =
  | {
      /** The header's signature holds: every entry, the head and the count are as the key signed them. */
      signed: true;
      /** The key that signed the header: the one a person compares with the fingerprint the extension shows. */
      key: SigningKey;
      /** Every key that signed, oldest first (more than one after a rotation). */
      keys: SigningKey[];
      checkpoints: number;
    }
  | {
      /** An unsigned file (format version 1): the chain holds, but anyone could have written it. */
      signed: false;
      keys: SigningKey[];
      checkpoints: number;
      /** The last signed checkpoint's seq (it vouches for every entry up to itself), if any. */
      vouchedThrough: number | null;
    };

export type JsonlVerdict =
  | { ok: true; count: number; checkpoint: Checkpoint | null; head: Checkpoint | null; signing: Signing }
  | { ok: false; line: number; seq: number | null; reason: string };

/** `seq` as written on a line that could not be read as an entry, when it can be found. */
function seqOf(line: string): number | null {
  const m = /"seq"\s*:\s*(\d+)/.exec(line);
  return m ? Number(m[1]) : null;
}

type SignedEntry = Extract<LogEntry, { type: "log-signed" }>;

/** The signature side of a walk through a file: checkpoints in order, key continuity, what is vouched for. */
class SignatureWalk {
  /** The key the next checkpoint must be signed by (null until the first one). */
  private current: string | null = null;
  readonly keys: SigningKey[] = [];
  checkpoints = 0;
  vouchedThrough: number | null = null;

  constructor(
    private readonly subtle: SubtleCrypto,
    private readonly digest: Digest,
  ) {}

  /** Checks one `log-signed` entry whose chain already verified; returns why it fails, or null. */
  async check(e: SignedEntry): Promise<string | null> {
    const d = e.details;
    const before: Checkpoint | null = e.seq === 1 && e.prevHash === GENESIS_HASH ? null : { seq: e.seq - 1, hash: e.prevHash };
    if ((d.through?.seq ?? null) !== (before?.seq ?? null) || (d.through?.hash ?? null) !== (before?.hash ?? null)) {
      return `the signed checkpoint at seq ${e.seq} does not name the entry before it`;
    }
    // Its own fields are all signed or fixed, so a valid checkpoint vouches for itself too.
    if (e.site !== null || e.frameOrigin !== null || e.tab !== null) return `the signed checkpoint at seq ${e.seq} has a site, frame or tab`;
    if (this.current !== null && d.publicKey !== this.current) {
      return `the checkpoint at seq ${e.seq} is signed by key ${await this.fp(d.publicKey)}, but the chain's key is ${await this.fp(this.current)} and no rotation handed over to it`;
    }
    if (!(await verifySignature(this.subtle, d.publicKey, d.signature, entrySignedBytes(e)))) {
      return `the signature of the checkpoint at seq ${e.seq} (key ${await this.fp(d.publicKey)}) does not match what it signs: an entry before it, or the checkpoint, was changed`;
    }
    if (this.current === null) await this.trustKey(d.publicKey, e.seq);
    if (d.nextKey !== null && d.nextKey !== d.publicKey) await this.trustKey(d.nextKey, e.seq);
    this.checkpoints++;
    this.vouchedThrough = e.seq;
    return null;
  }

  /** Checks the header's signature and that its key is the chain's; returns why not, or null. */
  async checkHeader(h: SignedHeader): Promise<string | null> {
    const key = h.key.publicKey;
    if (this.current !== null && key !== this.current) {
      return `the header is signed by key ${await this.fp(key)}, but the chain's checkpoints lead to key ${await this.fp(this.current)}`;
    }
    if (!(await verifySignature(this.subtle, key, h.signature, headerSignedBytes(headerBody(h))))) {
      return `the header's signature (key ${await this.fp(key)}) does not match it: the header, its head or its count was changed`;
    }
    if (this.current === null) await this.trustKey(key, (h.head?.seq ?? 0) + 1);
    return null;
  }

  key(publicKey: string): SigningKey {
    return this.keys.find((k) => k.publicKey === publicKey)!;
  }

  /** From `since` on, `publicKey` is the chain's key (the header's, or one a checkpoint handed over to). */
  private async trustKey(publicKey: string, since: number): Promise<void> {
    this.current = publicKey;
    this.keys.push({ publicKey, fingerprint: await this.fp(publicKey), since });
  }

  private fp(publicKey: string): Promise<string> {
    return keyFingerprint(publicKey, this.digest).catch(() => "(malformed key)");
  }
}

/**
 * Verifies an exported file given as its lines (without "\n"; one empty last line is allowed). Names the first
 * broken entry by line number (the header is line 1) and seq: for a chain that breaks, the entry that breaks it;
 * for a signature that fails, the first entry no valid signature vouches for.
 */
export async function verifyJsonl(
  lines: Iterable<string> | AsyncIterable<string>,
  digest: Digest,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<JsonlVerdict> {
  let lineNo = 0;
  let header: AnyJsonlHeader | null = null;
  let verifier: ChainVerifier | null = null;
  const walk = new SignatureWalk(subtle, digest);
  let batch: LogEntry[] = [];
  let blankAt = 0;
  /** The hash of the entry at the header's head seq, once read. */
  let atHead: string | null = null;
  const base = () => header?.checkpoint?.seq ?? 0;
  /** The last entry whose chain was checked. */
  let lastSeq = 0;
  /** The first entry no valid signature vouches for, as a failure (after `through`, the last one vouched for). */
  const unvouched = (reason: string, through = walk.vouchedThrough): JsonlVerdict => {
    const seq = (through ?? base()) + 1;
    // Only the header is wrong: the chain's last checkpoint still vouches for every entry.
    if (seq > lastSeq && through !== null && through === walk.vouchedThrough) return { ok: false, line: 1, seq: null, reason: `${reason}; every entry is vouched for by the checkpoint at seq ${through}` };
    return { ok: false, line: seq - base() + 1, seq, reason: `${reason}; entries from seq ${seq} on are not vouched for` };
  };
  // Entry k (0-based) is on line k + 2: no blank line can come before an entry.
  let fed = 0;
  const checked = async (): Promise<JsonlVerdict | null> => {
    const f = await verifier!.check(batch);
    // Signatures are checked on the entries whose chain holds, in order, so the earlier failure is the one named.
    const good = f ? f.index - fed : batch.length;
    fed += batch.length;
    for (let i = 0; i < good; i++) {
      const e = batch[i]!;
      lastSeq = e.seq;
      if (header?.version === SIGNED_JSONL_VERSION && header.head && e.seq === header.head.seq) atHead = e.hash;
      if (e.type !== "log-signed") continue;
      const why = await walk.check(e);
      if (why) return unvouched(why);
    }
    batch = [];
    return f && { ok: false, line: f.index + 2, seq: f.seq, reason: f.reason };
  };
  for await (const line of lines) {
    lineNo++;
    if (lineNo === 1) {
      const h = parseHeaderLine(line);
      if (!h.ok) return { ok: false, line: 1, seq: null, reason: h.reason };
      header = h.value;
      verifier = new ChainVerifier(digest, h.value.checkpoint);
      continue;
    }
    if (blankAt) break;
    if (line === "") {
      blankAt = lineNo;
      continue;
    }
    const r = parseEntryLine(line);
    if (!r.ok) return (await checked()) ?? { ok: false, line: lineNo, seq: seqOf(line), reason: r.reason };
    batch.push(r.value);
    if (batch.length >= BATCH) {
      const f = await checked();
      if (f) return f;
    }
  }
  if (!verifier || !header) return { ok: false, line: 1, seq: null, reason: "the file is empty" };
  const f = await checked();
  if (f) return f;
  if (blankAt && blankAt < lineNo) return { ok: false, line: blankAt, seq: null, reason: "empty line" };
  const v = verifier.finish();
  if (!v.ok) return { ok: false, line: v.index + 2, seq: v.seq, reason: v.reason };

  if (header.version !== SIGNED_JSONL_VERSION) {
    return { ...v, signing: { signed: false, keys: walk.keys, checkpoints: walk.checkpoints, vouchedThrough: walk.vouchedThrough } };
  }
  const why = await walk.checkHeader(header);
  if (why) return unvouched(why);
  const h = header.head;
  if (h === null ? v.head !== null : atHead !== h.hash) {
    // The header's signature vouches for its head: here the file does not hold that entry unchanged.
    const ends = v.head ? `the file ends at seq ${v.head.seq}` : "the file has no entries";
    return unvouched(`the signed header names head ${h ? `seq ${h.seq}` : "none"}, but ${ends}: entries were removed from or added to its end`, h ? walk.vouchedThrough : null);
  }
  if (h !== null && v.head!.seq !== h.seq) return unvouched(`entries were added after the signed head (seq ${h.seq})`, h.seq);
  if (header.count !== v.count) return unvouched(`the signed header counts ${header.count} entries, the file holds ${v.count}`);
  const key = walk.key(header.key.publicKey);
  return { ...v, signing: { signed: true, key, keys: walk.keys, checkpoints: walk.checkpoints } };
}
