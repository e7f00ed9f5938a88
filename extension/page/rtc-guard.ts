// MAIN world: the WebRTC wrappers of one realm. Every byte a data channel sends passes the engine's upload gate
// and is counted; every byte it receives is counted; on a blocked site constructing a peer connection throws, so
// no ICE gathering starts and no peer learns the visitor's address. A page's subclass or polyfill of
// RTCPeerConnection stays enforced: the checks sit on the constructor's construct path and on the prototype
// methods every instance shares.
import type { FramePolicy } from "../shared/status";
import { LEASE_LOW_WATER, type Conn, type GuardEngine } from "./engine";
import { apply, call, construct, create, defineProperty, getOwnPropertyDescriptor, home, intrinsics, objectKeys, type RealmNatives } from "./natives";
import { incoming, outgoing } from "./payload";
import { watchPeer } from "./peer-stats";
import { handler, wrapGetter, wrapMethod } from "./wrap";

function describeBlock(policy: FramePolicy | null): string {
  const site = policy?.site || "this site";
  const why = policy?.status.reason === "policy" ? "by your organisation's policy" : "by your choice in Seedgate";
  return `Seedgate: peer-to-peer connections are blocked on ${site} (${why}).`;
}

function describeQuota(policy: FramePolicy | null): string {
  const site = policy?.site || "this site";
  const mode = policy?.status.seeding === "allowed" ? "its upload budget is used up" : `it may only download (${policy?.status.seeding ?? "undecided"})`;
  return `Seedgate: upload refused on ${site}: ${mode}.`;
}

/**
 * Our own copy of a page's RTCConfiguration: read once, so what the browser gets is what we decided.
 * A null-prototype object: no Object.prototype setter or getter of the page is involved.
 */
function sanitize(config: unknown, policy: FramePolicy | null): Record<string, unknown> {
  const copy = create(null) as Record<string, unknown>;
  if (config !== null && typeof config === "object") {
    const keys = objectKeys(config);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      copy[k] = (config as Record<string, unknown>)[k];
    }
  }
  // Until the policy is known, nothing may gather candidates ahead of time.
  if (!policy || policy.enforcement === "block") copy.iceCandidatePoolSize = 0;
  if (policy?.hideIp) copy.iceTransportPolicy = "relay";
  return copy;
}

function push(out: string[], n: number, v: string): void {
  defineProperty(out, n, { value: v, enumerable: true, writable: true, configurable: true });
}

function iceServerUrls(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  let n = 0;
  try {
    const servers = config.iceServers as ArrayLike<{ urls?: unknown }> | undefined;
    const len = servers ? servers.length : 0;
    for (let i = 0; i < len && n < 32; i++) {
      const urls = servers![i]?.urls;
      if (typeof urls === "string") {
        if (urls.length <= 512) push(out, n++, urls);
        continue;
      }
      const list = urls as ArrayLike<unknown> | undefined;
      const m = list ? list.length : 0;
      for (let j = 0; j < m && n < 32; j++) {
        const u = list![j];
        if (typeof u === "string" && u.length <= 512) push(out, n++, u);
      }
    }
  } catch {
    // A hostile config may throw from its getters; the browser will throw the same when it reads it.
  }
  return out;
}

/** Counting for a channel of any realm: received bytes through a listener attached before the page sees it. */
function adoptChannel(engine: GuardEngine, channel: RTCDataChannel, conn: Conn | undefined): void {
  if (engine.adopted.has(channel)) return;
  engine.adopted.set(channel, true);
  if (conn) engine.channelConn.set(channel, conn);
  // Detection reads the channel's label and its first message each way (page/detect-observer.ts).
  const rec = conn ? engine.detector.channel(conn.detect, channel) : null;
  call(home.addEventListener as never, channel, "message", (e: MessageEvent) => {
    const data = call(home.messageData as never, e);
    if (rec !== null && !rec.in) engine.detector.firstIn(rec, data);
    const n = incoming(data);
    const c = engine.connOf(channel);
    if (n > 0 && c) engine.countDown(c, n);
  });
  call(home.addEventListener as never, channel, "bufferedamountlow", () => engine.lowWater.browserFired(channel));
}

export function installRtcGuard(realm: RealmNatives, engine: GuardEngine): void {
  const NativePC = realm.RTCPeerConnection;
  const { pcProto, dcProto, win } = realm;
  if (!NativePC || !pcProto || !dcProto) return;
  /** A blocked site tried to connect: tell the background (badge, log), and hand the page the error to throw. */
  function refuseBlocked(): DOMException {
    engine.post({ type: "conn/blocked" });
    return new realm.DOMException(describeBlock(engine.policy), "NotAllowedError");
  }

  function adopt(pc: RTCPeerConnection, config: Record<string, unknown>): void {
    const conn = engine.newConn(pc);
    engine.pcConn.set(pc, conn);
    // Remote audio or video: a call. Globals are probed again now, before any peer is connected.
    call(home.addEventListener as never, pc, "track", () => engine.detector.media(conn.detect));
    engine.detector.soon();
    call(home.addEventListener as never, pc, "datachannel", (e: RTCDataChannelEvent) => {
      if (home.channelOfEvent) adoptChannel(engine, call(home.channelOfEvent as never, e) as RTCDataChannel, conn);
    });
    engine.post({ type: "conn/open", id: conn.id, iceServers: iceServerUrls(config), relayOnly: config.iceTransportPolicy === "relay" });
    watchPeer(pc, realm, (s) => engine.post({ type: "conn/peer", id: conn.id, ...s }));
  }

  const PC = new intrinsics.Proxy(
    NativePC,
    handler({
      construct(target: typeof RTCPeerConnection, args: unknown[], newTarget: object) {
        const policy = engine.policy;
        if (policy?.enforcement === "block") throw refuseBlocked();
        const config = sanitize(args[0], policy);
        const rest: unknown[] = [config];
        if (args.length > 1) defineProperty(rest, 1, { value: args[1], enumerable: true, writable: true, configurable: true });
        const pc = construct(target, rest as [RTCConfiguration], newTarget as typeof RTCPeerConnection) as RTCPeerConnection;
        adopt(pc, config);
        return pc;
      },
    }),
  );
  const names = ["RTCPeerConnection", "webkitRTCPeerConnection"];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const d = getOwnPropertyDescriptor(win, name);
    if (d && d.value === NativePC) defineProperty(win, name, { ...d, value: PC });
  }
  const ctor = getOwnPropertyDescriptor(pcProto, "constructor");
  if (ctor) defineProperty(pcProto, "constructor", { ...ctor, value: PC });

  wrapMethod(pcProto, "createDataChannel", (orig, self, args) => {
    const channel = apply(orig, self, args) as RTCDataChannel;
    adoptChannel(engine, channel, engine.pcConn.get(self as RTCPeerConnection));
    return channel;
  });

  wrapMethod(pcProto, "setConfiguration", (orig, self, args) => apply(orig, self, [sanitize(args[0], engine.policy)]));

  // ICE gathering starts here: wait until the policy is known, and never start it on a blocked site.
  wrapMethod(pcProto, "setLocalDescription", (orig, self, args) => {
    const run = () => {
      if (engine.policy?.enforcement === "block") throw refuseBlocked();
      return apply(orig, self, args);
    };
    if (engine.policy) return run();
    return new realm.Promise((resolve, reject) =>
      engine.whenPolicy(() => {
        try {
          resolve(run());
        } catch (e) {
          reject(e);
        }
      }),
    );
  });

  wrapMethod(pcProto, "close", (orig, self, args) => {
    const r = apply(orig, self, args);
    const conn = engine.pcConn.get(self as RTCPeerConnection);
    if (conn) engine.closed(conn);
    return r;
  });

  wrapMethod(dcProto, "send", (orig, self, args) => {
    // Unlimited site: measure, send, count what the browser accepted (it throws, and sends nothing, for a closed
    // channel or a non-channel). The hot path of an allowed seeder: no state read, no gate.
    if (engine.gate.enforcement === "open" && args.length > 0) {
      const p = outgoing(args[0]);
      apply(orig, self, [p.data]);
      const channel = self as RTCDataChannel;
      if (!engine.adopted.has(channel)) adoptChannel(engine, channel, undefined);
      engine.countUp(channel, p.size, p.data);
      return undefined;
    }
    // Not a channel, or not open: the browser throws its own error and sends nothing.
    let state: unknown;
    try {
      state = call(home.dcReadyState as never, self);
    } catch {
      return apply(orig, self, args);
    }
    if (state !== "open" || args.length === 0) return apply(orig, self, args);
    const channel = self as RTCDataChannel;
    if (!engine.adopted.has(channel)) adoptChannel(engine, channel, undefined);
    const p = outgoing(args[0]);
    const decision = engine.gate.offer(channel, p.data, p.size);
    if (decision === "queue") return undefined;
    if (decision === "refuse") {
      engine.refused(channel);
      throw new realm.DOMException(describeQuota(engine.policy), "QuotaExceededError");
    }
    try {
      apply(orig, self, [p.data]);
    } catch (e) {
      if (engine.gate.enforcement === "leased") engine.gate.lease += p.size;
      throw e;
    }
    engine.countUp(channel, p.size, p.data);
    engine.gate.prefetch(LEASE_LOW_WATER);
    return undefined;
  });

  wrapGetter(dcProto, "bufferedAmount", (orig, self) => {
    const n = apply(orig, self, []) as number;
    return n + engine.gate.queuedFor(self as RTCDataChannel);
  });
}
