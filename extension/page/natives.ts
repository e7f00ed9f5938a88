// MAIN world, evaluated at document_start before any page script: the built-ins the guard relies on, captured
// while they are still the browser's own. Later the page may replace any global or prototype method; the guard
// only ever calls these captured copies. Language intrinsics are captured once; DOM built-ins per realm
// (`captureRealm`), because the guard also installs itself into child realms (frames, popups) before the page
// can touch them, and wraps each realm's own prototypes.

const R = Reflect;
export const apply = R.apply;
export const construct = R.construct;
export const { getOwnPropertyDescriptor, getPrototypeOf, freeze, create } = Object;
export const objectKeys = Object.keys;
const nativeDefineProperty = Object.defineProperty;

/**
 * Object.defineProperty with a descriptor of the guard's own making only: its own fields are copied into an object
 * without a prototype first. The native reads every field it does not find as an own property through the
 * prototype chain, so with an ordinary object literal a page that set `Object.prototype.get` (or `set`, `writable`)
 * would make the guard's definitions throw, or change their shape, while page code runs (adopting a child realm,
 * a report, a change event).
 */
export function defineProperty<T>(o: T, key: PropertyKey, d: PropertyDescriptor & ThisType<unknown>): T {
  const copy = create(null) as Record<string, unknown>;
  const keys = objectKeys(d);
  for (let i = 0; i < keys.length; i++) copy[keys[i]!] = (d as Record<string, unknown>)[keys[i]!];
  return nativeDefineProperty(o, key, copy as PropertyDescriptor);
}

/**
 * A captured native as the guard calls it: typed arguments and result, any receiver. The receiver is the browser's
 * to check (a wrong one throws), and the guard relies on that brand check in places (isChannel, isWindow).
 */
export type Native<A extends unknown[] = unknown[], R = unknown> = (this: unknown, ...args: A) => R;
/**
 * Any function, whatever its parameters (an original a wrapper hands on, with the page's arguments): called through
 * Reflect.apply's untyped form, as the browser would call it.
 */
export type AnyNative = (...args: never[]) => unknown;
/** A captured getter: a native of no arguments. */
export type Getter<T = unknown> = Native<[], T>;

/**
 * `fn.call(self, a, b)` for a captured native, typed by the native (its arguments and result), without touching
 * Function.prototype.call or the iteration protocol: only the Reflect.apply captured above runs, with the rest
 * parameters' array (made by the engine, not by iterating anything of the page's).
 */
export function call<A extends unknown[], R>(fn: (...args: A) => R, self: unknown, ...args: NoInfer<A>): R {
  return apply(fn, self, args);
}

/**
 * Property descriptors with no prototype. `defineProperty` reads every descriptor field it does not find as an own
 * property through the prototype chain: with an ordinary object, a page that set `Object.prototype.get` (or `set`,
 * `writable`, ...) would make the guard's own definitions throw or change shape.
 */
export function dataDesc(value: unknown, enumerable = true, writable = true, configurable = true): PropertyDescriptor {
  return { __proto__: null, value, enumerable, writable, configurable } as PropertyDescriptor;
}

/** A copy of a descriptor (from getOwnPropertyDescriptor) with some fields replaced, without a prototype. */
export function descWith(d: PropertyDescriptor, change: PropertyDescriptor): PropertyDescriptor {
  const out = create(null) as Record<string, unknown>;
  const keys = objectKeys(d);
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = (d as Record<string, unknown>)[keys[i]!];
  const more = objectKeys(change);
  for (let i = 0; i < more.length; i++) out[more[i]!] = (change as Record<string, unknown>)[more[i]!];
  return out as PropertyDescriptor;
}

/** `o[k] = v` as an own data property: no setter of the page on a prototype sees it. */
export function defineData(o: object, k: PropertyKey, v: unknown): void {
  defineProperty(o, k, dataDesc(v));
}

const ITERATOR: symbol = Symbol.iterator;

/**
 * A sequence to hand to a native that takes one (transfer lists, ICE server lists): WebIDL converts it by calling
 * `@@iterator` and then `next`, and on an array both are the page's to replace (Array.prototype, the array iterator
 * prototype). This one has no prototype, its own iterator, an iterator with its own `next`, and results with their
 * own `value` and `done`: nothing the page can reach runs while the browser reads it.
 */
export function safeList(items: readonly unknown[], n: number): Iterable<unknown> {
  const list = create(null) as Record<PropertyKey, unknown>;
  for (let i = 0; i < n; i++) list[i] = items[i];
  list.length = n;
  list[ITERATOR] = () => {
    let i = 0;
    const it = create(null) as Record<string, unknown>;
    it.next = () => {
      const r = create(null) as Record<string, unknown>;
      if (i < n) {
        r.value = list[i++];
        r.done = false;
      } else {
        r.value = undefined;
        r.done = true;
      }
      return r;
    };
    return it;
  };
  return list as unknown as Iterable<unknown>;
}

// The type parameters below say what the guard expects of a native it captures by name (the descriptor's
// functions are untyped): the getter of `byteLength` returns a number.

export function getterOf<T = unknown>(proto: object | undefined | null, key: string): Getter<T> | undefined {
  if (!proto) return undefined;
  const d = getOwnPropertyDescriptor(proto, key);
  return d?.get;
}

export function setterOf<T = unknown>(proto: object | undefined | null, key: string): Native<[T], void> | undefined {
  if (!proto) return undefined;
  const d = getOwnPropertyDescriptor(proto, key);
  return d?.set;
}

export function methodOf<A extends unknown[] = unknown[], R = unknown>(proto: object | undefined | null, key: string): Native<A, R> | undefined {
  if (!proto) return undefined;
  const d = getOwnPropertyDescriptor(proto, key);
  return typeof d?.value === "function" ? (d.value as Native<A, R>) : undefined;
}

/**
 * `event.isTrusted`: false for every event a page (or anyone) dispatched. It is an own, non-configurable accessor
 * of each event ([LegacyUnforgeable]), in whichever realm the event was made, so the page can neither replace it
 * nor shadow it; its getter is called directly.
 */
export function isTrusted(e: Event): boolean {
  try {
    const d = getOwnPropertyDescriptor(e, "isTrusted");
    return d !== undefined && !d.configurable && typeof d.get === "function" && call(d.get, e) === true;
  } catch {
    return false;
  }
}

/** Intrinsics of the guard's own realm, used for the guard's internal work in every realm it serves. */
const g = globalThis as typeof globalThis & Record<string, unknown>;
export const intrinsics = {
  String: g.String,
  Proxy: g.Proxy,
  TypeError: g.TypeError,
  Promise: g.Promise,
  WeakMap: g.WeakMap,
  setTimeout: g.setTimeout.bind(g),
  isView: ArrayBuffer.isView,
  charCodeAt: String.prototype.charCodeAt,
  weakMapGet: WeakMap.prototype.get,
  weakMapSet: WeakMap.prototype.set,
  weakMapHas: WeakMap.prototype.has,
  weakMapDelete: WeakMap.prototype.delete,
  promiseReject: Promise.reject.bind(Promise),
  arrayBufferByteLength: getterOf<number>(ArrayBuffer.prototype, "byteLength"),
  typedArrayByteLength: getterOf<number>(getPrototypeOf(Uint8Array.prototype) as object, "byteLength"),
  dataViewByteLength: getterOf<number>(DataView.prototype, "byteLength"),
};

/** The DOM built-ins of one realm (a window), captured before page code has run there. */
export function captureRealm(win: Window & typeof globalThis): RealmNatives {
  return captureFrom(win, null);
}

/**
 * The built-ins of a realm the guard adopts (a child frame, a popup), next to those of `base` (the guard's own realm,
 * captured first): constructors, prototypes, the navigator and the window's own getters come from that realm; the
 * plain methods and getters the guard only ever calls (Reflect.apply) come from `base`. The browser checks their
 * receiver by interface, not by realm, so base's copies work on that realm's objects (the guard already calls
 * home's addEventListener and close on other realms' connections), and the realm's own interface objects that
 * nothing else needs are never created there: less work per frame.
 */
export function captureChildRealm(win: Window & typeof globalThis, base: RealmNatives): RealmNatives {
  // Not every native may be borrowed from base: see docs/cross-realm-natives.md. Those that build new JS values out
  // of a platform object's data (RTCStatsReport's forEach) are captured from the realm itself (`statsForEach` below).
  return captureFrom(win, base);
}

function captureFrom(win: Window & typeof globalThis, base: RealmNatives | null): RealmNatives {
  const pcCtor = (win as unknown as Record<string, unknown>).RTCPeerConnection as typeof RTCPeerConnection | undefined;
  const dcCtor = (win as unknown as Record<string, unknown>).RTCDataChannel as typeof RTCDataChannel | undefined;
  const pcProto = pcCtor?.prototype;
  const dcProto = dcCtor?.prototype;
  // Always this realm's own, also for an adopted child realm: Chromium 156 crashes the renderer (a CHECK, SIGTRAP)
  // when one realm's RTCStatsReport.prototype.forEach iterates a report of another realm (from the second such
  // call on), which a page can do without Seedgate too. docs/cross-realm-natives.md has the measurements.
  const statsProto = (win as unknown as { RTCStatsReport?: { prototype: object } }).RTCStatsReport?.prototype;
  const statsForEach = methodOf(statsProto, "forEach");
  if (base) {
    return {
      win,
      DOMException: win.DOMException,
      Event: win.Event,
      EventTarget: win.EventTarget,
      Promise: win.Promise,
      MutationObserver: win.MutationObserver,
      addEventListener: base.addEventListener,
      removeEventListener: base.removeEventListener,
      dispatchEvent: base.dispatchEvent,
      stopImmediatePropagation: base.stopImmediatePropagation,
      preventDefault: base.preventDefault,
      eventPorts: base.eventPorts,
      messageData: base.messageData,
      portPostMessage: base.portPostMessage,
      portStart: base.portStart,
      blobSize: base.blobSize,
      moObserve: base.moObserve,
      windowLength: getterOf(win, "length") ?? getterOf(getPrototypeOf(win) as object, "length"),
      ownerDocument: base.ownerDocument,
      defaultView: base.defaultView,
      navigator: win.navigator,
      RTCPeerConnection: pcCtor,
      pcProto,
      dcProto,
      channelOfEvent: base.channelOfEvent,
      pcClose: base.pcClose,
      pcConnectionState: base.pcConnectionState,
      pcIceGatheringState: base.pcIceGatheringState,
      dcSend: base.dcSend,
      dcReadyState: base.dcReadyState,
      dcBufferedAmount: base.dcBufferedAmount,
      dcLowThreshold: base.dcLowThreshold,
      statsProto,
      statsForEach,
    };
  }
  return {
    win,
    DOMException: win.DOMException,
    Event: win.Event,
    EventTarget: win.EventTarget,
    Promise: win.Promise,
    MutationObserver: win.MutationObserver,
    addEventListener: win.EventTarget.prototype.addEventListener,
    removeEventListener: win.EventTarget.prototype.removeEventListener,
    dispatchEvent: win.EventTarget.prototype.dispatchEvent,
    stopImmediatePropagation: win.Event.prototype.stopImmediatePropagation,
    preventDefault: win.Event.prototype.preventDefault,
    eventPorts: getterOf(win.MessageEvent?.prototype, "ports"),
    messageData: getterOf(win.MessageEvent?.prototype, "data"),
    portPostMessage: win.MessagePort?.prototype.postMessage,
    portStart: win.MessagePort?.prototype.start,
    blobSize: getterOf(win.Blob?.prototype, "size"),
    moObserve: win.MutationObserver?.prototype.observe,
    windowLength: getterOf(win, "length") ?? getterOf(getPrototypeOf(win) as object, "length"),
    ownerDocument: getterOf(win.Node?.prototype, "ownerDocument"),
    defaultView: getterOf(win.Document?.prototype, "defaultView"),
    navigator: win.navigator,
    RTCPeerConnection: pcCtor,
    pcProto,
    dcProto,
    channelOfEvent: getterOf(win.RTCDataChannelEvent?.prototype, "channel"),
    pcClose: methodOf(pcProto, "close"),
    pcConnectionState: getterOf(pcProto, "connectionState"),
    pcIceGatheringState: getterOf(pcProto, "iceGatheringState"),
    dcSend: methodOf(dcProto, "send"),
    dcReadyState: getterOf(dcProto, "readyState"),
    dcBufferedAmount: getterOf(dcProto, "bufferedAmount"),
    dcLowThreshold: getterOf(dcProto, "bufferedAmountLowThreshold"),
    statsProto,
    statsForEach,
  };
}

export interface RealmNatives {
  win: Window & typeof globalThis;
  DOMException: typeof DOMException;
  Event: typeof Event;
  EventTarget: typeof EventTarget;
  Promise: PromiseConstructor;
  MutationObserver: typeof MutationObserver;
  addEventListener: EventTarget["addEventListener"];
  removeEventListener: EventTarget["removeEventListener"];
  dispatchEvent: EventTarget["dispatchEvent"];
  stopImmediatePropagation: Event["stopImmediatePropagation"];
  preventDefault: Event["preventDefault"];
  eventPorts: Getter<readonly MessagePort[]> | undefined;
  messageData: Getter | undefined;
  portPostMessage: MessagePort["postMessage"] | undefined;
  portStart: MessagePort["start"] | undefined;
  blobSize: Getter<number> | undefined;
  moObserve: MutationObserver["observe"] | undefined;
  windowLength: Getter<number> | undefined;
  ownerDocument: Getter<Document | null> | undefined;
  defaultView: Getter<Window | null> | undefined;
  navigator: Navigator;
  RTCPeerConnection: typeof RTCPeerConnection | undefined;
  pcProto: RTCPeerConnection | undefined;
  dcProto: RTCDataChannel | undefined;
  channelOfEvent: Getter<RTCDataChannel> | undefined;
  pcClose: Native<[], void> | undefined;
  pcConnectionState: Getter<RTCPeerConnectionState> | undefined;
  pcIceGatheringState: Getter<RTCIceGatheringState> | undefined;
  dcSend: Native<[data: unknown], void> | undefined;
  dcReadyState: Getter<RTCDataChannelState> | undefined;
  dcBufferedAmount: Getter<number> | undefined;
  dcLowThreshold: Getter<number> | undefined;
  /** This realm's RTCStatsReport.prototype: tells which realm a stats report belongs to. */
  statsProto: object | undefined;
  /** This realm's RTCStatsReport.prototype.forEach: only ever called on a report of this same realm. */
  statsForEach: Native<[callback: (value: unknown, key: string) => void], void> | undefined;
}

/**
 * The realm this guard instance was evaluated in (its content script's frame). Never evaluated where the parent's
 * guard adopted this realm: the bundle returned in its first lines (early.ts).
 */
export const home: RealmNatives = captureRealm(window);

/** A WeakMap whose methods the page cannot intercept. */
export class SafeWeakMap<K extends object, V> {
  private readonly map = new intrinsics.WeakMap<K, V>();
  get(k: K): V | undefined {
    return call(intrinsics.weakMapGet, this.map, k) as V | undefined; // the captured method is typed for WeakMap<WeakKey, any>
  }
  set(k: K, v: V): void {
    call(intrinsics.weakMapSet, this.map, k, v);
  }
  has(k: K): boolean {
    return call(intrinsics.weakMapHas, this.map, k);
  }
  delete(k: K): void {
    call(intrinsics.weakMapDelete, this.map, k);
  }
}
