// Pure: the two export formats. JSON Lines is the verifiable chain: a header line (format, version, checkpoint),
// then each entry's canonical JSON on its own line. CSV is for spreadsheets: one flattened row per entry under a
// fixed column set, quoted as RFC 4180 says, lines ending CRLF.
import { canonicalEntry, canonicalJson } from "./canonical";
import type { Checkpoint, IsoTime, LogEntry } from "./entry";

export const JSONL_FORMAT = "seedgate-log";
export const JSONL_VERSION = 1;

export interface JsonlHeader {
  format: typeof JSONL_FORMAT;
  version: typeof JSONL_VERSION;
  /** The last pruned entry: the first line after the header continues from it. Null when nothing was pruned. */
  checkpoint: Checkpoint | null;
  exportedAt: IsoTime;
}

export function jsonlHeader(checkpoint: Checkpoint | null, exportedAt: IsoTime): string {
  const header: JsonlHeader = { format: JSONL_FORMAT, version: JSONL_VERSION, checkpoint, exportedAt };
  return canonicalJson(header) + "\n";
}

/** One chunk of lines (each ending "\n"). */
export function jsonlLines(entries: readonly LogEntry[]): string {
  let out = "";
  for (const e of entries) out += canonicalEntry(e, true) + "\n";
  return out;
}

/**
 * The export's hot path for entries read back from the log's own storage: each line is `JSON.stringify(entry)`,
 * which is its canonical JSON because appendBatch stores every key in canonical order and storage keeps that
 * order. No check is needed for the file's sake: an entry that storage changed (key order, a value) comes out as
 * it is and the verifier names it, which is what a tamper-evident export should do. About 4x faster than
 * `jsonlLines` (measured in npm run bench); `jsonlLines` stays for entries of unknown origin.
 */
export function storedJsonlLines(entries: readonly LogEntry[]): string {
  let out = "";
  for (let i = 0; i < entries.length; i++) out += JSON.stringify(entries[i]) + "\n";
  return out;
}

export const toJsonl = (entries: readonly LogEntry[], checkpoint: Checkpoint | null, exportedAt: IsoTime): string =>
  jsonlHeader(checkpoint, exportedAt) + jsonlLines(entries);

/**
 * Every leaf of every type's details, flattened with dots. Fixed so spreadsheets and scripts can rely on it;
 * a unit test fails when a details field has no column here.
 */
export const CSV_DETAIL_PATHS = [
  "evidence", "detail", "by", "mode", "previous", "hideIp", "connection", "iceServers", "iceTransportPolicy",
  "candidateTypes.local", "candidateTypes.remote", "remote.address", "remote.port", "remote.candidateType",
  "remote.protocol", "reason", "durationMs", "up", "down", "from", "to", "budget", "limitBytes", "usedBytes",
  "threshold", "resetsAt", "count", "bytes", "client", "violation", "metered", "source", "until", "fromVersion",
  "schemaVersion", "sites", "warnings", "through.seq", "through.hash", "removed", "retentionDays", "maxEntries",
] as const;

const TOP = ["seq", "time", "type", "site", "frameOrigin", "tab"] as const;
export const CSV_COLUMNS: readonly string[] = [...TOP, ...CSV_DETAIL_PATHS.map((p) => `details.${p}`), "prevHash", "hash"];
const DETAIL_INDEX = new Map<string, number>(CSV_DETAIL_PATHS.map((p, i) => [p, TOP.length + i]));

/** Leaves of `details` as path -> value; null leaves are left out (an empty cell), arrays of scalars join with spaces. */
export function flattenDetails(details: object, prefix = "", out: Map<string, string | number | boolean> = new Map()) {
  for (const [key, value] of Object.entries(details)) {
    const path = prefix + key;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) out.set(path, value.every((v) => typeof v !== "object" || v === null) ? value.join(" ") : canonicalJson(value));
    else if (typeof value === "object") flattenDetails(value, path + ".", out);
    else out.set(path, value as string | number | boolean);
  }
  return out;
}

/**
 * One CSV cell. Quoted when it holds a comma, quote, CR or LF (quotes doubled). A string that a spreadsheet would
 * run as a formula (leading = + - @ TAB CR: page-supplied text such as a client name) gets a leading apostrophe.
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v !== "string") return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? "'" + v : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const row = (cells: readonly (string | number | boolean | null | undefined)[]) => cells.map(csvCell).join(",") + "\r\n";

export const csvHeader = (): string => row(CSV_COLUMNS);

export function csvRows(entries: readonly LogEntry[]): string {
  let out = "";
  for (const e of entries) {
    const cells: (string | number | boolean | null)[] = new Array<null>(CSV_COLUMNS.length).fill(null);
    [cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]] = [e.seq, e.time, e.type, e.site, e.frameOrigin, e.tab];
    for (const [path, value] of flattenDetails(e.details)) {
      const i = DETAIL_INDEX.get(path);
      if (i !== undefined) cells[i] = value;
    }
    cells[CSV_COLUMNS.length - 2] = e.prevHash;
    cells[CSV_COLUMNS.length - 1] = e.hash;
    out += row(cells);
  }
  return out;
}

export const toCsv = (entries: readonly LogEntry[]): string => csvHeader() + csvRows(entries);
