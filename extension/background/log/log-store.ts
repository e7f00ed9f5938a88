// Background: the audit log. Events handed in while a write is in flight are chained and written together in the
// next transaction; each producer's promise resolves with its entry only after that transaction committed, so a
// service worker stopped after the ack loses nothing (and one stopped before it leaves no half-written batch).
// Writes (appends and pruning) run one at a time, in order; reads run beside them.
import {
  appendBatch,
  canonicalJson,
  ChainVerifier,
  csvHeader,
  csvRows,
  draftProblem,
  fromStored,
  isDropped,
  jsonlHeader,
  matchesFilter,
  prunedDraft,
  retentionBounds,
  signedCheckpointDraft,
  signedHeaderLine,
  BATCH,
  type Checkpoint,
  type Digest,
  type LogDraft,
  type LogEntry,
  type LogFilter,
  type LogInput,
  type PrunePlan,
  type RetentionPolicy,
  type Signer,
  type StoredLine,
  type VerifyResult,
} from "../../core/log";
import type { InstallKeyStore } from "./install-key-store";
import type { LogBackend } from "./log-backend";

export interface LogQuery extends LogFilter {
  /** Entries wanted, newest first. */
  limit: number;
  /** From the previous page: continue with entries older than this seq. */
  cursor?: number | null;
  /** Entries examined at most per call, so a rare match cannot stall the viewer (default 5,000). */
  maxScan?: number;
}
export interface LogPage {
  entries: LogEntry[];
  /** Pass back for the next page; null when no older entry is left. */
  cursor: number | null;
}
export interface LogStats {
  count: number;
  firstSeq: number | null;
  lastSeq: number | null;
  checkpoint: Checkpoint | null;
}

export interface LogStore {
  /** Resolves with the entry once it is stored; rejects at once when the event cannot be logged. */
  append(input: LogInput): Promise<LogEntry>;
  /** Several events, written in one transaction (up to `maxBatch`). */
  appendBatch(inputs: readonly LogInput[]): Promise<LogEntry[]>;
  query(q: LogQuery): Promise<LogPage>;
  /** The export in chunks of text, one read transaction each; throws if retention cut the log meanwhile. */
  exportAll(format: "jsonl" | "csv", options?: { chunkEntries?: number }): AsyncGenerator<string, void, undefined>;
  /**
   * One chunk of the export for a reader that asks chunk by chunk (the options page, over messages): `from` null
   * starts with the header, which fixes the export's last seq (`through`, the signed head; pass it back with each
   * later chunk); `next` is the seq to ask for next, null after the last entry. A chunk ends after `maxEntries`, or
   * after the read step that took its text past `maxChars`. Throws if retention removed `from` meanwhile (the
   * export must start over).
   */
  exportChunk(
    format: "jsonl" | "csv",
    from: number | null,
    maxEntries: number,
    maxChars?: number,
    through?: number | null,
  ): Promise<{ text: string; next: number | null; through: number | null }>;
  /**
   * Appends a signed checkpoint when entries came after the last one (written by itself every `checkpointEvery`
   * entries; the background asks hourly). With `ifOlderThanMs`, only when the last checkpoint is at least that old.
   */
  signCheckpoint(options?: { ifOlderThanMs?: number }): Promise<LogEntry | null>;
  /** A new install key: the current key signs a checkpoint naming it, then it signs from there on. */
  rotateKey(): Promise<void>;
  /** Retention: removes the head beyond the policy and logs that it did. */
  prune(now: Date, policy: RetentionPolicy): Promise<PrunePlan | null>;
  /** Checks the stored chain from its checkpoint. */
  verify(): Promise<VerifyResult>;
  stats(): LogStats;
}

export interface LogStoreOptions {
  digest: Digest;
  now?: () => Date;
  /** Entries per transaction at most (default 1,000). */
  maxBatch?: number;
  /** The install key: signs export headers and checkpoints. Without it, exports are unsigned (version 1). */
  keys?: InstallKeyStore;
  /** A signed checkpoint after this many entries (default 1,000). */
  checkpointEvery?: number;
}

interface Pending {
  draft: LogDraft;
  resolve: (e: LogEntry) => void;
  reject: (err: unknown) => void;
}

const SCAN_PAGE = 500;
const READ_CHUNK = 1000;

/**
 * Stored lines as export text. JSON Lines: each stored line as it is (its canonical JSON, written at append; an
 * entry that storage changed comes out changed and the verifier names it, as a tamper-evident export should).
 */
function exportText(format: "jsonl" | "csv", chunk: readonly StoredLine[]): string {
  if (format === "csv") return csvRows(chunk.map(fromStored));
  let out = "";
  for (let i = 0; i < chunk.length; i++) out += chunk[i]!.line + "\n";
  return out;
}

export async function openLogStore(backend: LogBackend, options: LogStoreOptions): Promise<LogStore> {
  const { digest, now = () => new Date(), maxBatch = 1000, keys, checkpointEvery = 1000 } = options;
  let state = await backend.head();
  const tailOf = (): Checkpoint | null => (state.last ? { seq: state.last.seq, hash: state.last.hash } : state.checkpoint);
  const lastSigned = (await backend.descending(Number.MAX_SAFE_INTEGER, 1, { type: "log-signed" }))[0] ?? null;
  /** Seq and time of the newest signed checkpoint (0 and null: none). */
  let signedSeq = lastSigned?.seq ?? 0;
  let signedAt: string | null = lastSigned?.time ?? null;
  // A rotation stopped after its handover was written and before the new key was promoted: finish it.
  if (keys && lastSigned?.type === "log-signed" && lastSigned.details.nextKey && (await keys.current()).publicKey !== lastSigned.details.nextKey) {
    if (await keys.canSign(lastSigned.details.nextKey)) await keys.promote(lastSigned.details.nextKey);
  }

  let writes: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const p = writes.then(job);
    writes = p.catch(() => undefined);
    return p;
  };

  let pending: Pending[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = pending.slice(0, maxBatch);
    pending = pending.slice(maxBatch);
    if (pending.length) schedule();
    try {
      const entries = await appendBatch(tailOf(), batch.map((p) => p.draft), digest);
      await backend.add(entries);
      state = { ...state, last: entries.at(-1)!, firstSeq: state.firstSeq ?? entries[0]!.seq };
      batch.forEach((p, i) => p.resolve(entries[i]!));
      if (keys && state.last!.seq - signedSeq >= checkpointEvery) void serial(() => checkpointJob()).catch((err: unknown) => console.warn("Seedgate: a signed checkpoint failed:", err));
    } catch (err) {
      batch.forEach((p) => p.reject(err));
      state = await backend.head().catch(() => state); // what committed is the truth
    }
  }
  /** Appends a `log-signed` entry signed by `signer` after the tail (inside `serial`). */
  async function appendCheckpoint(signer: Signer, nextKey: string | null): Promise<LogEntry> {
    const through = tailOf();
    const [entry] = await appendBatch(through, [await signedCheckpointDraft(through, now().toISOString(), signer, nextKey)], digest);
    await backend.add([entry!]);
    state = { ...state, last: entry!, firstSeq: state.firstSeq ?? entry!.seq };
    signedSeq = entry!.seq;
    signedAt = entry!.time;
    return entry!;
  }
  async function checkpointJob(ifOlderThanMs = 0): Promise<LogEntry | null> {
    if (!keys || !state.last || state.last.seq === signedSeq) return null;
    if (signedAt !== null && now().getTime() - Date.parse(signedAt) < ifOlderThanMs) return null;
    return appendCheckpoint(keys.signer(await keys.current()), null);
  }

  /** The export's first line: signed (version 2) when there is an install key. Inside `serial`, so no rotation or append comes between the head read and the signature. */
  const exportHeader = (format: "jsonl" | "csv") =>
    serial(async () => {
      const head = await backend.head();
      const last = head.last ? { seq: head.last.seq, hash: head.last.hash } : null;
      const count = last ? last.seq - (head.checkpoint?.seq ?? 0) : 0;
      const exportedAt = now().toISOString();
      let text = csvHeader();
      if (format === "jsonl") text = keys ? await signedHeaderLine({ checkpoint: head.checkpoint, count, head: last, exportedAt }, keys.signer(await keys.current())) : jsonlHeader(head.checkpoint, exportedAt);
      return { text, checkpoint: head.checkpoint, through: last?.seq ?? null };
    });

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    void serial(flush);
  }

  function enqueue(input: LogInput): Promise<LogEntry> {
    const draft = { ...input, time: input.time ?? now().toISOString() } as LogDraft;
    let problem = draftProblem(draft);
    try {
      if (!problem) canonicalJson(draft.details);
    } catch (err) {
      problem = `details: ${(err as Error).message}`;
    }
    if (problem) return Promise.reject(new TypeError(`cannot log this event: ${problem}`));
    return new Promise((resolve, reject) => {
      pending.push({ draft, resolve, reject });
      schedule();
    });
  }

  /** Entries (or their stored lines) in seq order from `from`, in chunks, checking nothing was cut between two reads. */
  function chunks(from: number, through: number, size: number): AsyncGenerator<LogEntry[]>;
  function chunks(from: number, through: number, size: number, lines: true): AsyncGenerator<StoredLine[]>;
  async function* chunks(from: number, through: number, size: number, lines = false): AsyncGenerator<LogEntry[] | StoredLine[]> {
    for (let next = from; next <= through; ) {
      const limit = Math.min(size, through - next + 1);
      const chunk = await (lines ? backend.ascendingLines(next, limit) : backend.ascending(next, limit));
      if (chunk[0]?.seq !== next || chunk.at(-1)!.seq !== next + chunk.length - 1) {
        throw new Error(`the log changed while it was read (seq ${next} is gone): retention ran meanwhile; try again`);
      }
      yield chunk;
      next += chunk.length;
    }
  }

  return {
    append: enqueue,
    appendBatch: (inputs) => Promise.all(inputs.map(enqueue)),

    async query(q) {
      const maxScan = q.maxScan ?? 5000;
      const index = q.site !== undefined ? { site: q.site } : q.type !== undefined ? { type: q.type } : undefined;
      const out: LogEntry[] = [];
      let before = q.cursor ?? Number.MAX_SAFE_INTEGER;
      for (let scanned = 0; out.length < q.limit && scanned < maxScan; ) {
        const want = Math.min(SCAN_PAGE, maxScan - scanned);
        const page = await backend.descending(before, want, index);
        for (const e of page) {
          before = e.seq;
          scanned++;
          if (matchesFilter(e, q) && out.push(e) === q.limit) return { entries: out, cursor: before };
        }
        if (page.length < want) return { entries: out, cursor: null };
      }
      return { entries: out, cursor: before };
    },

    async *exportAll(format, { chunkEntries = 10_000 } = {}) {
      const { text, checkpoint, through } = await exportHeader(format);
      yield text;
      for await (const chunk of chunks((checkpoint?.seq ?? 0) + 1, through ?? 0, chunkEntries, true)) yield exportText(format, chunk);
    },

    async exportChunk(format, from, maxEntries, maxChars = Infinity, through = null) {
      const first = from === null ? await exportHeader(format) : null;
      const checkpoint = first ? first.checkpoint : (await backend.head()).checkpoint;
      const start = from ?? (checkpoint?.seq ?? 0) + 1;
      // A reader that does not pass `through` back gets what is there now (an unsigned reader's old behaviour).
      const end = (first ? first.through : (through ?? (await backend.head()).last?.seq)) ?? 0;
      let text = first?.text ?? "";
      if (from !== null && (checkpoint?.seq ?? 0) >= from) throw new Error(`the log changed while it was exported (seq ${from} is gone): retention ran meanwhile; export again`);
      let next = start;
      // Read in steps, so a chunk stops soon after `maxChars` (a reply's size, whatever the entries' sizes).
      for await (const chunk of chunks(start, Math.min(end, start + maxEntries - 1), Math.min(maxEntries, READ_CHUNK * 10), true)) {
        text += exportText(format, chunk);
        next += chunk.length;
        if (text.length >= maxChars) break;
      }
      return { text, next: next > end ? null : next, through: end || null };
    },

    signCheckpoint: ({ ifOlderThanMs = 0 } = {}) => serial(() => checkpointJob(ifOlderThanMs)),

    rotateKey: () =>
      serial(async () => {
        if (!keys) throw new Error("Seedgate: there is no install key to rotate");
        const old = await keys.current();
        const next = await keys.createNext();
        // The old key vouches for the new one in the chain, then retires (its private key is deleted).
        await appendCheckpoint(keys.signer(old), next.publicKey);
        await keys.promote(next.publicKey);
      }),

    prune: (at, policy) =>
      serial(async () => {
        const { last, firstSeq } = state;
        if (!last || firstSeq === null) return null;
        const bounds = retentionBounds(last.seq, at, policy);
        // Everything up to sizeThrough goes whatever its age; from there on, entries go while they are too old.
        let through: LogEntry | null = bounds.sizeThrough >= firstSeq ? ((await backend.ascending(bounds.sizeThrough, 1))[0] ?? null) : null;
        scan: for await (const chunk of chunks(Math.max(firstSeq, bounds.sizeThrough + 1), last.seq, READ_CHUNK)) {
          for (const e of chunk) {
            if (!isDropped(e, bounds)) break scan;
            through = e;
          }
        }
        if (!through) return null;
        const plan: PrunePlan = { through: { seq: through.seq, hash: through.hash }, removed: through.seq - firstSeq + 1 };
        const [record] = await appendBatch({ seq: last.seq, hash: last.hash }, [prunedDraft(plan, at, policy)], digest);
        await backend.prune(plan.through, record!);
        state = { last: record!, firstSeq: plan.through.seq + 1, checkpoint: plan.through };
        return plan;
      }),

    async verify() {
      const { checkpoint, last } = await backend.head();
      const verifier = new ChainVerifier(digest, checkpoint);
      for await (const chunk of chunks((checkpoint?.seq ?? 0) + 1, last?.seq ?? 0, BATCH * 4)) {
        if (await verifier.check(chunk)) break;
      }
      return verifier.finish();
    },

    stats: () => ({
      count: state.last && state.firstSeq !== null ? state.last.seq - state.firstSeq + 1 : 0,
      firstSeq: state.firstSeq,
      lastSeq: state.last?.seq ?? null,
      checkpoint: state.checkpoint,
    }),
  };
}
