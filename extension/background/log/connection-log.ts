// Background: turns what frames report (connections, their selected candidate pair, usage deltas, refusals,
// blocked attempts, declarations) into audit-log events. Rollups, never one entry per send: a connection's bytes
// and refused sends are summed and written when it closes, when its frame goes, and at least every ROLLUP_MS
// while it is active. A connection is logged as opened once it connected (the guard's getStats snapshot names the
// remote address that learned the visitor's IP), so a page creating thousands of idle connections does not flood
// the log; blocked attempts are written at most once per frame per BLOCKED_EVERY_MS. With a journal
// (conn-journal.ts), what is pending survives a stopped service worker: the next life writes the rollups at once,
// and a frame that reconnects (same document) keeps its connections, so their closes are logged too.
import type { GuardMessage, PeerCandidateType } from "../../shared/messages";
import type { FramePolicy } from "../../shared/status";
import type { LogDetailsByType, LogInput } from "../../core/log";
import type { Audit } from "../audit";
import type { ConnJournal, JournalConn, JournalFrame } from "./conn-journal";
import { unreachable } from "../../core/type-checks";

/** What the log needs to know of a frame (the hub's Frame has these fields). */
export interface LoggedFrame {
  tabId: number;
  origin: string;
  site: string | null;
  policy: FramePolicy | null;
}

export const ROLLUP_MS = 30_000;
export const BLOCKED_EVERY_MS = 5_000;
/**
 * How long after a restart a frame of the previous life may reconnect and take its connections back (its bridge
 * reconnects at once when the worker stops); after that they are closed as unloaded, as of their last usage.
 */
export const DORMANT_MS = 15_000;
/**
 * Connections tracked per frame. A frame with more live at once (only a hostile page) still gets its further
 * connections' opened entries, but their bytes, refusals and closes are not tracked: the log stays bounded.
 */
const MAX_CONNS = 512;

/** A connection: its `opened` flag says a connection-opened entry was written (it connected); `from` is the
 * start of the bytes not yet rolled up (null when there are none). */
type ConnRecord = JournalConn;

interface FrameState {
  /** The frame's document across worker restarts (the journal's key). */
  key: string;
  /** When usage last changed. */
  at: number;
  nonce: string;
  conns: Map<number, ConnRecord>;
  client: string | null;
  lastBlocked: number;
}

type Reason = LogDetailsByType["sends-refused"]["reason"];

export class ConnectionLog {
  private readonly frames = new Map<LoggedFrame, FrameState>();
  /** Frames of the previous life, by key, until they reconnect or DORMANT_MS passed. */
  private readonly dormant = new Map<string, JournalFrame>();
  private readonly restoredAt: number;

  constructor(
    private readonly audit: Audit,
    private readonly now: () => Date = () => new Date(),
    private readonly journal: ConnJournal | null = null,
  ) {
    this.restoredAt = now().getTime();
    if (journal) this.restore(journal);
  }

  /** A new life: the rollups the previous one had not written are written now; the connections wait for their frame. */
  private restore(journal: ConnJournal): void {
    for (const [key, saved] of Object.entries(journal.saved)) {
      const frame = dormantFrame(saved);
      for (const c of Object.values(saved.conns)) this.rollup(frame, c, saved.at, saved.refusalReason as Reason);
      const live = Object.values(saved.conns).some((c) => c.opened);
      if (live) this.dormant.set(key, saved);
      void journal.save(key, live ? saved : null);
    }
  }

  private stateOf(frame: LoggedFrame): FrameState {
    let s = this.frames.get(frame);
    if (!s) {
      const key = frameKey(frame);
      const saved = this.dormant.get(key);
      this.dormant.delete(key);
      // Connection ids are per frame; the nonce makes them unique in the log across frames (and is kept across
      // restarts when the same document reconnects, so its connections keep their names).
      s = saved
        ? { key, at: saved.at, nonce: saved.nonce, conns: new Map(Object.entries(saved.conns).map(([id, c]) => [Number(id), c])), client: saved.client, lastBlocked: -Infinity }
        : { key, at: this.now().getTime(), nonce: randomNonce(), conns: new Map(), client: null, lastBlocked: -Infinity };
      this.frames.set(frame, s);
    }
    return s;
  }

  /** The frame's state into the journal (right after the message or rollup that changed it). */
  private persist(frame: LoggedFrame, s: FrameState): void {
    if (!this.journal) return;
    if (s.conns.size === 0) return void this.journal.save(s.key, null);
    const conns: Record<string, JournalConn> = {};
    for (const [id, c] of s.conns) conns[id] = { ...c };
    void this.journal.save(s.key, {
      tabId: frame.tabId,
      origin: frame.origin,
      site: frame.site,
      nonce: s.nonce,
      client: s.client,
      at: s.at,
      refusalReason: refusalReason(frame.policy),
      conns,
    });
  }

  private record(frame: LoggedFrame, input: { type: LogInput["type"]; details: unknown }, at?: number): void {
    this.audit.record({
      site: frame.site,
      frameOrigin: frame.origin || null,
      tab: frame.tabId,
      time: new Date(at ?? this.now().getTime()).toISOString(),
      ...input,
    } as LogInput);
  }

  private conn(frame: LoggedFrame, id: number): ConnRecord {
    const s = this.stateOf(frame);
    let c = s.conns.get(id);
    if (!c) {
      c = {
        name: `${s.nonce}-${id === 0 ? "other" : id}`,
        openedAt: this.now().getTime(),
        iceServers: [],
        relayOnly: false,
        opened: false,
        up: 0,
        down: 0,
        from: null,
        refused: 0,
        refusedFrom: null,
        ignoredLogged: false,
      };
      if (s.conns.size < MAX_CONNS) s.conns.set(id, c);
    }
    return c;
  }

  /** A guard message about connections (the hub hands every one here after its own work). */
  onMessage(frame: LoggedFrame, msg: GuardMessage, overdraft = 0): void {
    this.handle(frame, msg, overdraft);
    const s = this.frames.get(frame);
    if (s && (msg.type === "conn/open" || msg.type === "conn/peer" || msg.type === "conn/close" || msg.type === "usage" || msg.type === "declare")) this.persist(frame, s);
  }

  private handle(frame: LoggedFrame, msg: GuardMessage, overdraft: number): void {
    switch (msg.type) {
      case "conn/open": {
        const c = this.conn(frame, msg.id);
        c.iceServers = msg.iceServers.map(withoutCredentials);
        c.relayOnly = msg.relayOnly;
        return;
      }
      case "conn/peer": {
        const c = this.conn(frame, msg.id);
        c.opened = true;
        this.record(frame, {
          type: "connection-opened",
          details: {
            connection: c.name,
            iceServers: c.iceServers,
            iceTransportPolicy: c.relayOnly ? "relay" : "all",
            candidateTypes: { local: sorted(msg.local), remote: sorted(msg.remote) },
            remote: msg.selected,
          } satisfies LogDetailsByType["connection-opened"],
        });
        return;
      }
      case "conn/close":
        return this.close(frame, msg.id, frame.policy?.enforcement === "block" ? "enforced" : "page");
      case "conn/blocked": {
        const s = this.stateOf(frame);
        const t = this.now().getTime();
        if (t - s.lastBlocked < BLOCKED_EVERY_MS) return;
        s.lastBlocked = t;
        const reason = frame.policy?.status.reason;
        this.record(frame, {
          type: "connection-blocked",
          details: { reason: reason === "policy" || reason === "private" || reason === "default" ? reason : "user", iceServers: [] } satisfies LogDetailsByType["connection-blocked"],
        });
        return;
      }
      case "declare":
        // The client's name goes into "signal-ignored" entries; the detection entry is the detector's.
        this.stateOf(frame).client = msg.client;
        return;
      case "usage": {
        const t = this.now().getTime();
        this.stateOf(frame).at = t;
        for (const u of msg.conns) {
          const c = this.conn(frame, u.id);
          if (u.up > 0 || u.down > 0) {
            c.up += u.up;
            c.down += u.down;
            c.from ??= t;
          }
          if (u.refused > 0) {
            c.refused += u.refused;
            c.refusedFrom ??= t;
            if (!c.ignoredLogged) {
              c.ignoredLogged = true;
              this.record(frame, {
                type: "signal-ignored",
                details: {
                  client: this.stateOf(frame).client,
                  connection: c.name,
                  violation: `sent more than uploadBudgetBytes allowed (${frame.policy?.status.seeding ?? "unknown"} on ${frame.site ?? "this site"}); the send was refused`,
                } satisfies LogDetailsByType["signal-ignored"],
              });
            }
          }
        }
        if (overdraft > 0) {
          this.record(frame, {
            type: "signal-ignored",
            details: { client: this.stateOf(frame).client, connection: null, violation: `uploaded ${overdraft} bytes beyond the allowance it was leased` },
          });
        }
        return;
      }
      // Leases are the desk's; detection is the detector's.
      case "lease/request":
      case "lease/return":
      case "lease/settle":
      case "detect":
        return;
      default:
        return unreachable(msg, "guard message");
    }
  }

  /** Writes rollups that have been accumulating for ROLLUP_MS (called on the hub's timer). */
  tick(): void {
    const t = this.now().getTime();
    for (const [frame, s] of this.frames) {
      let rolled = false;
      for (const c of s.conns.values()) {
        if ((c.from !== null && t - c.from >= ROLLUP_MS) || (c.refusedFrom !== null && t - c.refusedFrom >= ROLLUP_MS)) {
          this.rollup(frame, c, t);
          rolled = true;
        }
      }
      if (rolled) this.persist(frame, s);
    }
    if (this.dormant.size && t - this.restoredAt >= DORMANT_MS) {
      // Their frames did not come back (navigated or closed while the worker was stopped): closed as of their last usage.
      for (const [key, saved] of this.dormant) {
        const frame = dormantFrame(saved);
        for (const c of Object.values(saved.conns)) {
          if (c.opened) this.record(frame, { type: "connection-closed", details: { connection: c.name, reason: "unloaded", durationMs: Math.max(0, saved.at - c.openedAt) } satisfies LogDetailsByType["connection-closed"] }, saved.at);
        }
        void this.journal?.save(key, null);
      }
      this.dormant.clear();
    }
  }

  /** The frame went away (navigation, closed tab, worker restart on the other side): close out its connections. */
  frameGone(frame: LoggedFrame): void {
    const s = this.frames.get(frame);
    if (!s) return;
    for (const id of [...s.conns.keys()]) this.close(frame, id, "unloaded");
    this.frames.delete(frame);
    void this.journal?.save(s.key, null);
  }

  private close(frame: LoggedFrame, id: number, reason: LogDetailsByType["connection-closed"]["reason"]): void {
    const s = this.frames.get(frame);
    const c = s?.conns.get(id);
    if (!s || !c) return;
    const t = this.now().getTime();
    this.rollup(frame, c, t);
    s.conns.delete(id);
    if (c.opened) this.record(frame, { type: "connection-closed", details: { connection: c.name, reason, durationMs: Math.max(0, t - c.openedAt) } satisfies LogDetailsByType["connection-closed"] }, t);
  }

  private rollup(frame: LoggedFrame, c: ConnRecord, t: number, reason: Reason = refusalReason(frame.policy)): void {
    if (c.from !== null) {
      this.record(frame, { type: "bytes", details: { connection: c.name, up: c.up, down: c.down, from: iso(c.from), to: iso(Math.max(t, c.from)) } satisfies LogDetailsByType["bytes"] }, t);
      c.up = 0;
      c.down = 0;
      c.from = null;
    }
    if (c.refusedFrom !== null) {
      this.record(frame, {
        type: "sends-refused",
        details: { connection: c.name, count: c.refused, bytes: null, reason, from: iso(c.refusedFrom), to: iso(Math.max(t, c.refusedFrom)) } satisfies LogDetailsByType["sends-refused"],
      }, t);
      c.refused = 0;
      c.refusedFrom = null;
    }
  }
}

function refusalReason(p: FramePolicy | null): Reason {
  if (!p) return "download-only";
  if (p.enforcement === "block") return "block";
  if (p.status.reason === "metered") return "metered";
  if (p.status.seeding === "allowed") return "budget";
  return "download-only";
}

const iso = (t: number) => new Date(t).toISOString();

/** A frame of the previous life, for the entries written on its behalf. */
const dormantFrame = (saved: JournalFrame): LoggedFrame => ({ tabId: saved.tabId, origin: saved.origin, site: saved.site, policy: null });

/**
 * The frame's document, stable across worker restarts: Chrome's documentId of the frame's port; elsewhere
 * (Firefox has none) its tab, frame and origin.
 */
function frameKey(frame: LoggedFrame): string {
  const f = frame as LoggedFrame & { frameId?: number; port?: { sender?: { documentId?: unknown } } };
  const doc = f.port?.sender?.documentId;
  return typeof doc === "string" ? `doc:${doc}` : `frame:${frame.tabId}/${f.frameId ?? 0}/${frame.origin}`;
}
const ORDER: readonly PeerCandidateType[] = ["host", "srflx", "prflx", "relay"];
const sorted = (types: readonly PeerCandidateType[]) => ORDER.filter((t) => types.includes(t));

/**
 * An ICE server URL without a user part (`turn:user:secret@host`): credentials belong in the configuration's
 * `username`/`credential`, which the guard never reads, but a page may put them in the URL too.
 */
export function withoutCredentials(url: string): string {
  const at = url.lastIndexOf("@");
  if (at < 0) return url;
  const colon = url.indexOf(":");
  return colon >= 0 && colon < at ? url.slice(0, colon + 1) + url.slice(at + 1) : url.slice(at + 1);
}

function randomNonce(): string {
  const b = new Uint8Array(4);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
