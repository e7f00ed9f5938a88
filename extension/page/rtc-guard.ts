// MAIN world: the WebRTC wrappers. Every byte a data channel sends passes the upload gate and is counted; every
// byte it receives is counted; a blocked site cannot construct a peer connection, so no ICE gathering starts and
// no peer learns the visitor's address. A page's subclass or polyfill of RTCPeerConnection stays enforced because
// the checks sit on the constructor's construct path and on the shared prototype methods.
import type { FramePolicy } from "../shared/status";
import { LEASE_LOW_WATER, type Conn, type GuardEngine } from "./engine";
import { apply, call, construct, create, defineProperty, getOwnPropertyDescriptor, natives, objectKeys, SafeWeakMap } from "./natives";
import { incoming, outgoing } from "./payload";
import { handler, wrapGetter, wrapMethod } from "./wrap";

function blockedError(policy: FramePolicy | null): DOMException {
  const site = policy?.site ?? "this site";
  const why = policy?.status.reason === "policy" ? "by your organisation's policy" : "by your choice in Seedgate";
  return new natives.DOMException(`Seedgate: peer-to-peer connections are blocked on ${site} (${why}).`, "NotAllowedError");
}

function quotaError(policy: FramePolicy | null): DOMException {
  const site = policy?.site ?? "this site";
  const mode = policy?.status.seeding === "allowed" ? "its upload budget is used up" : `it may only download (${policy?.status.seeding ?? "undecided"})`;
  return new natives.DOMException(`Seedgate: upload refused on ${site}: ${mode}.`, "QuotaExceededError");
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

function iceServerUrls(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  let n = 0;
  try {
    const servers = config.iceServers as ArrayLike<{ urls?: unknown }> | undefined;
    const len = servers ? servers.length : 0;
    for (let i = 0; i < len && n < 32; i++) {
      const urls = servers![i]?.urls;
      const list = typeof urls === "string" ? [urls] : (urls as ArrayLike<unknown> | undefined);
      const m = list ? list.length : 0;
      for (let j = 0; j < m && n < 32; j++) {
        const u = list![j];
        if (typeof u === "string" && u.length <= 512) defineProperty(out, n++, { value: u, enumerable: true, writable: true, configurable: true });
      }
    }
  } catch {
    // A hostile config may throw from its getters; the browser will throw the same when it reads it.
  }
  return out;
}

export function installRtcGuard(engine: GuardEngine): void {
  const NativePC = natives.RTCPeerConnection;
  const pcProto = natives.pcProto;
  const dcProto = natives.dcProto;
  if (!NativePC || !pcProto || !dcProto) return;

  const channelConn = new SafeWeakMap<RTCDataChannel, Conn>();
  const pcConn = new SafeWeakMap<RTCPeerConnection, Conn>();
  const adopted = new SafeWeakMap<RTCDataChannel, true>();
  engine.connOf = (channel) => channelConn.get(channel);

  const channelOfEvent = getOwnPropertyDescriptor(RTCDataChannelEvent.prototype, "channel")?.get;

  function adoptChannel(channel: RTCDataChannel, conn: Conn | undefined): void {
    if (adopted.has(channel)) return;
    adopted.set(channel, true);
    if (conn) channelConn.set(channel, conn);
    call(natives.addEventListener as never, channel, "message", (e: MessageEvent) => {
      const n = incoming(call(natives.messageData as never, e));
      if (n > 0) engine.countDown(conn ?? (engine.connOf(channel) as Conn), n);
    });
  }

  function adopt(pc: RTCPeerConnection, config: Record<string, unknown>): void {
    const conn = engine.newConn(pc);
    pcConn.set(pc, conn);
    call(natives.addEventListener as never, pc, "datachannel", (e: RTCDataChannelEvent) => {
      if (channelOfEvent) adoptChannel(call(channelOfEvent as never, e) as RTCDataChannel, conn);
    });
    call(natives.addEventListener as never, pc, "connectionstatechange", () => {
      if (natives.pcConnectionState && call(natives.pcConnectionState as never, pc) === "closed") engine.closed(conn);
    });
    engine.post({ type: "conn/open", id: conn.id, iceServers: iceServerUrls(config), relayOnly: config.iceTransportPolicy === "relay" });
  }

  const PC = new natives.Proxy(
    NativePC,
    handler({
      construct(target: typeof RTCPeerConnection, args: unknown[], newTarget: object) {
        const policy = engine.policy;
        if (policy?.enforcement === "block") throw blockedError(policy);
        const config = sanitize(args[0], policy);
        const rest: unknown[] = [config];
        if (args.length > 1) defineProperty(rest, 1, { value: args[1], enumerable: true, writable: true, configurable: true });
        const pc = construct(target, rest as [RTCConfiguration], newTarget as typeof RTCPeerConnection) as RTCPeerConnection;
        adopt(pc, config);
        return pc;
      },
    }),
  );
  for (const name of ["RTCPeerConnection", "webkitRTCPeerConnection"]) {
    const d = getOwnPropertyDescriptor(window, name);
    if (d && d.value === NativePC) defineProperty(window, name, { ...d, value: PC });
  }
  const ctor = getOwnPropertyDescriptor(pcProto, "constructor");
  if (ctor) defineProperty(pcProto, "constructor", { ...ctor, value: PC });

  wrapMethod(pcProto, "createDataChannel", (orig, self, args) => {
    const channel = apply(orig, self, args) as RTCDataChannel;
    adoptChannel(channel, pcConn.get(self as RTCPeerConnection));
    return channel;
  });

  wrapMethod(pcProto, "setConfiguration", (orig, self, args) => apply(orig, self, [sanitize(args[0], engine.policy)]));

  // ICE gathering starts here: wait until the policy is known, and never start it on a blocked site.
  wrapMethod(pcProto, "setLocalDescription", (orig, self, args) => {
    const run = () => {
      if (engine.policy?.enforcement === "block") throw blockedError(engine.policy);
      return apply(orig, self, args);
    };
    if (engine.policy) return run();
    return new natives.Promise((resolve, reject) => engine.whenPolicy(() => {
      try {
        resolve(run());
      } catch (e) {
        reject(e);
      }
    }));
  });

  wrapMethod(pcProto, "close", (orig, self, args) => {
    const r = apply(orig, self, args);
    const conn = pcConn.get(self as RTCPeerConnection);
    if (conn) engine.closed(conn);
    return r;
  });

  const nativeSend = natives.dcSend!;
  wrapMethod(dcProto, "send", (orig, self, args) => {
    // Not a channel, or not open: the browser throws its own error and sends nothing.
    let state: unknown;
    try {
      state = call(natives.dcReadyState as never, self);
    } catch {
      return apply(orig, self, args);
    }
    if (state !== "open" || args.length === 0) return apply(orig, self, args);
    const channel = self as RTCDataChannel;
    if (!adopted.has(channel)) adoptChannel(channel, undefined);
    const p = outgoing(args[0]);
    const decision = engine.gate.offer(channel, p.data, p.size);
    if (decision === "queue") return undefined;
    if (decision === "refuse") {
      engine.refused(channel);
      throw quotaError(engine.policy);
    }
    try {
      apply(orig, self, [p.data]);
    } catch (e) {
      if (engine.gate.enforcement === "leased") engine.gate.lease += p.size;
      throw e;
    }
    engine.countUp(channel, p.size);
    engine.gate.prefetch(LEASE_LOW_WATER);
    return undefined;
  });

  wrapGetter(dcProto, "bufferedAmount", (orig, self) => {
    const n = apply(orig, self, []) as number;
    return n + engine.gate.queuedFor(self as RTCDataChannel);
  });

  /** What the gate calls for a queued message once covered: false if it could not go out. */
  engine.deliverNative = (channel, data) => {
    try {
      if (call(natives.dcReadyState as never, channel) !== "open") return false;
      apply(nativeSend as never, channel, [data]);
      return true;
    } catch {
      return false;
    }
  };
}
