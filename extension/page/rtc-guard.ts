// MAIN world: the WebRTC wrappers of one realm. Every byte a data channel sends passes the engine's upload gate
// and is counted; every byte it receives is counted; on a blocked site constructing a peer connection throws, so
// no ICE gathering starts and no peer learns the visitor's address. A page's subclass or polyfill of
// RTCPeerConnection stays enforced: the checks sit on the constructor's construct path and on the prototype
// methods every instance shares.
import type { FramePolicy } from "../shared/status";
import type { Conn, GuardEngine } from "./engine";
import { apply, call, construct, create, dataDesc, defineData, defineProperty, descWith, getOwnPropertyDescriptor, home, intrinsics, isTrusted, objectKeys, safeList, type Native, type RealmNatives } from "./natives";
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

const ITERATOR: symbol = Symbol.iterator;
/** More ICE servers or certificates than any configuration has; the rest are not passed on. */
const MAX_LIST = 32;

/**
 * The items of a page's sequence, read once through its own iterator (page code may run; we keep what it gave).
 * Not a sequence: the TypeError the browser would throw.
 */
function readSequence(v: unknown, max: number): unknown[] {
  const iterFn = v !== null && typeof v === "object" ? (v as Record<symbol, unknown>)[ITERATOR] : undefined;
  if (typeof iterFn !== "function") throw new intrinsics.TypeError("Failed to read the RTCConfiguration: a member is not a sequence");
  const it = call(iterFn as Native, v) as Record<string, unknown>; // checked to be a function just above
  const next = it.next as Native; // the page's: a non-function throws in apply, as in the browser's own read
  const out = create(null) as unknown[];
  let n = 0;
  for (;;) {
    const r = call(next, it) as Record<string, unknown>;
    if (r.done) break;
    if (n < max) out[n++] = r.value;
  }
  defineProperty(out, "length", dataDesc(n));
  return out;
}

/** One RTCIceServer as the browser will get it: own strings only, no prototype. */
function iceServerCopy(server: unknown): Record<string, unknown> | null {
  if (server === null || typeof server !== "object") throw new intrinsics.TypeError("Failed to read the RTCConfiguration: an ICE server is not an object");
  const s = server as Record<string, unknown>;
  const copy = create(null) as Record<string, unknown>;
  const urls = s.urls;
  if (typeof urls === "string") copy.urls = urls;
  else {
    const list = readSequence(urls, MAX_LIST);
    const strings = create(null) as unknown[];
    let m = 0;
    for (let j = 0; j < list.length; j++) if (typeof list[j] === "string") strings[m++] = list[j];
    copy.urls = safeList(strings, m);
  }
  const username = s.username;
  if (username !== undefined) copy.username = intrinsics.String(username);
  const credential = s.credential;
  if (credential !== undefined) copy.credential = intrinsics.String(credential);
  return copy;
}

/**
 * Our own copy of a page's RTCConfiguration: every member read once, and what the browser gets is that copy — no
 * prototype, lists the guard built (natives.safeList) — so a getter, iterator or prototype of the page cannot show
 * the log one ICE server and the browser another, or undo what the guard set (relay only, no candidate pool).
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
  if (copy.iceServers !== undefined) {
    const servers = readSequence(copy.iceServers, MAX_LIST);
    const list = create(null) as unknown[];
    let n = 0;
    for (let i = 0; i < servers.length; i++) {
      const one = iceServerCopy(servers[i]);
      if (one) list[n++] = one;
    }
    copy.iceServers = safeList(list, n);
  }
  if (copy.certificates !== undefined) {
    const certs = readSequence(copy.certificates, MAX_LIST);
    copy.certificates = safeList(certs, certs.length);
  }
  // Until the policy is known, nothing may gather candidates ahead of time.
  if (!policy || policy.enforcement === "block") copy.iceCandidatePoolSize = 0;
  if (policy?.hideIp) copy.iceTransportPolicy = "relay";
  return copy;
}

/** The ICE server URLs of a sanitized configuration (what the browser was given), for the log. */
function iceServerUrls(config: Record<string, unknown>): string[] {
  const out = create(null) as string[];
  let n = 0;
  const servers = config.iceServers as Record<PropertyKey, unknown> | undefined;
  const len = servers ? (servers.length as number) : 0;
  for (let i = 0; i < len && n < 32; i++) {
    const urls = (servers![i] as Record<string, unknown>).urls as unknown;
    if (typeof urls === "string") {
      if (urls.length <= 512) out[n++] = urls;
      continue;
    }
    const list = urls as Record<PropertyKey, unknown>;
    const m = list.length as number;
    for (let j = 0; j < m && n < 32; j++) {
      const u = list[j];
      if (typeof u === "string" && u.length <= 512) out[n++] = u;
    }
  }
  // An array for the message (structured clone keeps arrays as arrays), filled with own data properties only.
  const arr: string[] = [];
  for (let i = 0; i < n; i++) defineData(arr, i, out[i]);
  return arr;
}

/** Counting for a channel of any realm: received bytes through a listener attached before the page sees it. */
function watchChannel(engine: GuardEngine, channel: RTCDataChannel, conn: Conn | undefined): void {
  if (!engine.watchChannel(channel, conn)) return;
  // Detection reads the channel's label and its first message each way (page/detect-observer.ts).
  const rec = conn ? engine.observer.channel(conn.detect, channel) : null;
  // Only what the browser delivered counts (isTrusted): a message event the page dispatches itself on a channel
  // raises no allowance and feeds no detection. The listener is the guard's own, attached before the page can hold
  // the channel, and never handed out.
  call(home.addEventListener, channel, "message", (e: Event) => {
    if (!isTrusted(e)) return;
    const data = call(home.messageData!, e); // present wherever RTCDataChannel is
    if (rec !== null && !rec.in) engine.observer.firstIn(rec, data);
    const n = incoming(data);
    const c = engine.connOf(channel);
    if (n > 0 && c) engine.countDown(c, n);
  });
  call(home.addEventListener, channel, "bufferedamountlow", (e: Event) => {
    if (isTrusted(e)) engine.browserLowWater(channel);
  });
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

  function watchConnection(pc: RTCPeerConnection, config: Record<string, unknown>): void {
    const conn = engine.newConn(pc);
    // Remote audio or video: a call. Globals are probed again now, before any peer is connected.
    // Only a track the browser delivered (isTrusted): a page-made event is no proof of a call.
    call(home.addEventListener, pc, "track", (e: Event) => {
      if (isTrusted(e)) engine.observer.media(conn.detect);
    });
    engine.observer.soon();
    call(home.addEventListener, pc, "datachannel", (e: Event) => {
      if (home.channelOfEvent && isTrusted(e)) watchChannel(engine, call(home.channelOfEvent, e), conn);
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
        if (args.length > 1) defineData(rest, 1, args[1]);
        const pc = construct(target, rest as [RTCConfiguration], newTarget as typeof RTCPeerConnection) as RTCPeerConnection;
        watchConnection(pc, config);
        engine.activate();
        return pc;
      },
    }),
  );
  const names = ["RTCPeerConnection", "webkitRTCPeerConnection"];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const d = getOwnPropertyDescriptor(win, name);
    if (d && d.value === NativePC) defineProperty(win, name, descWith(d, dataDesc(PC, d.enumerable, d.writable, d.configurable)));
  }
  const ctor = getOwnPropertyDescriptor(pcProto, "constructor");
  if (ctor) defineProperty(pcProto, "constructor", descWith(ctor, dataDesc(PC, ctor.enumerable, ctor.writable, ctor.configurable)));

  wrapMethod(pcProto, "createDataChannel", (orig, self, args) => {
    const channel = apply(orig, self, args) as RTCDataChannel;
    watchChannel(engine, channel, engine.connOfPc(self as RTCPeerConnection));
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
    const conn = engine.connOfPc(self as RTCPeerConnection);
    if (conn) engine.closed(conn);
    return r;
  });

  wrapMethod(dcProto, "send", (orig, self, args) => {
    // Unlimited site: measure, send, count what the browser accepted (it throws, and sends nothing, for a closed
    // channel or a non-channel). The hot path of an allowed seeder: no state read, no gate.
    if (engine.enforcement === "open" && args.length > 0) {
      const p = outgoing(args[0]);
      apply(orig, self, [p.data]);
      const channel = self as RTCDataChannel;
      if (!engine.isWatched(channel)) watchChannel(engine, channel, undefined);
      engine.countUp(channel, p.size, p.data);
      return undefined;
    }
    // Not a channel, or not open: the browser throws its own error and sends nothing.
    let state: unknown;
    try {
      state = call(home.dcReadyState!, self); // undefined: throws, as a non-channel does
    } catch {
      return apply(orig, self, args);
    }
    if (state !== "open" || args.length === 0) return apply(orig, self, args);
    const channel = self as RTCDataChannel;
    if (!engine.isWatched(channel)) watchChannel(engine, channel, undefined);
    const p = outgoing(args[0]);
    const decision = engine.offer(channel, p.data, p.size);
    if (decision === "queue") return undefined;
    if (decision === "refuse") {
      engine.refused(channel);
      throw new realm.DOMException(describeQuota(engine.policy), "QuotaExceededError");
    }
    try {
      apply(orig, self, [p.data]);
    } catch (e) {
      engine.sendFailed(p.size);
      throw e;
    }
    engine.countUp(channel, p.size, p.data);
    engine.keepLeaseAhead();
    return undefined;
  });

  wrapGetter(dcProto, "bufferedAmount", (orig, self) => {
    const n = apply(orig, self, []) as number;
    return n + engine.queuedFor(self as RTCDataChannel);
  });
}
