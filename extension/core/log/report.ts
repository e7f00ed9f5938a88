// Pure: the per-site report's content, from a verified export's entries: bytes up and down over time (buckets for
// the chart), the peers and the addresses that learned the visitor's IP, detections, decisions and what was
// enforced, over a chosen period. Deterministic (no clock, no locale): verify-log rebuilds it from the export a
// report embeds and compares.
import type { Learner } from "../../shared/ui-messages";
import type { IsoTime, LogEntry } from "./entry";
import { learnersOf } from "./learners";
import { unreachable } from "../type-checks";

export interface ReportParams {
  site: string;
  /** Inclusive; null: from the first entry. */
  from: IsoTime | null;
  /** Exclusive; null: to the last entry. */
  to: IsoTime | null;
}

export interface ConnectionRow {
  connection: string;
  opened: IsoTime | null;
  closed: IsoTime | null;
  closeReason: string | null;
  remote: string | null;
  candidateType: string | null;
  up: number;
  down: number;
}

export interface ReportModel {
  params: ReportParams;
  /** The first and last time of the site's entries in the period (null: none). */
  span: { first: IsoTime; last: IsoTime } | null;
  totals: { up: number; down: number; connections: number; addresses: number };
  bucketMs: number;
  buckets: { start: IsoTime; up: number; down: number }[];
  learners: Learner[];
  /** At most MAX_ROWS, newest first; `connectionsLeft` more were not listed. */
  connections: ConnectionRow[];
  connectionsLeft: number;
  detections: { evidence: string; detail: string; first: IsoTime; last: IsoTime; count: number }[];
  decisions: { time: IsoTime; by: string; previous: string; mode: string; hideIp: boolean; global: boolean }[];
  refused: { reason: string; sends: number; bytes: number | null; rollups: number }[];
  blocked: { reason: string; count: number; first: IsoTime; last: IsoTime }[];
  ignored: { client: string; violation: string; count: number; first: IsoTime; last: IsoTime }[];
  budgets: { time: IsoTime; event: "threshold" | "exhausted" | "refill"; budget: string; usedBytes: number | null; limitBytes: number | null }[];
}

export const MAX_ROWS = 200;
const MINUTE = 60_000;
/** Bucket sizes, smallest first: the chart takes the first that needs at most MAX_BUCKETS. */
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE, 7 * 24 * 60 * MINUTE, 30 * 24 * 60 * MINUTE];
const MAX_BUCKETS = 60;

const inPeriod = (e: LogEntry, p: ReportParams) => (p.from === null || e.time >= p.from) && (p.to === null || e.time < p.to);

/** Counts by a key, keeping first and last time; in order of first appearance. */
function tally<T extends { count: number; first: IsoTime; last: IsoTime }>(map: Map<string, T>, key: string, time: IsoTime, make: () => Omit<T, "count" | "first" | "last">): void {
  const t = map.get(key);
  if (t) {
    t.count++;
    if (time < t.first) t.first = time;
    if (time > t.last) t.last = time;
  } else map.set(key, { ...make(), count: 1, first: time, last: time } as T);
}

export function buildReport(all: readonly LogEntry[], params: ReportParams): ReportModel {
  const mine = all.filter((e) => inPeriod(e, params) && (e.site === params.site || (e.type === "decision" && e.site === null)));
  const site = mine.filter((e) => e.site === params.site);
  const span = site.length ? { first: site[0]!.time, last: site.reduce((m, e) => (e.time > m ? e.time : m), site[0]!.time) } : null;

  const start = params.from ?? span?.first ?? null;
  const end = params.to ?? span?.last ?? null;
  const range = start && end ? Math.max(0, Date.parse(end) - Date.parse(start)) : 0;
  const bucketMs = STEPS.find((s) => range / s <= MAX_BUCKETS) ?? STEPS.at(-1)!;
  const buckets: ReportModel["buckets"] = [];
  if (start && end) {
    const t0 = Math.floor(Date.parse(start) / bucketMs) * bucketMs;
    for (let t = t0; t <= Date.parse(end); t += bucketMs) buckets.push({ start: new Date(t).toISOString(), up: 0, down: 0 });
  }

  const conns = new Map<string, ConnectionRow>();
  const conn = (name: string): ConnectionRow => {
    let c = conns.get(name);
    if (!c) conns.set(name, (c = { connection: name, opened: null, closed: null, closeReason: null, remote: null, candidateType: null, up: 0, down: 0 }));
    return c;
  };
  const detections = new Map<string, ReportModel["detections"][number]>();
  const blocked = new Map<string, ReportModel["blocked"][number]>();
  const ignored = new Map<string, ReportModel["ignored"][number]>();
  const refused = new Map<string, ReportModel["refused"][number]>();
  const decisions: ReportModel["decisions"] = [];
  const budgets: ReportModel["budgets"] = [];
  let up = 0;
  let down = 0;

  for (const e of mine) {
    switch (e.type) {
      case "bytes": {
        up += e.details.up;
        down += e.details.down;
        const b = buckets.length ? buckets[Math.floor((Date.parse(e.time) - Date.parse(buckets[0]!.start)) / bucketMs)] : undefined;
        if (b) {
          b.up += e.details.up;
          b.down += e.details.down;
        }
        const c = conn(e.details.connection);
        c.up += e.details.up;
        c.down += e.details.down;
        break;
      }
      case "connection-opened": {
        const c = conn(e.details.connection);
        c.opened = e.time;
        const r = e.details.remote;
        c.remote = r ? `${r.address ?? "(address not revealed)"}:${r.port}` : null;
        c.candidateType = r?.candidateType ?? null;
        break;
      }
      case "connection-closed": {
        const c = conn(e.details.connection);
        c.closed = e.time;
        c.closeReason = e.details.reason;
        break;
      }
      case "detection":
        tally(detections, `${e.details.evidence}\n${e.details.detail}`, e.time, () => ({ evidence: e.details.evidence, detail: e.details.detail }));
        break;
      case "decision":
        decisions.push({ time: e.time, by: e.details.by, previous: e.details.previous, mode: e.details.mode, hideIp: e.details.hideIp, global: e.site === null });
        break;
      case "connection-blocked":
        tally(blocked, e.details.reason, e.time, () => ({ reason: e.details.reason }));
        break;
      case "signal-ignored":
        tally(ignored, `${e.details.client}\n${e.details.violation}`, e.time, () => ({ client: e.details.client ?? "(unnamed client)", violation: e.details.violation }));
        break;
      case "sends-refused": {
        const r = refused.get(e.details.reason) ?? { reason: e.details.reason, sends: 0, bytes: 0, rollups: 0 };
        r.sends += e.details.count;
        r.bytes = r.bytes === null || e.details.bytes === null ? null : r.bytes + e.details.bytes;
        r.rollups++;
        refused.set(e.details.reason, r);
        break;
      }
      case "budget-threshold":
      case "budget-exhausted":
        budgets.push({ time: e.time, event: e.type === "budget-threshold" ? "threshold" : "exhausted", budget: e.details.budget, usedBytes: e.details.usedBytes, limitBytes: e.details.limitBytes });
        break;
      case "budget-refill":
        budgets.push({ time: e.time, event: "refill", budget: e.details.budget, usedBytes: null, limitBytes: e.details.limitBytes });
        break;
      // Global events and the log's own bookkeeping are not part of a site's report.
      case "metered":
      case "settings-import":
      case "log-pruned":
      case "log-signed":
        break;
      default:
        unreachable(e, "log entry type");
    }
  }
  const learners = learnersOf(site);
  const connections = [...conns.values()].sort((a, b) => ((a.opened ?? "") < (b.opened ?? "") ? 1 : (a.opened ?? "") > (b.opened ?? "") ? -1 : a.connection < b.connection ? -1 : 1));
  return {
    params,
    span,
    totals: { up, down, connections: conns.size, addresses: learners.length },
    bucketMs,
    buckets,
    learners,
    connections: connections.slice(0, MAX_ROWS),
    connectionsLeft: Math.max(0, connections.length - MAX_ROWS),
    detections: [...detections.values()],
    decisions,
    refused: [...refused.values()],
    blocked: [...blocked.values()],
    ignored: [...ignored.values()],
    budgets,
  };
}
