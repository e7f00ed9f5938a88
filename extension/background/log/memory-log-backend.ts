// Background, for tests and benchmarks: the LogBackend contract in memory, with the two failure modes that
// matter held in the test's hands: a transaction that has not committed yet (`hold`), and a service worker
// stopped in the middle of one (`kill`: held transactions never commit).
import { fromStored, toStored, type Checkpoint, type LogEntry, type StoredEntry } from "../../core/log";
import type { LogBackend, LogIndex } from "./log-backend";

export class MemoryLogBackend implements LogBackend {
  /** Rows as the idb backend stores them, oldest first, seqs without gaps. */
  readonly rows: StoredEntry[] = [];
  checkpoint: Checkpoint | null = null;
  /** Every transaction that committed (adds and prunes). */
  transactions = 0;
  private held: { commit: () => void; abort: () => void }[] | null = null;

  /** Rows read back as copies, as IndexedDB's structured clone makes them; off for benchmarks of the code around it. */
  constructor(private readonly clone = true) {}

  /** Transactions from now on wait for `release` (or are lost with `kill`). */
  hold(): void {
    this.held ??= [];
  }
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const t of held) t.commit();
  }
  /** The service worker stops: held transactions never commit. */
  kill(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const t of held) t.abort();
  }

  async head() {
    const last = this.rows.at(-1);
    return { last: last ? fromStored(last) : null, firstSeq: this.rows[0]?.seq ?? null, checkpoint: this.checkpoint };
  }

  add(entries: readonly LogEntry[]): Promise<void> {
    return this.transaction(() => {
      const last = this.rows.at(-1)?.seq ?? this.checkpoint?.seq ?? 0;
      // Stricter than IndexedDB (which takes any unused key): the store only ever appends.
      if (entries.some((e, i) => e.seq !== last + 1 + i)) throw new DOMException("seq already used or out of order", "ConstraintError");
      for (const e of entries) this.rows.push(toStored(e));
    });
  }

  async ascending(fromSeq: number, limit: number) {
    return (await this.ascendingLines(fromSeq, limit)).map(fromStored);
  }

  async ascendingLines(fromSeq: number, limit: number) {
    const first = this.rows[0]?.seq ?? 1;
    const start = Math.max(0, fromSeq - first);
    const out = this.rows.slice(start, start + limit);
    return this.clone ? structuredClone(out) : out;
  }

  async descending(beforeSeq: number, limit: number, index?: LogIndex) {
    const out: LogEntry[] = [];
    const first = this.rows[0]?.seq ?? 1;
    for (let i = Math.min(this.rows.length, beforeSeq - first) - 1; i >= 0 && out.length < limit; i--) {
      const r = this.rows[i]!;
      if (!index || ("site" in index ? r.site === index.site : r.type === index.type)) out.push(fromStored(r));
    }
    return out;
  }

  prune(through: Checkpoint, record: LogEntry): Promise<void> {
    return this.transaction(() => {
      const first = this.rows[0]?.seq ?? 1;
      this.rows.splice(0, Math.max(0, through.seq + 1 - first));
      this.rows.push(toStored(record));
      this.checkpoint = { ...through };
    });
  }

  private transaction(apply: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const commit = () => {
        try {
          apply();
          this.transactions++;
          resolve();
        } catch (err) {
          reject(err);
        }
      };
      if (this.held) this.held.push({ commit, abort: () => reject(new DOMException("the service worker stopped", "AbortError")) });
      else queueMicrotask(commit);
    });
  }
}
