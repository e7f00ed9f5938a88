import type { LogInput } from "../../core/log";
import type { FramePolicy } from "../../shared/status";
import { ConnectionLog, DORMANT_MS, ROLLUP_MS, withoutCredentials, type LoggedFrame } from "./connection-log";
import { openConnJournal, type ConnJournal, type JournalFrame } from "./conn-journal";

const T0 = Date.parse("2026-01-01T10:00:00.000Z");
const policy = (p: Partial<FramePolicy> & { seeding?: FramePolicy["status"]["seeding"]; reason?: FramePolicy["status"]["reason"] } = {}): FramePolicy => ({
  site: "example.com",
  hideIp: false,
  enforcement: p.enforcement ?? "leased",
  status: { seeding: p.seeding ?? "undecided", uploadBudgetBytes: 0, uploadRateLimitBps: null, metered: false, reason: p.reason ?? "default", resetsAt: null },
  budgetLimit: null,
});

function setup() {
  let now = T0;
  const recorded: LogInput[] = [];
  const log = new ConnectionLog({ record: (e) => void recorded.push(e) }, () => new Date(now));
  const frame: LoggedFrame = { tabId: 3, origin: "https://example.com", site: "example.com", policy: policy() };
  return { log, frame, recorded, advance: (ms: number) => (now += ms), types: () => recorded.map((e) => e.type) };
}

const peer = { type: "conn/peer" as const, id: 1, local: ["host" as const], remote: ["srflx" as const, "host" as const], selected: { address: "192.0.2.7", port: 50000, candidateType: "srflx" as const, protocol: "udp" as const } };

describe("connection log", () => {
  it("logs a connection once it connected, with its ICE servers (no credentials) and the selected remote", () => {
    const { log, frame, recorded } = setup();
    log.onMessage(frame, { type: "conn/open", id: 1, iceServers: ["stun:stun.example.com", "turn:user:secret@turn.example.com:3478?transport=tcp"], relayOnly: false });
    expect(recorded).toEqual([]);
    log.onMessage(frame, peer);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      type: "connection-opened",
      site: "example.com",
      frameOrigin: "https://example.com",
      tab: 3,
      details: {
        iceServers: ["stun:stun.example.com", "turn:turn.example.com:3478?transport=tcp"],
        iceTransportPolicy: "all",
        candidateTypes: { local: ["host"], remote: ["host", "srflx"] },
        remote: peer.selected,
      },
    });
    expect(JSON.stringify(recorded)).not.toContain("secret");
  });

  it("rolls bytes up per connection: one entry for many usage reports, written at close", () => {
    const { log, frame, recorded, advance, types } = setup();
    log.onMessage(frame, { type: "conn/open", id: 1, iceServers: [], relayOnly: false });
    log.onMessage(frame, peer);
    for (let i = 0; i < 100; i++) {
      log.onMessage(frame, { type: "usage", conns: [{ id: 1, up: 1000, down: 10, refused: 0 }], epoch: 1 });
      advance(250);
    }
    log.tick();
    expect(types()).toEqual(["connection-opened"]);
    log.onMessage(frame, { type: "conn/close", id: 1 });
    expect(types()).toEqual(["connection-opened", "bytes", "connection-closed"]);
    expect(recorded[1]!.details).toMatchObject({ up: 100_000, down: 1000, from: new Date(T0).toISOString(), to: new Date(T0 + 25_000).toISOString() });
    expect(recorded[2]!.details).toMatchObject({ reason: "page", durationMs: 25_000 });
  });

  it("writes a rollup at least every ROLLUP_MS while a connection stays busy", () => {
    const { log, frame, advance, types } = setup();
    log.onMessage(frame, { type: "usage", conns: [{ id: 1, up: 5, down: 0, refused: 0 }], epoch: 1 });
    advance(ROLLUP_MS - 1);
    log.tick();
    expect(types()).toEqual([]);
    advance(1);
    log.tick();
    expect(types()).toEqual(["bytes"]);
  });

  it("refused sends: one signal-ignored entry per connection and a rollup with the reason", () => {
    const { log, frame, recorded, types } = setup();
    log.onMessage(frame, { type: "declare", client: "webtorrent" });
    log.onMessage(frame, { type: "usage", conns: [{ id: 1, up: 0, down: 0, refused: 2 }], epoch: 1 });
    log.onMessage(frame, { type: "usage", conns: [{ id: 1, up: 0, down: 0, refused: 3 }], epoch: 1 });
    log.frameGone(frame);
    expect(types()).toEqual(["signal-ignored", "sends-refused"]);
    expect(recorded[0]!.details).toMatchObject({ client: "webtorrent" });
    expect(recorded[1]!.details).toMatchObject({ count: 5, bytes: null, reason: "download-only" });
  });

  it("a close while the site is blocked was enforced; blocked attempts are written at most every 5 s per frame", () => {
    const { log, frame, recorded, advance, types } = setup();
    log.onMessage(frame, peer);
    frame.policy = policy({ enforcement: "block", reason: "user", seeding: "blocked" });
    log.onMessage(frame, { type: "conn/close", id: 1 });
    for (let i = 0; i < 50; i++) log.onMessage(frame, { type: "conn/blocked" });
    advance(5000);
    log.onMessage(frame, { type: "conn/blocked" });
    expect(types()).toEqual(["connection-opened", "connection-closed", "connection-blocked", "connection-blocked"]);
    expect(recorded[1]!.details).toMatchObject({ reason: "enforced" });
    expect(recorded[2]!.details).toEqual({ reason: "user", iceServers: [] });
  });

  it("declarations only name the client: their detection entry is the detector's", () => {
    const { log, frame, types } = setup();
    for (let i = 0; i < 5; i++) log.onMessage(frame, { type: "declare", client: "p2pml", version: "1" });
    expect(types()).toEqual([]);
  });

  it("connection names are unique per frame", () => {
    const { log, recorded } = setup();
    const a: LoggedFrame = { tabId: 1, origin: "https://a.example", site: "a.example", policy: null };
    const b: LoggedFrame = { tabId: 1, origin: "https://a.example", site: "a.example", policy: null };
    log.onMessage(a, peer);
    log.onMessage(b, peer);
    const names = recorded.map((e) => (e.details as { connection: string }).connection);
    expect(new Set(names).size).toBe(2);
  });
});

test("withoutCredentials drops a user part and keeps the rest", () => {
  expect(withoutCredentials("turn:alice:pw@turn.example.com:3478")).toBe("turn:turn.example.com:3478");
  expect(withoutCredentials("stun:stun.example.com")).toBe("stun:stun.example.com");
  expect(withoutCredentials("turns:a@b@host.example?transport=tcp")).toBe("turns:host.example?transport=tcp");
});

describe("connection log across a stopped service worker (journal)", () => {
  /** storage.session as the journal sees it: what the last save left, read by the next life. */
  function memoryJournal(saved: Record<string, JournalFrame> = {}): ConnJournal & { frames: Record<string, JournalFrame> } {
    const frames = structuredClone(saved);
    return {
      saved: structuredClone(saved),
      frames,
      async save(key, frame) {
        if (frame) frames[key] = structuredClone(frame);
        else delete frames[key];
      },
    };
  }
  const life = (journal: ConnJournal, clock: { now: number }) => {
    const recorded: LogInput[] = [];
    const log = new ConnectionLog({ record: (e) => void recorded.push(e) }, () => new Date(clock.now), journal);
    return { log, recorded };
  };
  const frameOf = (documentId: string): LoggedFrame => ({ tabId: 3, origin: "https://example.com", site: "example.com", policy: policy(), port: { sender: { documentId } } }) as LoggedFrame;

  it("writes the previous life's pending rollups at once, and the same document keeps its connection to its close", async () => {
    const clock = { now: T0 };
    const first = memoryJournal();
    const a = life(first, clock);
    const f1 = frameOf("doc-1");
    a.log.onMessage(f1, { type: "conn/open", id: 1, iceServers: [], relayOnly: false });
    a.log.onMessage(f1, peer);
    for (let i = 0; i < 3; i++) {
      clock.now += 250;
      a.log.onMessage(f1, { type: "usage", conns: [{ id: 1, up: 1000, down: 5, refused: i === 2 ? 2 : 0 }], epoch: 1 });
    }
    const name = (a.recorded[0]!.details as { connection: string }).connection;
    expect(a.recorded.map((e) => e.type)).toEqual(["connection-opened", "signal-ignored"]); // bytes still pending
    // The worker stops here: the next life starts from what the journal holds.
    clock.now += 5_000;
    const b = life(memoryJournal(first.frames), clock);
    expect(b.recorded.map((e) => e.type)).toEqual(["bytes", "sends-refused"]);
    expect(b.recorded[0]).toMatchObject({ site: "example.com", tab: 3, time: new Date(T0 + 750).toISOString(), details: { connection: name, up: 3000, down: 15, from: new Date(T0 + 250).toISOString(), to: new Date(T0 + 750).toISOString() } });
    expect(b.recorded[1]!.details).toMatchObject({ connection: name, count: 2, reason: "download-only" });
    // The same document reconnects (a new port, same documentId): more bytes, then its close, under the same name.
    const again = frameOf("doc-1");
    b.log.onMessage(again, { type: "usage", conns: [{ id: 1, up: 500, down: 0, refused: 0 }], epoch: 1 });
    clock.now += 1000;
    b.log.onMessage(again, { type: "conn/close", id: 1 });
    expect(b.recorded.slice(2)).toMatchObject([
      { type: "bytes", details: { connection: name, up: 500 } },
      { type: "connection-closed", details: { connection: name, reason: "page", durationMs: 6750 } },
    ]);
  });

  it("closes connections whose frame did not come back, as of their last usage, once", async () => {
    const clock = { now: T0 };
    const first = memoryJournal();
    const a = life(first, clock);
    const f1 = frameOf("doc-2");
    a.log.onMessage(f1, { type: "conn/open", id: 1, iceServers: [], relayOnly: false });
    a.log.onMessage(f1, peer);
    clock.now += 2000;
    a.log.onMessage(f1, { type: "usage", conns: [{ id: 1, up: 7, down: 0, refused: 0 }], epoch: 1 });
    clock.now += 60_000;
    const jb = memoryJournal(first.frames);
    const b = life(jb, clock);
    b.log.tick();
    expect(b.recorded.map((e) => e.type)).toEqual(["bytes"]);
    clock.now += DORMANT_MS;
    b.log.tick();
    expect(b.recorded[1]).toMatchObject({ type: "connection-closed", time: new Date(T0 + 2000).toISOString(), details: { reason: "unloaded", durationMs: 2000 } });
    // Written once: a further life finds nothing left.
    expect(jb.frames).toEqual({});
    const c = life(memoryJournal(jb.frames), clock);
    c.log.tick();
    expect(c.recorded).toEqual([]);
  });

  it("a frame that went away is dropped from the journal", async () => {
    const clock = { now: T0 };
    const j = memoryJournal();
    const a = life(j, clock);
    const f = frameOf("doc-3");
    a.log.onMessage(f, { type: "conn/open", id: 1, iceServers: [], relayOnly: false });
    expect(Object.keys(j.frames)).toEqual(["doc:doc-3"]);
    a.log.frameGone(f);
    expect(Object.keys(j.frames)).toEqual([]);
  });
});

describe("conn journal in storage", () => {
  it("keeps only well-formed frames from storage, and writes the latest state", async () => {
    const good: JournalFrame = { tabId: 1, origin: "https://a.example", site: "a.example", nonce: "ab", client: null, at: T0, refusalReason: "budget", conns: { 1: { name: "ab-1", openedAt: T0, iceServers: [], relayOnly: false, opened: true, up: 5, down: 0, from: T0, refused: 0, refusedFrom: null, ignoredLogged: false } } };
    let stored: Record<string, unknown> = { "log-conns": { good, bad: { tabId: "x" }, worse: null } };
    const writes: unknown[] = [];
    const area = { get: async () => stored, set: async (items: Record<string, unknown>) => void (writes.push(items), (stored = items)) };
    const j = await openConnJournal(area);
    expect(Object.keys(j.saved)).toEqual(["good"]);
    void j.save("k1", good);
    void j.save("k2", good);
    await j.save("good", null);
    expect(Object.keys(stored["log-conns"] as object).sort()).toEqual(["k1", "k2"]);
    expect(writes.length).toBeLessThanOrEqual(2);
  });
});
