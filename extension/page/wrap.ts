// MAIN world: replace a method or getter keeping its descriptor (writable/enumerable/configurable as before).
// Wrappers are Proxies of the originals, so `name`, `length` and the descriptors stay the browser's own, and
// `toString` shows native code (in Chromium without the name: "function () { [native code] }", V8's text for a
// Proxy; Firefox keeps the name). A page can tell a guarded browser from that; it cannot reach the original.
// Every handler has a null prototype: otherwise a trap missing from it (get, construct, ...) would be looked up on
// Object.prototype, where a page could plant one and be handed the original native function.
import { apply, defineProperty, descWith, getOwnPropertyDescriptor, intrinsics } from "./natives";

type Hook = (original: (...a: unknown[]) => unknown, self: unknown, args: unknown[]) => unknown;

export function wrapMethod(proto: object | undefined, key: string, hook: Hook): void {
  if (!proto) return;
  const d = getOwnPropertyDescriptor(proto, key);
  if (!d || typeof d.value !== "function") return;
  const original = d.value as (...a: unknown[]) => unknown;
  const proxy = new intrinsics.Proxy(original, handler({ apply: (_t: unknown, self: unknown, args: unknown[]) => hook(original, self, args) }));
  defineProperty(proto, key, descWith(d, { __proto__: null, value: proxy } as PropertyDescriptor));
}

export function wrapGetter(proto: object | undefined, key: string, hook: (original: () => unknown, self: unknown) => unknown): void {
  if (!proto) return;
  const d = getOwnPropertyDescriptor(proto, key);
  if (!d || typeof d.get !== "function") return;
  const original = d.get as () => unknown;
  const proxy = new intrinsics.Proxy(original, handler<() => unknown>({ apply: (_t, self) => hook(original, self) }));
  defineProperty(proto, key, descWith(d, { __proto__: null, get: proxy } as PropertyDescriptor));
}

/** A Proxy handler with exactly these traps and no prototype to inherit others from. */
export function handler<T extends object>(traps: ProxyHandler<T>): ProxyHandler<T> {
  return { __proto__: null, ...traps } as ProxyHandler<T>;
}

/** Call an original the way the page called the wrapper. */
export function callOriginal(original: (...a: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
  return apply(original, self, args);
}

export function wrapSetter(proto: object | undefined, key: string, hook: (original: (v: unknown) => void, self: unknown, value: unknown) => void): void {
  if (!proto) return;
  const d = getOwnPropertyDescriptor(proto, key);
  if (!d || typeof d.set !== "function") return;
  const original = d.set as (v: unknown) => void;
  const proxy = new intrinsics.Proxy(original, handler<(v: unknown) => void>({ apply: (_t, self, args: unknown[]) => hook(original, self, args[0]) }));
  defineProperty(proto, key, descWith(d, { __proto__: null, set: proxy } as PropertyDescriptor));
}
