// Pure, for tests and benchmarks only: one draft of every event type (awkward text included) and a chain of any
// length made from them. Typed per type, so a new event type or details field cannot be left out of the tests.
import type { Digest } from "./canonical";
import { appendBatch } from "./chain";
import type { LogDraft, LogEntry, LogType } from "./entry";

const T0 = Date.parse("2025-03-01T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const page = { site: "example.com", frameOrigin: "https://player.example.com", tab: 7 };

export const SAMPLE_DRAFTS: { [T in LogType]: Extract<LogDraft, { type: T }> } = {
  detection: { time: iso(T0), ...page, type: "detection", details: { evidence: "signature", detail: 'WebTorrent 2.8 (global "WebTorrent"), tracker wss://t.example.com/a,b\nsecond line' } },
  decision: { time: iso(T0), ...page, type: "decision", details: { by: "popup", mode: "allow", previous: "undecided", hideIp: false } },
  "connection-opened": {
    time: iso(T0),
    ...page,
    type: "connection-opened",
    details: {
      connection: "pc-1",
      iceServers: ["stun:stun.example.com:3478", "turn:turn.example.com"],
      iceTransportPolicy: "all",
      candidateTypes: { local: ["host", "srflx"], remote: ["host"] },
      remote: { address: "192.0.2.10", port: 51413, candidateType: "host", protocol: "udp" },
    },
  },
  "connection-closed": { time: iso(T0), ...page, type: "connection-closed", details: { connection: "pc-1", reason: "page", durationMs: 65_000 } },
  bytes: { time: iso(T0), ...page, type: "bytes", details: { connection: "pc-1", up: 1_048_576, down: 52_428_800, from: iso(T0 - 60_000), to: iso(T0) } },
  "budget-threshold": { time: iso(T0), ...page, type: "budget-threshold", details: { budget: "site-daily", limitBytes: 1_048_576, usedBytes: 838_861, threshold: 0.8, resetsAt: iso(T0 + 3_600_000) } },
  "budget-exhausted": { time: iso(T0), ...page, type: "budget-exhausted", details: { budget: "global-monthly", limitBytes: 1_048_576, usedBytes: 1_048_576, resetsAt: null } },
  "budget-refill": { time: iso(T0), ...page, type: "budget-refill", details: { budget: "site-daily", limitBytes: null, resetsAt: null } },
  "connection-blocked": { time: iso(T0), ...page, type: "connection-blocked", details: { reason: "user", iceServers: [] } },
  "sends-refused": { time: iso(T0), ...page, type: "sends-refused", details: { connection: "pc-2", count: 12, bytes: 196_608, reason: "budget", from: iso(T0 - 1000), to: iso(T0) } },
  "signal-ignored": { time: iso(T0), ...page, type: "signal-ignored", details: { client: "=cmd|' /C calc'!A0 «client» ☕", connection: null, violation: "sent past uploadBudgetBytes = 0" } },
  metered: { time: iso(T0), site: null, frameOrigin: null, tab: null, type: "metered", details: { metered: true, previous: false, source: "manual", until: iso(T0 + 7_200_000) } },
  "settings-import": { time: iso(T0), site: null, frameOrigin: null, tab: null, type: "settings-import", details: { fromVersion: 1, schemaVersion: 2, sites: 3, warnings: 0 } },
  "log-pruned": { time: iso(T0), site: null, frameOrigin: null, tab: null, type: "log-pruned", details: { through: { seq: 1, hash: "a".repeat(64) }, removed: 1, retentionDays: 90, maxEntries: 100_000 } },
  // Not a valid signature (signed.test.ts makes real ones): the shape, for the export and canonical-form tests.
  "log-signed": {
    time: iso(T0),
    site: null,
    frameOrigin: null,
    tab: null,
    type: "log-signed",
    details: { through: { seq: 1, hash: "a".repeat(64) }, publicKey: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", nextKey: null, signature: "c2lnbmF0dXJl" },
  },
};

/** Every sample but `log-pruned` and `log-signed` (which only retention and the install key write). */
const CYCLE = Object.values(SAMPLE_DRAFTS).filter((d) => d.type !== "log-pruned" && d.type !== "log-signed");

/** `n` drafts cycling through the event types, one second apart from `start`. */
export function sampleDrafts(n: number, start = T0): LogDraft[] {
  return Array.from({ length: n }, (_, i) => ({ ...CYCLE[i % CYCLE.length]!, time: iso(start + i * 1000) }));
}

/** A chain of `n` entries from the genesis. */
export const sampleChain = (n: number, digest: Digest, start = T0): Promise<LogEntry[]> => appendBatch(null, sampleDrafts(n, start), digest);

export { webCryptoSha256 } from "./canonical";
