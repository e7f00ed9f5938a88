// Pure: how an entry is kept in storage. A row holds the entry's exported line (its canonical JSON, hash
// included) beside the few fields storage indexes by, so an export is string concatenation and never re-serialises
// an entry; readers that need the object parse the line. Rows written before lines existed (whole entries) are
// still read.
import { canonicalEntry } from "./canonical";
import type { LogEntry, LogType } from "./entry";

export interface StoredEntry {
  seq: number;
  /** For storage's site index; null (not indexed) for global events. */
  site: string | null;
  type: LogType;
  /** The entry's canonical JSON: its exported line, without the newline. */
  line: string;
}

/** What an export reads: a row's seq and line (a row of the earlier shape yields its entry's canonical JSON). */
export interface StoredLine {
  seq: number;
  line: string;
}

export const toStored = (e: LogEntry): StoredEntry => ({ seq: e.seq, site: e.site, type: e.type, line: canonicalEntry(e, true) });

/** A row read back: the entry its line holds; a whole entry (the earlier shape) as it is. */
export function fromStored(row: StoredLine | LogEntry): LogEntry {
  return "line" in row && typeof row.line === "string" ? (JSON.parse(row.line) as LogEntry) : (row as LogEntry);
}

/** A row's line: for a row of the earlier shape, its entry's canonical JSON. */
export function storedLine(row: StoredEntry | LogEntry): StoredLine {
  return "line" in row && typeof row.line === "string" ? (row as StoredLine) : { seq: row.seq, line: canonicalEntry(row as LogEntry, true) };
}
