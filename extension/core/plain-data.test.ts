import { isPlainObject, toPlainData } from "./plain-data";

const limits = { maxNodes: 100, maxDepth: 5 };

describe("toPlainData", () => {
  test("copies JSON-like data into fresh null-prototype objects and arrays", () => {
    const raw = { a: 1, b: ["x", null, true], c: { d: undefined } };
    const r = toPlainData(raw, limits);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual(raw);
    expect(r.value).not.toBe(raw);
    expect(Object.getPrototypeOf(r.value)).toBeNull();
  });

  test("__proto__ from JSON.parse stays an own key and pollutes nothing", () => {
    const r = toPlainData(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'), limits);
    expect(r.ok).toBe(true);
    if (!r.ok || !isPlainObject(r.value)) throw new Error("expected an object");
    expect(Object.getPrototypeOf(r.value)).toBeNull();
    expect(Object.keys(r.value).sort()).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("skips symbol keys and non-enumerable properties", () => {
    const raw: Record<string | symbol, unknown> = { a: 1, [Symbol("s")]: 2 };
    Object.defineProperty(raw, "hidden", { value: 3, enumerable: false });
    const r = toPlainData(raw, limits);
    expect(r.ok && r.value).toEqual({ a: 1 });
  });

  test("array holes become undefined", () => {
    const r = toPlainData([1, , 3], limits); // eslint-disable-line no-sparse-arrays
    expect(r.ok && r.value).toEqual([1, undefined, 3]);
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const throwingProxy = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const hugeSparse: unknown[] = [];
  hugeSparse.length = 1e9;
  const indexGetter: unknown[] = [1];
  Object.defineProperty(indexGetter, "0", { get: () => 1, enumerable: true });

  test.each<[string, unknown, string]>([
    ["a getter", { get a() { throw new Error("boom"); } }, "accessor"],
    ["a setter-only property", Object.defineProperty({}, "a", { set() {}, enumerable: true }), "accessor"],
    ["a getter on an array index", indexGetter, "accessor"],
    ["a function", { f: () => 1 }, "function"],
    ["a symbol value", { s: Symbol("x") }, "symbol"],
    ["a bigint", { n: 1n }, "bigint"],
    ["a cycle", cyclic, "deeply"],
    ["too deep", { a: { b: { c: { d: { e: { f: 1 } } } } } }, "deeply"],
    ["a huge sparse array", hugeSparse, "too many"],
    ["too many values", Array.from({ length: 100 }, (_, i) => i), "too many"],
    ["a proxy whose trap throws", throwingProxy, "unreadable"],
    ["a revoked proxy", revoked.proxy, "unreadable"],
  ])("refuses %s", (_name, raw, error) => {
    const r = toPlainData(raw, limits);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });

  test("reads each property once, so a proxy cannot change a value between checks", () => {
    let reads = 0;
    const p = new Proxy({ n: 1 }, { getOwnPropertyDescriptor: (t, k) => { reads++; return Reflect.getOwnPropertyDescriptor(t, k); } });
    const r = toPlainData(p, limits);
    expect(r.ok && r.value).toEqual({ n: 1 });
    expect(reads).toBe(1);
  });
});
