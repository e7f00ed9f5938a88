// Background: the little the log store needs from storage. IndexedDB implements it (idb-log-backend.ts); tests
// use an in-memory one (memory-log-backend.ts). Each method is one transaction. Both keep each entry as a row
// holding its canonical line (core/log/stored.ts).
import type { Checkpoint, LogEntry, LogType, StoredLine } from "../../core/log";

export interface LogHead {
  /** The newest entry. */
  last: LogEntry | null;
  /** The oldest entry's seq. */
  firstSeq: number | null;
  /** The last entry retention removed. */
  checkpoint: Checkpoint | null;
}

/** Only one site's or one type's entries (an index lookup, not a scan). */
export type LogIndex = { site: string } | { type: LogType };

export interface LogBackend {
  head(): Promise<LogHead>;
  /** Adds `entries`; resolves only once the transaction committed. Adds none if any of their seqs exists. */
  add(entries: readonly LogEntry[]): Promise<void>;
  /** Up to `limit` entries with seq >= `fromSeq`, oldest first. */
  ascending(fromSeq: number, limit: number): Promise<LogEntry[]>;
  /** The same entries as their stored lines (what an export writes), without parsing them. */
  ascendingLines(fromSeq: number, limit: number): Promise<StoredLine[]>;
  /** Up to `limit` entries with seq < `beforeSeq`, newest first. */
  descending(beforeSeq: number, limit: number, index?: LogIndex): Promise<LogEntry[]>;
  /** Removes every entry up to `through.seq`, records `through` as the checkpoint and adds `record`, all or nothing. */
  prune(through: Checkpoint, record: LogEntry): Promise<void>;
}
