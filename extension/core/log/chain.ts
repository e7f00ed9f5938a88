// Pure: building and checking the hash chain. Each entry's hash covers its content and the previous entry's hash,
// seqs run without gaps, and a pruned chain starts right after its checkpoint, which the last `log-pruned`
// entry in the chain must name (so cutting more of the head off is as visible as any other edit).
import { canonicalJson, hashEntry, type Digest } from "./canonical";
import { draftProblem, entryProblem, GENESIS_HASH, type Checkpoint, type LogDraft, type LogEntry } from "./entry";

/**
 * Chains `drafts` after `tail` (the newest entry, or the checkpoint when every entry was pruned, or null for a
 * new log). Throws a TypeError naming the draft that is not loggable; then nothing is returned.
 */
export async function appendBatch(tail: Checkpoint | null, drafts: readonly LogDraft[], digest: Digest): Promise<LogEntry[]> {
  drafts.forEach((d, i) => {
    const problem = draftProblem(d);
    if (problem) throw new TypeError(`log draft ${i}: ${problem}`);
  });
  let seq = tail?.seq ?? 0;
  let prevHash = tail?.hash ?? GENESIS_HASH;
  const out: LogEntry[] = [];
  for (const d of drafts) {
    let details: unknown;
    try {
      // A copy with keys in canonical order: the producer cannot change it later, and exports take the fast path.
      details = JSON.parse(canonicalJson(d.details));
    } catch (err) {
      throw new TypeError(`log draft ${seq - (tail?.seq ?? 0)}: ${(err as Error).message}`, { cause: err });
    }
    // Only the entry's own fields: a producer's extra properties never reach the store.
    const body = { details, frameOrigin: d.frameOrigin, prevHash, seq: ++seq, site: d.site, tab: d.tab, time: d.time, type: d.type } as Omit<LogEntry, "hash">;
    const hash = await hashEntry(body, digest);
    // Every key in canonical order, hash included: JSON.stringify(entry) is the entry's exported line.
    out.push({ details, frameOrigin: d.frameOrigin, hash, prevHash, seq, site: d.site, tab: d.tab, time: d.time, type: d.type } as LogEntry);
    prevHash = hash;
  }
  return out;
}

export interface VerifyOk {
  ok: true;
  count: number;
  checkpoint: Checkpoint | null;
  /** The newest entry's seq and hash; null when there is none. */
  head: Checkpoint | null;
}
export interface VerifyFailure {
  ok: false;
  /** Position of the first broken entry among those checked (0-based). */
  index: number;
  /** Its seq as written, when it has one. */
  seq: number | null;
  reason: string;
}
export type VerifyResult = VerifyOk | VerifyFailure;

/** Checks a chain fed in order, in batches (hashes of one batch are computed concurrently). */
export class ChainVerifier {
  private count = 0;
  private prev: Checkpoint | null;
  private lastPruned: { index: number; entry: Extract<LogEntry, { type: "log-pruned" }> } | null = null;
  private failure: VerifyFailure | null = null;
  private first: LogEntry | null = null;

  constructor(
    private readonly digest: Digest,
    readonly checkpoint: Checkpoint | null,
  ) {
    this.prev = checkpoint;
  }

  /** Checks the next entries; returns the first failure (then ignores anything fed later), or null. */
  async check(entries: readonly unknown[]): Promise<VerifyFailure | null> {
    if (this.failure) return this.failure;
    const problems = entries.map(entryProblem);
    const firstBad = problems.findIndex((p) => p !== null);
    const good = (firstBad < 0 ? entries : entries.slice(0, firstBad)) as LogEntry[];
    // null: content that is not JSON data (the entry did not come from appendBatch).
    const hashes = await Promise.all(good.map((e) => hashEntry(e, this.digest).catch((err: unknown) => (err instanceof TypeError ? null : Promise.reject(err)))));
    for (let i = 0; i < entries.length; i++) {
      const index = this.count;
      if (i === firstBad) return this.fail(index, entries[i], `malformed: ${problems[i]}`);
      const e = entries[i] as LogEntry;
      if (hashes[i] === null) return this.fail(index, e, "malformed: details are not JSON data");
      if (hashes[i] !== e.hash) return this.fail(index, e, "hash does not match the entry's content (the entry was changed)");
      const expected = (this.prev?.seq ?? 0) + 1;
      if (e.seq !== expected) return this.fail(index, e, `seq ${e.seq} where ${expected} was expected (entries deleted, inserted or reordered)`);
      if (e.prevHash !== (this.prev?.hash ?? GENESIS_HASH)) {
        const of = this.count > 0 ? `seq ${expected - 1}` : this.checkpoint ? "the checkpoint" : "the genesis";
        return this.fail(index, e, `prevHash is not the hash of ${of}`);
      }
      if (e.type === "log-pruned") this.lastPruned = { index, entry: e };
      this.first ??= e;
      this.prev = { seq: e.seq, hash: e.hash };
      this.count++;
    }
    return null;
  }

  /** The verdict once every entry was fed. */
  finish(): VerifyResult {
    if (this.failure) return this.failure;
    const cp = this.checkpoint;
    const last = this.lastPruned;
    if (last && (last.entry.details.through.seq !== cp?.seq || last.entry.details.through.hash !== cp.hash)) {
      const named = `names checkpoint seq ${last.entry.details.through.seq}`;
      return this.fail(last.index, last.entry, `this log-pruned entry ${named}, but the chain starts ${cp ? `after seq ${cp.seq}` : "at the genesis"}`);
    }
    if (!last && cp) return this.fail(0, this.first, `no log-pruned entry names the checkpoint (seq ${cp.seq}): the head of the chain was cut`);
    return { ok: true, count: this.count, checkpoint: cp, head: this.count > 0 ? this.prev : null };
  }

  private fail(index: number, e: unknown, reason: string): VerifyFailure {
    const seq = typeof e === "object" && e !== null && Number.isSafeInteger((e as LogEntry).seq) ? (e as LogEntry).seq : null;
    this.failure = { ok: false, index, seq, reason };
    return this.failure;
  }
}

/** Verifies `entries` (oldest first) as a whole chain, or as what remains after `checkpoint`. */
export async function verifyChain(entries: readonly unknown[], digest: Digest, options: { checkpoint?: Checkpoint | null } = {}): Promise<VerifyResult> {
  const v = new ChainVerifier(digest, options.checkpoint ?? null);
  for (let i = 0; i < entries.length; i += BATCH) if (await v.check(entries.slice(i, i + BATCH))) break;
  return v.finish();
}

/** Entries hashed concurrently per step: enough to keep WebCrypto busy, small enough to stop soon after a break. */
export const BATCH = 256;
