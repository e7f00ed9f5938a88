// MAIN world: the watchers of one realm that feed detection (page/detect-observer.ts): scripts and <meta> tags as
// they enter the document (parser or script: a MutationObserver, whose callback runs before the parser runs the
// next script), module and dynamic imports (a PerformanceObserver of resource entries), WebSocket URLs (the
// constructor's construct trap, like RTCPeerConnection's), and media tracks on peer connections (addTrack,
// addTransceiver, addStream). Each watcher only reads and records; none changes what the page gets.
import type { GuardEngine } from "./engine";
import { apply, call, construct, defineProperty, getOwnPropertyDescriptor, getterOf, home, intrinsics, type RealmNatives } from "./natives";
import { captureDomReaders, lower, startsWith } from "./detect-observer";
import { handler, wrapMethod } from "./wrap";

export interface DetectWatch {
  /** Watch the realm's current document (again, after a new document loaded into the same global). */
  observe(): void;
}

const RESOURCE_TYPES: Record<string, true> = { __proto__: null, script: true, other: true, link: true } as unknown as Record<string, true>;

let homeReaders: ReturnType<typeof captureDomReaders> | null = null;

/**
 * The guard's own realm is guarded first, before any page script: its readers are captured then. Another realm
 * reuses them (the browser checks a getter's receiver by interface, not by realm, so they read that realm's nodes
 * too) and only its PerformanceObserver, which sees that realm's own resource timeline, is taken from it: creating
 * a dozen interface objects in every adopted frame was about a fifth of a frame's cost (bench CPU profile).
 */
function readersFor(realm: RealmNatives): ReturnType<typeof captureDomReaders> {
  if (!homeReaders) homeReaders = captureDomReaders(home.win);
  if (realm === home) return homeReaders;
  return { ...homeReaders, PerformanceObserver: (realm.win as unknown as Record<string, unknown>).PerformanceObserver as typeof PerformanceObserver | undefined };
}

/** `life`: an object that lives exactly as long as the realm (what the guard keeps for it is held under it, weakly). */
export function installDetectWatch(realm: RealmNatives, engine: GuardEngine, life: object): DetectWatch {
  const d = engine.observer;
  const r = readersFor(realm);
  const { win } = realm;
  d.realm(realm, life);

  const read = (getter: ((this: unknown) => unknown) | undefined, node: unknown): unknown => {
    if (!getter) return undefined;
    try {
      return call(getter, node);
    } catch {
      return undefined;
    }
  };
  const attr = (node: unknown, name: string): string => {
    try {
      const v = r.getAttribute ? (call(r.getAttribute, node, name) as unknown) : null;
      return typeof v === "string" ? v : "";
    } catch {
      return "";
    }
  };

  // Module and dynamic imports never appear as <script> elements: resource timing sees them. Started lazily in a
  // realm the guard adopted (issue 12: a frame pays for nothing it does not use): at the first script element that
  // enters it, or the first peer connection or WebSocket of this guard; `buffered` hands over every resource entry
  // of that realm from before the start. The guard's own realm starts it at once.
  let timing = false;
  const startTiming = () => {
    if (timing) return;
    timing = true;
    watchResources();
  };
  const element = (node: unknown) => {
    const tag = read(r.tagName, node);
    if (tag === "script") {
      startTiming();
      const src = read(r.scriptSrc, node);
      if (typeof src === "string" && src !== "") d.script(src);
    } else if (tag === "meta") {
      const name = lower(attr(node, "name") || attr(node, "property"));
      if (name) d.meta(name, attr(node, "content"));
    }
  };
  const added = (node: unknown) => {
    element(node);
    if (!read(r.firstElementChild, node) || !r.qsa) return;
    try {
      const list = call(r.qsa, node, "script[src],meta"); // r.qsa checked above
      const n = read(r.nodeListLength, list) as number;
      for (let i = 0; i < n && i < 256; i++) element(call(r.nodeListItem!, list, i)); // NodeList is everywhere; in a try
    } catch {
      // a node that is not an element
    }
  };

  const mo =
    typeof r.MutationObserver === "function"
      ? new r.MutationObserver((records: MutationRecord[]) => {
          for (let i = 0; i < records.length; i++) {
            const nodes = read(r.addedNodes, records[i]);
            const n = read(r.nodeListLength, nodes) as number;
            for (let j = 0; j < n; j++) added(call(r.nodeListItem!, nodes, j)); // n > 0 only where NodeList exists
          }
        })
      : null;
  let observed: Document | null = null;
  const observe = () => {
    const root = win.document;
    if (!mo || !root || root === observed || !r.moObserve) return;
    observed = root;
    try {
      call(r.moObserve, mo, root, { childList: true, subtree: true });
      // What is already in the document (a document loaded into an adopted global).
      if (root.documentElement) added(root.documentElement);
    } catch {
      // a document that went away
    }
  };
  observe();

  function watchResources(): void {
    if (!r.PerformanceObserver || !r.poObserve || !r.poGetEntries) return;
    try {
      const po = new r.PerformanceObserver((list: PerformanceObserverEntryList) => {
        try {
          const entries = call(r.poGetEntries!, list) as ArrayLike<unknown>; // checked in watchResources
          for (let i = 0; i < entries.length; i++) {
            const type = read(r.initiatorType, entries[i]);
            const name = read(r.entryName, entries[i]);
            if (typeof type === "string" && RESOURCE_TYPES[type] && typeof name === "string" && (startsWith(name, "http:") || startsWith(name, "https:"))) d.script(name);
          }
        } catch {
          // a page that replaced what we read: nothing recorded
        }
      });
      call(r.poObserve, po, { type: "resource", buffered: true });
    } catch {
      // no resource timing here
    }
  }
  if (realm === home) startTiming();
  else engine.whenActive(life, startTiming);

  // WebSocket URLs: trackers and signalling endpoints.
  const NativeWS = (win as unknown as Record<string, unknown>).WebSocket as typeof WebSocket | undefined;
  const wsUrl = getterOf(NativeWS?.prototype, "url");
  if (NativeWS && wsUrl) {
    const WS = new intrinsics.Proxy(
      NativeWS,
      handler({
        construct(target: typeof WebSocket, args: unknown[], newTarget: object) {
          // Converted once here: the browser gets the string whose URL we record.
          const rest: unknown[] = [];
          for (let i = 0; i < args.length; i++) {
            const v = i === 0 && typeof args[0] !== "string" ? intrinsics.String(args[0]) : args[i];
            defineProperty(rest, i, { value: v, enumerable: true, writable: true, configurable: true });
          }
          const ws = construct(target, rest as [string], newTarget as typeof WebSocket) as WebSocket;
          engine.activate();
          const url = read(wsUrl, ws);
          if (typeof url === "string") d.socket(url);
          return ws;
        },
      }),
    );
    const desc = getOwnPropertyDescriptor(win, "WebSocket");
    if (desc && desc.value === NativeWS) defineProperty(win, "WebSocket", { ...desc, value: WS });
    const ctor = getOwnPropertyDescriptor(NativeWS.prototype, "constructor");
    if (ctor) defineProperty(NativeWS.prototype, "constructor", { ...ctor, value: WS });
  }

  // Media: a connection that carries audio or video is a call, never a CDN by volume.
  const media = (self: unknown) => {
    const conn = engine.connOfPc(self as RTCPeerConnection);
    if (conn) d.media(conn.detect);
  };
  const keys = ["addTrack", "addTransceiver", "addStream"];
  for (let i = 0; i < keys.length; i++) {
    wrapMethod(realm.pcProto, keys[i]!, (orig, self, args) => {
      const result = apply(orig, self, args);
      media(self);
      return result;
    });
  }

  return { observe };
}
