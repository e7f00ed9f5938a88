/** @jest-environment jsdom */
// The guard's own building blocks hold when the page has poisoned the realm's prototypes (the guard shares the
// page's realm: whatever Array.prototype or Object.prototype says later is the page's).
import { dataDesc, defineProperty, descWith, isTrusted, safeList } from "./natives";

describe("with a poisoned realm", () => {
  const undo: (() => void)[] = [];
  const poison = (o: object, key: PropertyKey, d: PropertyDescriptor) => {
    const before = Object.getOwnPropertyDescriptor(o, key);
    Object.defineProperty(o, key, { __proto__: null, ...d, configurable: true } as PropertyDescriptor);
    undo.push(() => (before ? Object.defineProperty(o, key, before) : delete (o as Record<PropertyKey, unknown>)[key]));
  };
  afterEach(() => {
    while (undo.length) undo.pop()!();
  });

  test("defineProperty ignores descriptor fields the page put on Object.prototype", () => {
    poison(Object.prototype, "get", { value: () => "page" });
    poison(Object.prototype, "writable", { value: true });
    const o = {};
    // The native with an ordinary literal would throw (value and get) — the guard's copy has no prototype.
    expect(() => Object.defineProperty({}, "x", { value: 1 })).toThrow(TypeError);
    defineProperty(o, "x", { value: 1, enumerable: true });
    expect(Object.getOwnPropertyDescriptor(o, "x")).toEqual({ value: 1, enumerable: true, writable: false, configurable: false });
    expect(Object.getPrototypeOf(dataDesc(1))).toBeNull();
    const d = descWith({ value: 1, writable: true, enumerable: false, configurable: true }, dataDesc(2, false, true, true));
    expect(Object.getPrototypeOf(d)).toBeNull();
    expect(d.value).toBe(2);
  });

  test("safeList iterates with its own iterator and results, whatever the array prototypes say", () => {
    const sneaky = {};
    poison(Array.prototype, Symbol.iterator, {
      value: function* () {
        yield sneaky;
      },
    });
    const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]());
    poison(arrayIterator, "next", { value: () => ({ done: false, value: sneaky }) });
    poison(Object.prototype, "done", { get: () => false });
    const list = safeList(["a", "b"], 2);
    // Read while poisoned, checked after (jest itself iterates arrays).
    const it = (list as unknown as Record<symbol, () => { next(): { done: boolean; value: unknown } }>)[Symbol.iterator]!();
    const first = it.next();
    const second = it.next();
    const third = it.next();
    // What the browser does with a sequence (WebIDL): Array.from goes through @@iterator and next as well.
    const viaFrom = Array.from(list as Iterable<unknown>);
    const proto = Object.getPrototypeOf(list);
    while (undo.length) undo.pop()!();
    expect([first.value, first.done, second.value, second.done, third.done]).toEqual(["a", false, "b", false, true]);
    expect(viaFrom).toEqual(["a", "b"]);
    expect(proto).toBeNull();
  });

  test("isTrusted is false for events a script dispatched, whatever the event claims", () => {
    const e = new Event("message");
    expect(isTrusted(e)).toBe(false);
    class Liar extends Event {
      override get isTrusted() {
        return true;
      }
    }
    expect(isTrusted(new Liar("message"))).toBe(false);
    expect(isTrusted({ isTrusted: true } as unknown as Event)).toBe(false);
  });
});
