// Pure: the audit log's entry, one typed `details` shape per event type (DESIGN.md, "The audit log").
// Every entry is plain JSON data, so what is stored, exported and re-read hashes the same.
import type { Mode } from "../../shared/status";
import type { Evidence } from "../detection/evidence";
import type { DecidedBy } from "../settings";
import type { Assert, Equals } from "../type-checks";

/** `prevHash` of the first entry ever written. */
export const GENESIS_HASH = "0".repeat(64);

/** The last entry retention removed: the chain that remains starts right after it. */
export interface Checkpoint {
  seq: number;
  hash: string;
}

export type CandidateType = "host" | "srflx" | "prflx" | "relay";
/**
 * A budget as the log names it (core/allowance/budgets BudgetKind, spelled as entries have always been written, plus
 * `download-only`, the undecided bound of the modes table). Stored and signed entries use these words.
 */
export type LoggedBudget = "site-daily" | "site-monthly" | "global-monthly" | "metered" | "download-only";
/** ISO time, as `Date.prototype.toISOString` writes it (so times compare as strings). */
export type IsoTime = string;

/** The remote end of a connection's selected candidate pair: who learned the visitor's address. */
export interface RemoteEndpoint {
  /** As the peer announced it (an IP, or an mDNS name for a hidden host address); null when the browser did not say. */
  address: string | null;
  port: number;
  candidateType: CandidateType | null;
  protocol: "udp" | "tcp" | null;
}

export interface LogDetailsByType {
  detection: { evidence: Evidence["kind"]; detail: string };
  /**
   * A site's decision; with site null, one for every site: the policy's disableP2P, or the user's global pause
   * (mode block while paused, undecided when it ends: each site's own rule applies again), which names `until`
   * (when it ends by itself; null: until turned back on).
   */
  decision: { by: DecidedBy; mode: Mode; previous: Mode; hideIp: boolean; until?: IsoTime | null; /** An allow for this visit began (mode allow) or ended (mode: the site's own rule again). */ visitOnly?: true };
  "connection-opened": {
    connection: string;
    /** URLs only: credentials the page configured are never logged. */
    iceServers: string[];
    iceTransportPolicy: "all" | "relay";
    candidateTypes: { local: CandidateType[]; remote: CandidateType[] };
    remote: RemoteEndpoint | null;
  };
  "connection-closed": { connection: string; reason: "page" | "failed" | "unloaded" | "enforced"; durationMs: number };
  /** A rollup over [from, to]: never one entry per send. */
  bytes: { connection: string; up: number; down: number; from: IsoTime; to: IsoTime };
  "budget-threshold": { budget: LoggedBudget; limitBytes: number; usedBytes: number; threshold: number; resetsAt: IsoTime | null };
  "budget-exhausted": { budget: LoggedBudget; limitBytes: number; usedBytes: number; resetsAt: IsoTime | null };
  "budget-refill": { budget: LoggedBudget; limitBytes: number | null; resetsAt: IsoTime | null };
  /** Creating a peer connection failed because the site is blocked. */
  "connection-blocked": { reason: "user" | "default" | "policy" | "private"; iceServers: string[] };
  /** A rollup of sends the guard refused on one connection over [from, to]. */
  "sends-refused": { connection: string; count: number; /** Null: the guard counts refused sends, not their size. */ bytes: number | null; reason: "download-only" | "budget" | "metered" | "block"; from: IsoTime; to: IsoTime };
  /** A client kept going against the signal (e.g. sent past `uploadBudgetBytes`); the guard enforced anyway. */
  "signal-ignored": { client: string | null; connection: string | null; violation: string };
  metered: { metered: boolean; previous: boolean; source: "manual" | "network"; until: IsoTime | null };
  "settings-import": { fromVersion: number; schemaVersion: number; sites: number; warnings: number };
  /** Written by retention in the transaction that removed entries: the last one names the export's checkpoint. */
  "log-pruned": { through: Checkpoint; removed: number; retentionDays: number; maxEntries: number };
  /**
   * A signed checkpoint (core/log/signed.ts): the install key `publicKey` signed `through` (the entry before this
   * one; null at the genesis) and this entry's time. `nextKey` names the key that signs from here on (a rotation),
   * else null.
   */
  "log-signed": { through: Checkpoint | null; publicKey: string; nextKey: string | null; signature: string };
}

export type LogType = keyof LogDetailsByType;

export const LOG_TYPES = [
  "detection",
  "decision",
  "connection-opened",
  "connection-closed",
  "bytes",
  "budget-threshold",
  "budget-exhausted",
  "budget-refill",
  "connection-blocked",
  "sends-refused",
  "signal-ignored",
  "metered",
  "settings-import",
  "log-pruned",
  "log-signed",
] as const satisfies readonly LogType[];
type _AllTypesListed = Assert<Equals<(typeof LOG_TYPES)[number], LogType>>;

interface EntryOf<T extends LogType> {
  /** 1, 2, 3, ... with no gap, across pruning. */
  seq: number;
  time: IsoTime;
  /** Registrable domain of the tab's top-level page; null for global events (metered, import, retention). */
  site: string | null;
  frameOrigin: string | null;
  tab: number | null;
  type: T;
  details: LogDetailsByType[T];
  /** `hash` of the entry before (GENESIS_HASH for seq 1). */
  prevHash: string;
  /** Lowercase hex SHA-256 of the canonical JSON of every other field. */
  hash: string;
}

export type LogEntry = { [T in LogType]: EntryOf<T> }[LogType];
/** What a producer hands in: the log assigns `seq`, `prevHash` and `hash`. */
export type LogDraft = { [T in LogType]: Omit<EntryOf<T>, "seq" | "prevHash" | "hash"> }[LogType];
/** A draft whose time the store may fill in (the time it was handed in). */
export type LogInput = { [T in LogType]: Omit<EntryOf<T>, "seq" | "prevHash" | "hash" | "time"> & { time?: IsoTime } }[LogType];

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;
const TYPES: ReadonlySet<string> = new Set(LOG_TYPES);

export const isIsoTime = (v: unknown): v is IsoTime => typeof v === "string" && ISO.test(v);
export const isHash = (v: unknown): v is string => typeof v === "string" && HEX64.test(v);
const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

/** Why `d` cannot be logged, or null. Details are checked as JSON data only (their shape is the producer's type). */
export function draftProblem(d: unknown): string | null {
  if (typeof d !== "object" || d === null) return "not an object";
  const r = d as Record<string, unknown>;
  if (!isIsoTime(r.time)) return "time: expected an ISO time (toISOString)";
  if (r.site !== null && typeof r.site !== "string") return "site: expected a string or null";
  if (r.frameOrigin !== null && typeof r.frameOrigin !== "string") return "frameOrigin: expected a string or null";
  if (r.tab !== null && !Number.isSafeInteger(r.tab)) return "tab: expected an integer or null";
  if (typeof r.type !== "string" || !TYPES.has(r.type)) return "type: unknown";
  if (typeof r.details !== "object" || r.details === null || Array.isArray(r.details)) return "details: expected an object";
  return null;
}

/** Why `e` is not a well-formed entry (its hash is not checked here), or null. */
export function entryProblem(e: unknown): string | null {
  const p = draftProblem(e);
  if (p) return p;
  const r = e as Record<string, unknown>;
  if (!isSeq(r.seq)) return "seq: expected a positive integer";
  if (!isHash(r.prevHash)) return "prevHash: expected 64 lowercase hex digits";
  if (!isHash(r.hash)) return "hash: expected 64 lowercase hex digits";
  const extra = Object.keys(r).find((k) => !ENTRY_KEYS.has(k));
  return extra === undefined ? null : `unexpected field ${JSON.stringify(extra)}`;
}

const ENTRY_KEYS: ReadonlySet<string> = new Set(["seq", "time", "site", "frameOrigin", "tab", "type", "details", "prevHash", "hash"]);

export const isCheckpoint = (v: unknown): v is Checkpoint =>
  typeof v === "object" && v !== null && isSeq((v as Checkpoint).seq) && isHash((v as Checkpoint).hash);
