// MAIN world: who learned the visitor's address. When a guarded peer connection becomes "connected", read its
// getStats() with natives captured before the page ran and report the candidate types gathered on each side and
// the remote end of the selected candidate pair (address, port, type, protocol) to the background, for the audit
// log. Best effort and read-only: nothing here changes what the connection does. The page can run code in this
// world and could feed a lie through a poisoned Promise; the background validates the shape of what arrives.
import type { PeerCandidate, PeerCandidateType } from "../shared/messages";
import { apply, call, create, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, getterOf, home, intrinsics, methodOf, type Native, type RealmNatives } from "./natives";

// Captured at guard evaluation (document_start): the browser's own, whatever the page replaces later. getStats and
// the description getters of this realm work on connections of its same-origin child realms too (the report, the
// promise and the description are made in the connection's realm). Iterating a report is not: RTCStatsReport's
// forEach must be the report's own realm's (see forEachOf and docs/cross-realm-natives.md).
const pcProto = (window as unknown as { RTCPeerConnection?: typeof RTCPeerConnection }).RTCPeerConnection?.prototype;
const getStats = methodOf(pcProto, "getStats");
const promiseThen = intrinsics.Promise.prototype.then;
const remoteDescription = getterOf(pcProto, "remoteDescription");
const sdpOf = getterOf((window as unknown as { RTCSessionDescription?: { prototype: object } }).RTCSessionDescription?.prototype, "sdp");
const strIndexOf = String.prototype.indexOf;
const strSlice = String.prototype.slice;
const TYPES: readonly PeerCandidateType[] = ["host", "srflx", "prflx", "relay"];
const MAX_ADDRESS = 255;
const RETRY_MS = 1000;

/** An own data property of a stats dictionary (never a getter the page put on Object.prototype). */
function own(o: unknown, key: string): unknown {
  if (o === null || typeof o !== "object") return undefined;
  const d = getOwnPropertyDescriptor(o, key);
  return d && "value" in d ? d.value : undefined;
}

function candidateType(v: unknown): PeerCandidateType | null {
  for (let i = 0; i < TYPES.length; i++) if (TYPES[i] === v) return TYPES[i]!;
  return null;
}

function addType(list: PeerCandidateType[], t: PeerCandidateType | null): void {
  if (t === null) return;
  for (let i = 0; i < list.length; i++) if (list[i] === t) return;
  // Not `list[n] = t`: a page setter on Array.prototype[n] must not see it.
  defineProperty(list, list.length, { value: t, enumerable: true, writable: true, configurable: true });
}

export interface PeerSnapshot {
  local: PeerCandidateType[];
  remote: PeerCandidateType[];
  selected: PeerCandidate | null;
}

/**
 * The address the remote description (which holds trickled candidates too) gives for the candidate with this
 * foundation, port and protocol: Chromium leaves `address` empty in getStats, so this is where the address the
 * peer announced (an IP, or an mDNS name for a hidden host address) is found. Parsed with captured natives.
 */
export function addressInSdp(sdp: string, foundation: string | null, port: number, protocol: string): string | null {
  const idx = (str: string, sub: string, from: number) => call(strIndexOf, str, sub, from) as number;
  const cut = (str: string, a: number, b: number) => call(strSlice, str, a, b) as string;
  for (let at = idx(sdp, "a=candidate:", 0); at >= 0; at = idx(sdp, "a=candidate:", at + 1)) {
    let end = idx(sdp, "\n", at);
    if (end < 0) end = sdp.length;
    // candidate:<foundation> <component> <protocol> <priority> <address> <port> typ <type> ...
    const fields: string[] = [];
    for (let i = at + 12, start = i; i <= end && fields.length < 6; i++) {
      const c = i < end ? sdp[i] : " ";
      if (c === " " || c === "\r") {
        if (i > start) defineProperty(fields, fields.length, { value: cut(sdp, start, i), enumerable: true, writable: true, configurable: true });
        start = i + 1;
      }
    }
    // A peer-reflexive pair (the peer's check came before its candidate) has a foundation of its own: match by port.
    if (fields.length === 6 && (foundation === null || fields[0] === foundation) && fields[5] === intrinsics.String(port) && lower(fields[2]!) === protocol) {
      const a = fields[4]!;
      return a.length > 0 && a.length <= MAX_ADDRESS ? a : null;
    }
  }
  return null;
}

function lower(s: string): string {
  return s === "UDP" ? "udp" : s === "TCP" ? "tcp" : s;
}

/**
 * The forEach of the realm `report` was made in, out of the realms given (the connection's, then the guard's own),
 * or undefined for a report of any other realm: Chromium 156 kills the renderer when one realm's forEach iterates
 * another realm's report. Known by its prototype, read with Object.getPrototypeOf: the report is fresh from
 * getStats and has never been in the page's hands.
 */
export function forEachOf(report: unknown, realms: readonly (Pick<RealmNatives, "statsProto" | "statsForEach"> | null)[]): RealmNatives["statsForEach"] {
  if (report === null || typeof report !== "object") return undefined;
  const proto = getPrototypeOf(report);
  for (let i = 0; i < realms.length; i++) {
    const r = realms[i];
    if (r && r.statsProto && r.statsProto === proto) return r.statsForEach;
  }
  return undefined;
}

/**
 * The snapshot of one stats report (a Map-like of id -> stats dictionary), iterated with `forEach` (the report's
 * own realm's, see forEachOf); `sdp` is the remote description's.
 */
export function readReport(report: unknown, forEach: Native<[callback: (value: unknown, key: unknown) => void]> | undefined, sdp: string | null = null): PeerSnapshot | null {
  if (!forEach) return null;
  const byId = create(null) as Record<string, unknown>;
  let selectedId: unknown = undefined;
  let fallbackPair: unknown = undefined;
  const local: PeerCandidateType[] = [];
  const remote: PeerCandidateType[] = [];
  try {
    call(forEach, report, (s: unknown, id: unknown) => {
      if (typeof id === "string") byId[id] = s;
      const type = own(s, "type");
      if (type === "local-candidate") addType(local, candidateType(own(s, "candidateType")));
      else if (type === "remote-candidate") addType(remote, candidateType(own(s, "candidateType")));
      else if (type === "transport" && typeof own(s, "selectedCandidatePairId") === "string") selectedId = own(s, "selectedCandidatePairId");
      // Firefox marks the pair itself; Chromium names it from the transport.
      else if (type === "candidate-pair" && (own(s, "selected") === true || (own(s, "nominated") === true && own(s, "state") === "succeeded"))) fallbackPair ??= s;
    });
  } catch {
    return null;
  }
  const pair = typeof selectedId === "string" ? byId[selectedId] : fallbackPair;
  const remoteId = own(pair, "remoteCandidateId");
  const rc = typeof remoteId === "string" ? byId[remoteId] : undefined;
  let selected: PeerCandidate | null = null;
  const port = own(rc, "port");
  if (typeof port === "number" && port >= 0 && port <= 65535 && port % 1 === 0) {
    const protocol = own(rc, "protocol");
    const foundation = own(rc, "foundation");
    const stated = own(rc, "address") || own(rc, "ip");
    const address =
      typeof stated === "string" && stated.length > 0 && stated.length <= MAX_ADDRESS
        ? stated
        : sdp !== null && typeof protocol === "string"
          ? addressInSdp(sdp, typeof foundation === "string" ? foundation : null, port, protocol) ?? addressInSdp(sdp, null, port, protocol)
          : null;
    selected = { address, port, candidateType: candidateType(own(rc, "candidateType")), protocol: protocol === "udp" || protocol === "tcp" ? protocol : null };
  }
  return { local, remote, selected };
}

/**
 * Reads `pc`'s stats once and hands the snapshot to `done` (not at all when the browser has no getStats, or the
 * report is of a realm other than `realm`, the connection's, or the guard's own).
 */
export function snapshotPeer(pc: RTCPeerConnection, realm: RealmNatives, done: (s: PeerSnapshot) => void): void {
  if (!getStats) return;
  try {
    const p = apply(getStats, pc, []) as Promise<unknown>;
    apply(promiseThen, p, [
      (report: unknown) => {
        let sdp: string | null = null;
        try {
          const d = remoteDescription ? call(remoteDescription, pc) : null;
          const text = d && sdpOf ? call(sdpOf, d) : null;
          sdp = typeof text === "string" ? text : null;
        } catch {
          // No remote description (closed meanwhile).
        }
        const s = readReport(report, forEachOf(report, [realm, home]), sdp);
        if (s) done(s);
      },
      () => {},
    ]);
  } catch {
    // A closed connection: nothing to say.
  }
}

/**
 * Reports `pc`'s selected pair each time it becomes connected (again, after an ICE restart, when the pair
 * changed). The listener is attached at construction, before the page can add one that stops propagation.
 */
export function watchPeer(pc: RTCPeerConnection, realm: RealmNatives, report: (s: PeerSnapshot) => void): void {
  const state = home.pcConnectionState;
  if (!state) return;
  let last = "";
  const take = (retry: boolean) =>
    snapshotPeer(pc, realm, (s) => {
      // The peer's candidate may still be on its way through the page's signalling: look again once.
      if (retry && s.selected && s.selected.address === null) return void intrinsics.setTimeout(() => take(false), RETRY_MS);
      const key = s.selected ? `${s.selected.address}|${s.selected.port}` : "";
      if (key === last) return;
      last = key;
      report(s);
    });
  call(home.addEventListener, pc, "connectionstatechange", () => {
    if (call(state, pc) === "connected") take(true);
  });
}
