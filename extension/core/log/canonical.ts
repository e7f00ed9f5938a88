// Pure: the one serialisation the chain is built on. Canonical JSON = JSON with object keys sorted (by UTF-16
// code units, as Array.prototype.sort does) at every level and no whitespace; an entry's hash is the lowercase
// hex SHA-256 of the UTF-8 of the canonical JSON of every field but `hash`. An exported line is the canonical
// JSON of the whole entry, so a verifier can insist on it byte for byte.
import type { LogEntry } from "./entry";

/** SHA-256, passed in (a verifier may bring its own); `webCryptoSha256` in the extension and in Node. */
export type Digest = (data: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer | Uint8Array>;

/** WebCrypto SHA-256 (a web standard, in Node 20 and browsers alike, so not a browser-extension API). */
export const webCryptoSha256: Digest = (b) => crypto.subtle.digest("SHA-256", b);

/**
 * Canonical JSON of plain data. Throws a TypeError on what JSON cannot carry unchanged (a non-finite number,
 * undefined in an array, a function, symbol or bigint, an object that is not plain), so a stored entry and its
 * exported copy always hash the same. An object property whose value is undefined is left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  return isCanonicalData(value) ? JSON.stringify(value) : buildCanonical(value);
}

/**
 * True when JSON.stringify already writes `v` canonically: plain data whose objects list their keys in sorted
 * order (as every entry appendBatch stores does). The export's fast path: a walk that builds nothing.
 */
function isCanonicalData(v: unknown): boolean {
  switch (typeof v) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(v);
    case "object": {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (v[i] === undefined || !isCanonicalData(v[i])) return false;
        return true;
      }
      if (Object.prototype.toString.call(v) !== "[object Object]" || typeof (v as { toJSON?: unknown }).toJSON === "function") return false;
      let prev: string | null = null;
      for (const key in v) {
        if (!Object.hasOwn(v, key) || (prev !== null && prev >= key)) return false;
        prev = key;
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined && !isCanonicalData(x)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function buildCanonical(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`not JSON: ${value}`);
      return "" + value; // what JSON.stringify writes for a finite number, -0 included
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) throw new TypeError("not JSON: undefined in an array");
          out += (i ? "," : "") + buildCanonical(value[i]);
        }
        return out + "]";
      }
      // By tag, not prototype: data from another realm (a structured clone in a test VM) is still plain.
      if (Object.prototype.toString.call(value) !== "[object Object]" || typeof (value as { toJSON?: unknown }).toJSON === "function") {
        throw new TypeError("not JSON: an object that is not plain");
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          keys.sort();
          break;
        }
      }
      let out = "{";
      let sep = "";
      for (const key of keys) {
        const v = obj[key];
        if (v === undefined) continue;
        out += sep + quotedKey(key) + ":" + buildCanonical(v);
        sep = ",";
      }
      return out + "}";
    }
    default:
      throw new TypeError(`not JSON: a ${typeof value}`);
  }
}

/** JSON-quoted keys, memoised: the same few dozen keys come back in every entry (bounded against hostile input). */
const QUOTED = new Map<string, string>();
function quotedKey(key: string): string {
  let q = QUOTED.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (QUOTED.size < 1000) QUOTED.set(key, q);
  }
  return q;
}

type Hashable = Omit<LogEntry, "hash"> & { hash?: string };

/**
 * `canonicalJson(entry)`, written out for the fixed top-level keys (the export's hot path); without `hash` when
 * `withHash` is false. Equal to the generic form for any entry (unit-tested).
 */
export function canonicalEntry(e: Hashable, withHash: boolean): string {
  // Entries from appendBatch hold their keys in canonical order: one native call writes them.
  if (withHash && hasEntryKeysInOrder(e) && isCanonicalData(e)) return JSON.stringify(e);
  const hash = withHash ? `,"hash":${JSON.stringify(e.hash)}` : "";
  return (
    `{"details":${canonicalJson(e.details)},"frameOrigin":${JSON.stringify(e.frameOrigin)}${hash}` +
    `,"prevHash":${JSON.stringify(e.prevHash)},"seq":${canonicalJson(e.seq)},"site":${JSON.stringify(e.site)}` +
    `,"tab":${e.tab === null ? "null" : canonicalJson(e.tab)},"time":${JSON.stringify(e.time)},"type":${JSON.stringify(e.type)}}`
  );
}

const ENTRY_KEYS = ["details", "frameOrigin", "hash", "prevHash", "seq", "site", "tab", "time", "type"];

function hasEntryKeysInOrder(e: object): boolean {
  let i = 0;
  for (const key in e) if (key !== ENTRY_KEYS[i++]) return false;
  return i === ENTRY_KEYS.length;
}

// Made on first use: importing the log's types and filters must not need TextEncoder (jsdom has none).
let encoder: TextEncoder | null = null;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (let i = 0; i < b.length; i++) out += HEX[b[i]!];
  return out;
}

/** The hash `entry` must carry: SHA-256 of the canonical JSON of all its other fields (its own `hash` is ignored). */
export async function hashEntry(entry: Hashable, digest: Digest): Promise<string> {
  return toHex(await digest((encoder ??= new TextEncoder()).encode(canonicalEntry(entry, false))));
}
