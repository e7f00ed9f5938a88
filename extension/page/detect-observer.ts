// MAIN world: what the page shows that detection reads — script URLs (parser- and script-inserted, module imports),
// WebSocket URLs, probed globals, <meta> tags, each data channel's label and first message in each direction, and
// per-connection facts for the behaviour rule (bytes and messages up, media tracks). Nothing is matched here: the
// background holds the signature list. Observations are deduplicated, bounded per document and sent in one
// `detect` message with the usage report (every 250 ms at most), never one message per send.
// Everything the page could have replaced is read through built-ins captured at document_start; globals are probed
// through own property descriptors only, so no page getter runs (a Proxy's traps can, in a timer task of ours that
// holds no state of the guard's).
import type { ChannelSeen, ConnFacts, DetectMessage } from "../shared/messages";
import { call, create, defineProperty, getOwnPropertyDescriptor, getterOf, methodOf, SafeWeakMap, type RealmNatives } from "./natives";
import { RealmList } from "./realm-list";

/** A first message is read up to this many bytes (a BitTorrent handshake is 68). */
const FIRST_BYTES = 256;
const MAX_URL = 2048;
/** Per document: what one page can make the guard report in total. */
const CAP = { scripts: 256, sockets: 64, metas: 16, channels: 64 } as const;
/** Per message (the validator's bounds, core/validate.ts). */
const PER_MESSAGE = { urls: 64, globals: 64, metas: 16, channels: 16, conns: 64 } as const;
/** Data channels per connection whose first messages are read. */
const CHANNELS_PER_CONN = 4;
/** Realms whose globals are probed (the top document's first, then child frames in the order they appeared). */
const MAX_REALMS = 32;
/** When globals are probed again after the document loaded (ms). */
const PROBE_AFTER_LOAD = [1_000, 4_000, 15_000];

const g = globalThis as unknown as Record<string, unknown> & typeof globalThis;
const N = {
  Uint8Array: g.Uint8Array,
  slice: String.prototype.slice,
  isView: ArrayBuffer.isView,
  abByteLength: getterOf(ArrayBuffer.prototype, "byteLength"),
  taBuffer: getterOf(Object.getPrototypeOf(Uint8Array.prototype) as object, "buffer"),
  taOffset: getterOf(Object.getPrototypeOf(Uint8Array.prototype) as object, "byteOffset"),
  taLength: getterOf(Object.getPrototypeOf(Uint8Array.prototype) as object, "byteLength"),
  dvBuffer: getterOf(DataView.prototype, "buffer"),
  dvOffset: getterOf(DataView.prototype, "byteOffset"),
  dvLength: getterOf(DataView.prototype, "byteLength"),
  dcLabel: getterOf(g.RTCDataChannel?.prototype, "label"),
  setTimeout: g.setTimeout.bind(g),
};
const HEX = "0123456789abcdef";
const toLowerCase = String.prototype.toLowerCase;
const startsWithFn = String.prototype.startsWith;
export const lower = (s: string) => call(toLowerCase, s);
export const startsWith = (s: string, prefix: string) => call(startsWithFn, s, prefix);

/** The first bytes of a message as lowercase hex, or its first characters if a string; null if unreadable (Blob). */
export function firstOf(data: unknown): { hex: string } | { text: string } | null {
  try {
    if (typeof data === "string") return { text: call(N.slice, data, 0, FIRST_BYTES) };
    let buffer: ArrayBuffer;
    let offset = 0;
    let length: number;
    if (N.isView(data)) {
      // The view getters exist wherever typed arrays do; a missing one would throw into the catch as before.
      try {
        buffer = call(N.taBuffer!, data) as ArrayBuffer;
        offset = call(N.taOffset!, data) as number;
        length = call(N.taLength!, data) as number;
      } catch {
        // A DataView: the typed-array getters refuse it.
        buffer = call(N.dvBuffer!, data) as ArrayBuffer;
        offset = call(N.dvOffset!, data) as number;
        length = call(N.dvLength!, data) as number;
      }
    } else if (N.abByteLength) {
      length = call(N.abByteLength, data) as number; // throws for anything but an ArrayBuffer
      buffer = data as ArrayBuffer;
    } else return null;
    const n = length < FIRST_BYTES ? length : FIRST_BYTES;
    const bytes = new N.Uint8Array(buffer, offset, n);
    let hex = "";
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      hex += HEX[b >> 4]! + HEX[b & 15]!;
    }
    return { hex };
  } catch {
    return null;
  }
}

const clip = (s: string) => (s.length > MAX_URL ? call(N.slice, s, 0, MAX_URL) : s);

/** The per-connection part the engine keeps on each Conn (see engine.ts). */
export interface ConnDetect {
  id: number;
  /** Since the last report. */
  dUp: number;
  dMessages: number;
  media: boolean;
  mediaReported: boolean;
  /** Channels of this connection whose first outgoing message is still to be read. */
  firstWatch: number;
  channels: number;
}

export interface ChannelRec {
  conn: ConnDetect;
  label: string;
  out: boolean;
  in: boolean;
}

/** A list the page cannot observe being written (no Array.prototype setter or method of the page runs). */
class List<T> {
  items: T[] = [];
  length = 0;
  push(v: T): void {
    defineProperty(this.items, this.length++, { value: v, enumerable: true, writable: true, configurable: true });
  }
  /** Up to `max` items out, the rest kept. */
  take(max: number): T[] {
    const out: T[] = [];
    let n = 0;
    const rest: T[] = [];
    let m = 0;
    for (let i = 0; i < this.length; i++) {
      const v = this.items[i]!;
      if (n < max) defineProperty(out, n++, { value: v, enumerable: true, writable: true, configurable: true });
      else defineProperty(rest, m++, { value: v, enumerable: true, writable: true, configurable: true });
    }
    this.items = rest;
    this.length = m;
    return out;
  }
}

export class DetectObserver {
  private readonly seen: Record<string, true> = create(null) as Record<string, true>;
  private readonly counts = { scripts: 0, sockets: 0, metas: 0, channels: 0 };
  private readonly scripts = new List<string>();
  private readonly sockets = new List<string>();
  private readonly globals = new List<string>();
  private readonly metas = new List<{ name: string; content: string }>();
  private readonly channels = new List<ChannelSeen>();
  private readonly conns = new List<ConnDetect>();
  private readonly active: Record<number, ConnDetect> = create(null) as Record<number, ConnDetect>;
  private readonly channelRecs = new SafeWeakMap<object, ChannelRec>();
  private paths: string[] = [];
  private readonly found: Record<string, true> = create(null) as Record<string, true>;
  /** Held only while each realm lives (realm-list.ts): a removed frame's realm is not kept for probing. */
  private readonly realms = new RealmList<RealmNatives>();
  private probed = false;

  /** `wake` asks the engine for a report soon; `urgent` for one now (declared evidence, a wire handshake). */
  constructor(
    private readonly wake: () => void,
    private readonly urgent: () => void,
  ) {}

  private once(kind: string, key: string): boolean {
    const k = `${kind}|${key}`;
    if (this.seen[k]) return false;
    this.seen[k] = true;
    return true;
  }

  script(url: string): void {
    if (typeof url !== "string" || url === "" || this.counts.scripts >= CAP.scripts || !this.once("s", url)) return;
    this.counts.scripts++;
    this.scripts.push(clip(url));
    this.wake();
  }

  socket(url: string): void {
    if (typeof url !== "string" || url === "" || this.counts.sockets >= CAP.sockets || !this.once("w", url)) return;
    this.counts.sockets++;
    this.sockets.push(clip(url));
    this.wake();
  }

  /**
   * A `<meta>` (name or property, lowercase). `p2p-cdn` (declared evidence) always counts; other names only those
   * of the probe list, so a page's dozens of SEO tags do not use up the bound. Held until the probe list is here.
   */
  meta(name: string, content: string): void {
    if (typeof name !== "string" || typeof content !== "string" || name === "") return;
    const m = { name: call(N.slice, name, 0, 100), content: call(N.slice, content, 0, 512) };
    if (this.metaNames === null && name !== "p2p-cdn") {
      if (this.heldMetas.length < 64) this.heldMetas.push(m);
      return;
    }
    if (name !== "p2p-cdn" && !this.metaNames![name]) return;
    if (this.counts.metas >= CAP.metas || !this.once("m", `${m.name}=${m.content}`)) return;
    this.counts.metas++;
    this.metas.push(m);
    if (name === "p2p-cdn") {
      this.onDeclared();
      this.urgent();
    } else this.wake();
  }

  /** Called when the page declares itself through `<meta name="p2p-cdn">`. */
  onDeclared: () => void = () => {};
  private metaNames: Record<string, true> | null = null;
  private readonly heldMetas = new List<{ name: string; content: string }>();

  // --- connections and channels ---

  newConn(id: number): ConnDetect {
    const c: ConnDetect = { id, dUp: 0, dMessages: 0, media: false, mediaReported: false, firstWatch: 0, channels: 0 };
    this.active[id] = c;
    return c;
  }

  media(c: ConnDetect): void {
    if (c.media) return;
    c.media = true;
    this.wake();
  }

  closed(c: ConnDetect): void {
    delete this.active[c.id];
  }

  /** A channel of `c` the guard watches: its label is read now, its first messages when they pass. */
  channel(c: ConnDetect, channel: object): ChannelRec | null {
    if (c.channels >= CHANNELS_PER_CONN || this.counts.channels >= CAP.channels) return null;
    let label = "";
    try {
      if (N.dcLabel) label = call(N.dcLabel, channel) as string;
    } catch {
      // not a channel
    }
    c.channels++;
    c.firstWatch++;
    const rec: ChannelRec = { conn: c, label: call(N.slice, label, 0, 256), out: false, in: false };
    this.channelRecs.set(channel, rec);
    return rec;
  }

  /** The guard's per-send hook while `c.firstWatch > 0` (at most a few sends per connection). */
  firstOut(c: ConnDetect, channel: object, data: unknown): void {
    const rec = this.channelRecs.get(channel);
    if (!rec || rec.out) return;
    rec.out = true;
    c.firstWatch--;
    this.first(rec, "up", data);
  }

  firstIn(rec: ChannelRec, data: unknown): void {
    if (rec.in) return;
    rec.in = true;
    this.first(rec, "down", data);
  }

  private first(rec: ChannelRec, dir: "up" | "down", data: unknown): void {
    const f = firstOf(data);
    if (!f || this.counts.channels >= CAP.channels) return;
    this.counts.channels++;
    const seen: ChannelSeen = "hex" in f ? { conn: rec.conn.id, label: rec.label, dir, hex: f.hex } : { conn: rec.conn.id, label: rec.label, dir, text: f.text };
    this.channels.push(seen);
    this.urgent();
  }

  // --- globals ---

  /** The background's probe list arrived: probe now, when the document is parsed and loaded, and a few times after. */
  setProbe(paths: string[], metaNames: string[]): void {
    const names = create(null) as Record<string, true>;
    for (let i = 0; i < metaNames.length && i < 64; i++) names[metaNames[i]!] = true;
    this.metaNames = names;
    const held = this.heldMetas.take(64);
    for (let i = 0; i < held.length; i++) this.meta(held[i]!.name, held[i]!.content);
    const copy: string[] = [];
    for (let i = 0; i < paths.length && i < 200; i++) defineProperty(copy, i, { value: paths[i], enumerable: true, writable: true, configurable: true });
    this.paths = copy;
    this.probeAll();
    if (this.probed) return;
    this.probed = true;
    for (let i = 0; i < PROBE_AFTER_LOAD.length; i++) N.setTimeout(() => this.probeAll(), PROBE_AFTER_LOAD[i]!);
  }

  /** A realm to probe (the top document's and each adopted child's); probed again at its DOMContentLoaded and load. */
  /** `life`: an object that lives exactly as long as the realm (realm-list.ts). */
  realm(realm: RealmNatives, life: object): void {
    // Bounded: a page that creates frames in a loop does not keep every window alive here.
    if (this.realms.size >= MAX_REALMS) return;
    this.realms.add(life, realm);
    const again = () => N.setTimeout(() => this.probeRealm(realm), 0);
    try {
      call(realm.addEventListener, realm.win, "DOMContentLoaded", again);
      call(realm.addEventListener, realm.win, "load", again);
    } catch {
      // a realm that went away
    }
  }

  /** Probe soon (a peer connection is being created): in a task of its own, never inside the page's call. */
  soon(): void {
    N.setTimeout(() => this.probeAll(), 0);
  }

  private probeAll(): void {
    this.realms.each((realm) => this.probeRealm(realm));
  }

  private probeRealm(realm: RealmNatives): void {
    const paths = this.paths;
    let added = false;
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      if (this.found[path]) continue;
      if (present(realm.win, path)) {
        this.found[path] = true;
        this.globals.push(path);
        added = true;
      }
    }
    if (added) this.wake();
  }

  /** What to send now, or null when nothing is new. Connection facts only for connections that moved. */
  take(): DetectMessage | null {
    const conns: ConnFacts[] = [];
    let n = 0;
    for (const k in this.active) {
      const c = this.active[k as unknown as number]!;
      if (n >= PER_MESSAGE.conns) break;
      if (c.dUp === 0 && c.dMessages === 0 && (c.mediaReported || !c.media)) continue;
      defineProperty(conns, n++, { value: { id: c.id, up: c.dUp, messages: c.dMessages, media: c.media }, enumerable: true, writable: true, configurable: true });
      c.dUp = 0;
      c.dMessages = 0;
      if (c.media) c.mediaReported = true;
    }
    if (n === 0 && this.scripts.length === 0 && this.sockets.length === 0 && this.globals.length === 0 && this.metas.length === 0 && this.channels.length === 0) return null;
    return {
      type: "detect",
      scripts: this.scripts.take(PER_MESSAGE.urls),
      sockets: this.sockets.take(PER_MESSAGE.urls),
      globals: this.globals.take(PER_MESSAGE.globals),
      metas: this.metas.take(PER_MESSAGE.metas),
      channels: this.channels.take(PER_MESSAGE.channels),
      conns,
    };
  }

  /** More is waiting than one message carries. */
  get backlog(): boolean {
    return this.scripts.length + this.sockets.length + this.globals.length + this.metas.length + this.channels.length > 0;
  }
}

/**
 * Whether `a.b.c` exists on `win` through own data properties only. The first name must be the global's own
 * property (a `var`, a function, an assignment to window): named access to elements (`<div id="peer5">`) lives
 * on the prototype and is not a library. A getter is never called: an accessor at the last step counts as present,
 * before it the path stops.
 */
export function present(win: object, path: string): boolean {
  let obj: unknown = win;
  let start = 0;
  for (;;) {
    const dot = indexOfDot(path, start);
    const name = call(N.slice, path, start, dot < 0 ? path.length : dot);
    if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) return false;
    let d: PropertyDescriptor | undefined;
    try {
      d = getOwnPropertyDescriptor(obj, name);
    } catch {
      return false;
    }
    if (!d) return false;
    if (dot < 0) return "get" in d ? d.get !== undefined : d.value !== undefined && d.value !== null;
    if (!("value" in d)) return false;
    obj = d.value;
    start = dot + 1;
  }
}

function indexOfDot(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (s[i] === ".") return i;
  return -1;
}

/** The `src` of script elements and the name/content of meta elements, read with this realm's captured built-ins. */
export function captureDomReaders(win: Window & typeof globalThis) {
  const W = win as unknown as Record<string, { prototype: object } | undefined>;
  return {
    scriptSrc: getterOf(W.HTMLScriptElement?.prototype, "src"),
    metaName: getterOf(W.HTMLMetaElement?.prototype, "name"),
    metaContent: getterOf(W.HTMLMetaElement?.prototype, "content"),
    getAttribute: methodOf(W.Element?.prototype, "getAttribute"),
    tagName: getterOf(W.Element?.prototype, "localName"),
    qsa: methodOf(W.Element?.prototype, "querySelectorAll"),
    firstElementChild: getterOf(W.Element?.prototype, "firstElementChild"),
    addedNodes: getterOf(W.MutationRecord?.prototype, "addedNodes"),
    nodeListLength: getterOf(W.NodeList?.prototype, "length"),
    nodeListItem: methodOf(W.NodeList?.prototype, "item"),
    poObserve: methodOf(W.PerformanceObserver?.prototype, "observe"),
    poGetEntries: methodOf(W.PerformanceObserverEntryList?.prototype, "getEntries"),
    entryName: getterOf(W.PerformanceEntry?.prototype, "name"),
    initiatorType: getterOf(W.PerformanceResourceTiming?.prototype, "initiatorType"),
    PerformanceObserver: (win as unknown as Record<string, unknown>).PerformanceObserver as typeof PerformanceObserver | undefined,
    MutationObserver: win.MutationObserver,
    moObserve: methodOf(W.MutationObserver?.prototype, "observe"),
  };
}
