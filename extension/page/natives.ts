// MAIN world, evaluated at document_start before any page script: the built-ins the guard relies on, captured
// while they are still the browser's own. Later the page may replace any global or prototype method; the guard
// only ever calls these captured copies (through `call`, which is itself captured).

const R = Reflect;
export const apply = R.apply;
export const construct = R.construct;
export const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf, setPrototypeOf, freeze, create } = Object;
const objectKeys = Object.keys;
export { objectKeys };

/** `call(fn, self, a, b)` without touching Function.prototype.call or the iteration protocol. */
export function call<T>(fn: (...args: never[]) => T, self: unknown, ...args: unknown[]): T {
  return apply(fn as (...a: unknown[]) => T, self, args);
}

function getter(proto: object | undefined, key: string): ((this: unknown) => unknown) | undefined {
  if (!proto) return undefined;
  const d = getOwnPropertyDescriptor(proto, key);
  return d?.get as ((this: unknown) => unknown) | undefined;
}

function method(proto: object | undefined, key: string): ((...a: never[]) => unknown) | undefined {
  if (!proto) return undefined;
  const d = getOwnPropertyDescriptor(proto, key);
  return typeof d?.value === "function" ? (d.value as (...a: never[]) => unknown) : undefined;
}

const g = globalThis as typeof globalThis & Record<string, unknown>;
const TypedArrayProto = getPrototypeOf(Uint8Array.prototype) as object;

export const natives = {
  String: g.String,
  Proxy: g.Proxy,
  DOMException: g.DOMException,
  TypeError: g.TypeError,
  Event: g.Event,
  EventTarget: g.EventTarget,
  Promise: g.Promise,
  WeakMap: g.WeakMap,
  setTimeout: g.setTimeout.bind(g),
  clearTimeout: g.clearTimeout.bind(g),
  isView: ArrayBuffer.isView,
  charCodeAt: String.prototype.charCodeAt,
  weakMapGet: WeakMap.prototype.get,
  weakMapSet: WeakMap.prototype.set,
  weakMapHas: WeakMap.prototype.has,
  promiseThen: Promise.prototype.then,
  addEventListener: EventTarget.prototype.addEventListener,
  removeEventListener: EventTarget.prototype.removeEventListener,
  dispatchEvent: EventTarget.prototype.dispatchEvent,
  stopImmediatePropagation: Event.prototype.stopImmediatePropagation,
  preventDefault: Event.prototype.preventDefault,
  eventPorts: getter(MessageEvent.prototype, "ports"),
  messageData: getter(MessageEvent.prototype, "data"),
  portPostMessage: MessagePort.prototype.postMessage,
  portStart: MessagePort.prototype.start,
  arrayBufferByteLength: getter(ArrayBuffer.prototype, "byteLength"),
  typedArrayByteLength: getter(TypedArrayProto, "byteLength"),
  dataViewByteLength: getter(DataView.prototype, "byteLength"),
  blobSize: getter(g.Blob?.prototype, "size"),
  RTCPeerConnection: g.RTCPeerConnection as typeof RTCPeerConnection | undefined,
  pcProto: (g.RTCPeerConnection as typeof RTCPeerConnection | undefined)?.prototype,
  dcProto: (g.RTCDataChannel as typeof RTCDataChannel | undefined)?.prototype,
  pcClose: method(g.RTCPeerConnection?.prototype as object | undefined, "close"),
  pcConnectionState: getter(g.RTCPeerConnection?.prototype as object | undefined, "connectionState"),
  dcSend: method(g.RTCDataChannel?.prototype as object | undefined, "send"),
  dcClose: method(g.RTCDataChannel?.prototype as object | undefined, "close"),
  dcReadyState: getter(g.RTCDataChannel?.prototype as object | undefined, "readyState"),
  dcBufferedAmount: getter(g.RTCDataChannel?.prototype as object | undefined, "bufferedAmount"),
  dcLabel: getter(g.RTCDataChannel?.prototype as object | undefined, "label"),
  navigator: g.navigator,
  location: g.location,
  locationOrigin: getter(g.Location?.prototype as object | undefined, "origin") ?? getter(g.location as object, "origin"),
};

/** A WeakMap whose methods the page cannot intercept. */
export class SafeWeakMap<K extends object, V> {
  private readonly map = new natives.WeakMap<K, V>();
  get(k: K): V | undefined {
    return call(natives.weakMapGet as never, this.map, k) as V | undefined;
  }
  set(k: K, v: V): void {
    call(natives.weakMapSet as never, this.map, k, v);
  }
  has(k: K): boolean {
    return call(natives.weakMapHas as never, this.map, k) as boolean;
  }
}
