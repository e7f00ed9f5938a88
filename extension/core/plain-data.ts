// Pure: copies untrusted input into plain data before anything reads it, so getters, proxies, cycles and huge
// arrays cannot run code, change between reads or stall a parser, and no key can reach an object prototype.

export type PlainData = null | undefined | boolean | number | string | PlainData[] | PlainObject;
/** A null-prototype object: `__proto__`, `constructor`, ... are ordinary own keys here. */
export interface PlainObject {
  [key: string]: PlainData;
}

export interface PlainDataLimits {
  /** Values copied in all (every object, array, element and leaf counts one). */
  maxNodes: number;
  maxDepth: number;
}

export type PlainDataResult = { ok: true; value: PlainData } | { ok: false; error: string };

class Refused extends Error {}

/**
 * Copies `raw` into fresh arrays and null-prototype objects. Only own, enumerable, string-keyed data properties
 * are read (symbol keys and non-enumerable ones are skipped); an accessor property, a function, a symbol or
 * bigint value, or a limit exceeded refuses the whole input. An exception from a proxy trap refuses it too.
 */
export function toPlainData(raw: unknown, limits: PlainDataLimits): PlainDataResult {
  let nodes = 0;
  const copy = (v: unknown, depth: number): PlainData => {
    if (++nodes > limits.maxNodes) throw new Refused("too many values");
    if (v === null || v === undefined || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
    if (typeof v !== "object") throw new Refused(`a ${typeof v} is not data`);
    if (depth >= limits.maxDepth) throw new Refused("nested too deeply");
    if (Array.isArray(v)) {
      const length = dataValue(v, "length");
      if (typeof length !== "number" || length > limits.maxNodes - nodes) throw new Refused("too many values");
      const out: PlainData[] = [];
      for (let i = 0; i < length; i++) out.push(copy(dataValue(v, String(i)), depth + 1));
      return out;
    }
    const out: PlainObject = Object.create(null) as PlainObject;
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key !== "string") continue;
      const d = Reflect.getOwnPropertyDescriptor(v, key);
      if (!d || !d.enumerable) continue;
      if (!("value" in d)) throw new Refused(`"${key.slice(0, 40)}" is an accessor`);
      out[key] = copy(d.value, depth + 1);
    }
    return out;
  };
  try {
    return { ok: true, value: copy(raw, 0) };
  } catch (e) {
    return { ok: false, error: e instanceof Refused ? e.message : "unreadable input" };
  }
}

/** True for a (null-prototype) object from `toPlainData`, false for arrays and leaves. */
export function isPlainObject(v: PlainData): v is PlainObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Names an untrusted value for an error message, briefly and without echoing much of it. */
export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the text ${JSON.stringify(v.slice(0, 40))}`;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return `a value of type ${typeof v}`;
}

/** The value of an own data property; a hole is `undefined`, an accessor refuses. */
function dataValue(o: object, key: string): unknown {
  const d = Reflect.getOwnPropertyDescriptor(o, key);
  if (!d) return undefined;
  if (!("value" in d)) throw new Refused(`"${key}" is an accessor`);
  return d.value;
}
