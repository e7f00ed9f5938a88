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

/** Fields added with signed checkpoints (`log-signed`): after `hash`, so every earlier column keeps its place. */
export const CSV_LATER_DETAIL_PATHS = ["publicKey", "nextKey", "signature"] as const;

const TOP = ["seq", "time", "type", "site", "frameOrigin", "tab"] as const;
export const CSV_COLUMNS: readonly string[] = [
  ...TOP,
  ...CSV_DETAIL_PATHS.map((p) => `details.${p}`),
  "prevHash",
  "hash",
  ...CSV_LATER_DETAIL_PATHS.map((p) => `details.${p}`),
];
const DETAIL_INDEX = new Map<string, number>([
  ...CSV_DETAIL_PATHS.map((p, i): [string, number] => [p, TOP.length + i]),
  ...CSV_LATER_DETAIL_PATHS.map((p, i): [string, number] => [p, TOP.length + CSV_DETAIL_PATHS.length + 2 + i]),
]);

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
  // Fast path: most cells (hashes, times, sites, numbers as text) need neither the apostrophe nor quotes.
  if (!CSV_SPECIAL.test(v)) return v;
  const s = /^[=+\-@\t\r]/.test(v) ? "'" + v : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
const CSV_SPECIAL = /^[=+\-@\t\r]|[",\r\n]/;

const row = (cells: readonly (string | number | boolean | null | undefined)[]) => cells.map(csvCell).join(",") + "\r\n";

export const csvHeader = (): string => row(CSV_COLUMNS);

/** Each column's name under `details`, by the path of its parent object ("" at the top): one lookup per leaf. */
const DETAIL_COLUMNS = new Map<string, Map<string, number>>();
for (const [path, i] of DETAIL_INDEX) {
  const dot = path.lastIndexOf(".");
  const parent = dot < 0 ? "" : path.slice(0, dot + 1);
  if (!DETAIL_COLUMNS.has(parent)) DETAIL_COLUMNS.set(parent, new Map());
  DETAIL_COLUMNS.get(parent)!.set(path.slice(dot + 1), i);
}
const EMPTY_ROW: readonly string[] = new Array<string>(CSV_COLUMNS.length).fill("");

/** Writes the cells of `details` into `cells` as flattenDetails flattens them (same paths, same values). */
function detailCells(details: object, prefix: string, cells: string[]): void {
  const columns = DETAIL_COLUMNS.get(prefix);
  for (const key in details) {
    if (!Object.hasOwn(details, key)) continue;
    const value = (details as Record<string, unknown>)[key];
    if (value === null || value === undefined) continue;
    if (typeof value === "object" && !Array.isArray(value)) {
      detailCells(value, prefix + key + ".", cells);
      continue;
    }
    const i = columns?.get(key);
    if (i === undefined) continue;
    if (Array.isArray(value)) cells[i] = csvCell(value.every((v) => typeof v !== "object" || v === null) ? value.join(" ") : canonicalJson(value));
    else cells[i] = csvCell(value as string | number | boolean);
  }
}

export function csvRows(entries: readonly LogEntry[]): string {
  let out = "";
  const last = TOP.length + CSV_DETAIL_PATHS.length + 1;
  for (let n = 0; n < entries.length; n++) {
    const e = entries[n]!;
    const cells = EMPTY_ROW.slice();
    cells[0] = String(e.seq);
    cells[1] = csvCell(e.time);
    cells[2] = csvCell(e.type);
    cells[3] = csvCell(e.site);
    cells[4] = csvCell(e.frameOrigin);
    cells[5] = csvCell(e.tab);
    detailCells(e.details, "", cells);
    cells[last - 1] = csvCell(e.prevHash);
    cells[last] = csvCell(e.hash);
    out += cells.join(",") + "\r\n";
  }
  return out;
}

export const toCsv = (entries: readonly LogEntry[]): string => csvHeader() + csvRows(entries);
