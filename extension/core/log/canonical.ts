// Pure: the one serialisation the chain is built on. Canonical JSON = JSON with object keys sorted (by UTF-16
// code units, as Array.prototype.sort does) at every level and no whitespace; an entry's hash is the lowercase
// hex SHA-256 of the UTF-8 of the canonical JSON of every field but `hash`. An exported line is the canonical
// JSON of the whole entry, so a verifier can insist on it byte for byte.
import type { LogEntry } from "./entry";

/** SHA-256, passed in: `(b) => crypto.subtle.digest("SHA-256", b)` in the extension and in Node. */
export type Digest = (data: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer | Uint8Array>;

/**
 * Canonical JSON of plain data. Throws a TypeError on what JSON cannot carry unchanged (a non-finite number,
 * undefined in an array, a function, symbol or bigint, an object that is not plain), so a stored entry and its
 * exported copy always hash the same. An object property whose value is undefined is left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`not JSON: ${value}`);
      return JSON.stringify(value);
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) throw new TypeError("not JSON: undefined in an array");
          out += (i ? "," : "") + canonicalJson(value[i]);
        }
        return out + "]";
      }
      // By tag, not prototype: data from another realm (a structured clone in a test VM) is still plain.
      if (Object.prototype.toString.call(value) !== "[object Object]" || typeof (value as { toJSON?: unknown }).toJSON === "function") {
        throw new TypeError("not JSON: an object that is not plain");
      }
      const obj = value as Record<string, unknown>;
      let out = "{";
      for (const key of Object.keys(obj).sort()) {
        if (obj[key] === undefined) continue;
        out += (out.length > 1 ? "," : "") + JSON.stringify(key) + ":" + canonicalJson(obj[key]);
      }
      return out + "}";
    }
    default:
      throw new TypeError(`not JSON: a ${typeof value}`);
  }
}

type Hashable = Omit<LogEntry, "hash"> & { hash?: string };

/**
 * `canonicalJson(entry)`, written out for the fixed top-level keys (the export's hot path); without `hash` when
 * `withHash` is false. Equal to the generic form for any entry (unit-tested).
 */
export function canonicalEntry(e: Hashable, withHash: boolean): string {
  const hash = withHash ? `,"hash":${JSON.stringify(e.hash)}` : "";
  return (
    `{"details":${canonicalJson(e.details)},"frameOrigin":${JSON.stringify(e.frameOrigin)}${hash}` +
    `,"prevHash":${JSON.stringify(e.prevHash)},"seq":${canonicalJson(e.seq)},"site":${JSON.stringify(e.site)}` +
    `,"tab":${e.tab === null ? "null" : canonicalJson(e.tab)},"time":${JSON.stringify(e.time)},"type":${JSON.stringify(e.type)}}`
  );
}

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (let i = 0; i < b.length; i++) out += HEX[b[i]!];
  return out;
}

/** The hash `entry` must carry: SHA-256 of the canonical JSON of all its other fields (its own `hash` is ignored). */
export async function hashEntry(entry: Hashable, digest: Digest): Promise<string> {
  return toHex(await digest(encoder.encode(canonicalEntry(entry, false))));
}
