// Background, for tests and benchmarks: the LogBackend contract in memory, with the two failure modes that
// matter held in the test's hands: a transaction that has not committed yet (`hold`), and a service worker
// stopped in the middle of one (`kill`: held transactions never commit).
import type { Checkpoint, LogEntry } from "../../core/log";
import type { LogBackend, LogIndex } from "./log-backend";

export class MemoryLogBackend implements LogBackend {
  /** Oldest first, seqs without gaps. */
  readonly entries: LogEntry[] = [];
  checkpoint: Checkpoint | null = null;
  /** Every transaction that committed (adds and prunes). */
  transactions = 0;
  private held: { commit: () => void; abort: () => void }[] | null = null;

  /** Stored copies, as IndexedDB's structured clone makes them; off for benchmarks of the code around it. */
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
    return { last: this.entries.at(-1) ?? null, firstSeq: this.entries[0]?.seq ?? null, checkpoint: this.checkpoint };
  }

  add(entries: readonly LogEntry[]): Promise<void> {
    return this.transaction(() => {
      const last = this.entries.at(-1)?.seq ?? this.checkpoint?.seq ?? 0;
      // Stricter than IndexedDB (which takes any unused key): the store only ever appends.
      if (entries.some((e, i) => e.seq !== last + 1 + i)) throw new DOMException("seq already used or out of order", "ConstraintError");
      for (const e of entries) this.entries.push(this.clone ? structuredClone(e) : e);
    });
  }

  async ascending(fromSeq: number, limit: number) {
    const first = this.entries[0]?.seq ?? 1;
    const start = Math.max(0, fromSeq - first);
    return this.entries.slice(start, start + limit);
  }

  async descending(beforeSeq: number, limit: number, index?: LogIndex) {
    const out: LogEntry[] = [];
    const first = this.entries[0]?.seq ?? 1;
    for (let i = Math.min(this.entries.length, beforeSeq - first) - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i]!;
      if (!index || ("site" in index ? e.site === index.site : e.type === index.type)) out.push(e);
    }
    return out;
  }

  prune(through: Checkpoint, record: LogEntry): Promise<void> {
    return this.transaction(() => {
      const first = this.entries[0]?.seq ?? 1;
      this.entries.splice(0, Math.max(0, through.seq + 1 - first));
      this.entries.push(this.clone ? structuredClone(record) : record);
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
