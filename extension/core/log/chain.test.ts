import { createHash } from "node:crypto";
import { canonicalEntry, canonicalJson, hashEntry, type Digest } from "./canonical";
import { appendBatch, verifyChain } from "./chain";
import { GENESIS_HASH, LOG_TYPES, type LogDraft, type LogEntry } from "./entry";
import { SAMPLE_DRAFTS, sampleChain, webCryptoSha256 } from "./sample-entries";

/** Node's own SHA-256: the same function as WebCrypto's, without its per-call cost (for the big tables). */
const nodeSha256: Digest = async (b) => createHash("sha256").update(b).digest();

/** Every leaf of `v` as a path of keys. */
function leafPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== "object" || v === null) return [path];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.length ? keys.flatMap((k) => leafPaths((v as Record<string, unknown>)[k], [...path, k])) : [path];
}

/** A copy of `e` with the leaf at `path` changed (to another value of the same kind where possible). */
function tampered(e: LogEntry, path: (string | number)[]): LogEntry {
  const copy = structuredClone(e) as unknown as Record<string | number, unknown>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const k = path.at(-1)!;
  const v = parent[k];
  parent[k] = typeof v === "string" ? (/^[0-9a-f]{64}$/.test(v) ? v.slice(0, -1) + (v.endsWith("0") ? "1" : "0") : v + "x") : typeof v === "number" ? v + 1 : typeof v === "boolean" ? !v : Array.isArray(v) ? ["x"] : "x";
  return copy as unknown as LogEntry;
}

describe("canonical form", () => {
  it("sorts keys at every level, leaves out undefined properties and refuses what JSON would change", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, "x", null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
    for (const bad of [NaN, Infinity, [undefined], new Date(0), 1n, () => 0, Symbol("s"), new Map()]) {
      expect(() => canonicalJson({ x: bad })).toThrow(TypeError);
    }
  });

  it.each([
    ["sorted keys (the fast path)", { a: 1, b: [true, null, "x"], c: { d: -0, e: 1e21 } }],
    ["unsorted keys", { b: 1, a: { z: [], y: {} } }],
    ["keys that sort differently as numbers", { "10": 1, "9": 2, a: 3 }],
    ["a null-prototype object", Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
    ["unicode, escapes and a lone surrogate", { "é": "☕ \n \"q\" \u0001 \ud800", "Z": "A" }],
    ["an array of objects", [{ b: 1, a: 2 }, { a: 1 }]],
  ])("writes %s with keys sorted at every level", (_name, value) => {
    // The rule spelled out the slow way: keys sorted, values as JSON.stringify writes them.
    const expected = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(expected).join(",")}]`
        : v && typeof v === "object"
          ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${expected((v as Record<string, unknown>)[k])}`).join(",")}}`
          : JSON.stringify(v);
    expect(canonicalJson(value)).toBe(expected(value));
  });

  it.each(LOG_TYPES)("writes a %s entry exactly as the generic rule does", async (type) => {
    const [e] = await appendBatch(null, [SAMPLE_DRAFTS[type]], webCryptoSha256);
    const { hash: _hash, ...rest } = e!;
    expect(canonicalEntry(e!, true)).toBe(canonicalJson(e));
    expect(JSON.stringify(e)).toBe(canonicalJson(e));
    expect(canonicalEntry(e!, false)).toBe(canonicalJson(rest));
  });

  it("hashes the same with WebCrypto and Node, and pins the hash of a known entry", async () => {
    const [e] = await appendBatch(null, [SAMPLE_DRAFTS.decision], webCryptoSha256);
    expect(await hashEntry(e!, nodeSha256)).toBe(e!.hash);
    // Changing the canonical rule breaks every exported log: these values must never change.
    expect(e!.hash).toBe("7e5ea16f71b184c08e715a16d76722fb748e5c40b33666b525ad77445e0a87cf");
    expect(canonicalEntry(e!, false)).toBe(
      `{"details":{"by":"popup","hideIp":false,"mode":"allow","previous":"undecided"},"frameOrigin":"https://player.example.com","prevHash":"${GENESIS_HASH}","seq":1,"site":"example.com","tab":7,"time":"2025-03-01T12:00:00.000Z","type":"decision"}`,
    );
  });
});

describe("appendBatch", () => {
  it("numbers entries from the tail and links each to the one before", async () => {
    const first = await sampleChain(3, webCryptoSha256);
    const more = await appendBatch({ seq: 3, hash: first[2]!.hash }, [SAMPLE_DRAFTS.metered], webCryptoSha256);
    const all = [...first, ...more];
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    all.slice(1).forEach((e, i) => expect(e.prevHash).toBe(all[i]!.hash));
    await expect(verifyChain(all, webCryptoSha256)).resolves.toEqual({ ok: true, count: 4, checkpoint: null, head: { seq: 4, hash: all[3]!.hash } });
  });

  it("keeps only the entry's own fields and refuses a draft it cannot log, naming it", async () => {
    const extra = { ...SAMPLE_DRAFTS.decision, secret: "x" } as LogDraft;
    const [e] = await appendBatch(null, [extra], webCryptoSha256);
    expect(Object.keys(e!).sort()).toEqual(["details", "frameOrigin", "hash", "prevHash", "seq", "site", "tab", "time", "type"]);
    const badTime = { ...SAMPLE_DRAFTS.decision, time: "yesterday" };
    await expect(appendBatch(null, [SAMPLE_DRAFTS.metered, badTime], webCryptoSha256)).rejects.toThrow("log draft 1: time");
    const nan = { ...SAMPLE_DRAFTS.bytes, details: { ...SAMPLE_DRAFTS.bytes.details, up: NaN } };
    await expect(appendBatch(null, [nan], webCryptoSha256)).rejects.toThrow("log draft 0: not JSON");
  });
});

describe("verifyChain", () => {
  const chainP = appendBatch(null, Object.values(SAMPLE_DRAFTS), nodeSha256);

  it("breaks exactly at the entry whose field was changed, for every field of every entry", async () => {
    const chain = await chainP;
    let cases = 0;
    for (let i = 0; i < chain.length; i++) {
      for (const path of leafPaths(chain[i])) {
        const copy = [...chain];
        copy[i] = tampered(chain[i]!, path);
        const r = await verifyChain(copy, nodeSha256);
        expect({ path, r: r.ok ? r : { index: r.index, reason: r.reason } }).toEqual({ path, r: { index: i, reason: expect.stringMatching(/hash does not match|malformed/) } });
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(100);
  });

  it.each([
    ["deleting an entry", (c: LogEntry[]) => c.toSpliced(5, 1), 5, "seq 7 where 6 was expected"],
    ["swapping two entries", (c: LogEntry[]) => c.toSpliced(5, 2, c[6]!, c[5]!), 5, "seq 7 where 6 was expected"],
    ["repeating an entry", (c: LogEntry[]) => c.toSpliced(5, 0, c[4]!), 5, "seq 5 where 6 was expected"],
    ["a malformed entry", (c: LogEntry[]) => c.toSpliced(5, 0, { seq: 6 } as LogEntry), 5, "malformed"],
    ["dropping the first entry", (c: LogEntry[]) => c.slice(1), 0, "seq 2 where 1 was expected"],
  ])("detects %s at the first entry out of place", async (_name, edit, index, reason) => {
    const r = await verifyChain(edit(await chainP), nodeSha256);
    expect(r).toMatchObject({ ok: false, index, reason: expect.stringContaining(reason) });
  });

  it("detects an inserted entry with a correct hash at the entry after it", async () => {
    const chain = await chainP;
    const [forged] = await appendBatch({ seq: 5, hash: chain[4]!.hash }, [SAMPLE_DRAFTS.decision], nodeSha256);
    const r = await verifyChain(chain.toSpliced(5, 0, forged!), nodeSha256);
    expect(r).toMatchObject({ ok: false, index: 6, seq: 6, reason: expect.stringContaining("seq 6 where 7") });
  });

  it("detects an entry re-hashed after an edit at the entry after it", async () => {
    const chain = await chainP;
    const edited = { ...chain[3]!, site: "other.example" } as LogEntry;
    edited.hash = await hashEntry(edited, nodeSha256);
    const r = await verifyChain(chain.toSpliced(3, 1, edited), nodeSha256);
    expect(r).toMatchObject({ ok: false, index: 4, seq: 5, reason: "prevHash is not the hash of seq 4" });
  });

  it("verifies an empty log", async () => {
    await expect(verifyChain([], nodeSha256)).resolves.toEqual({ ok: true, count: 0, checkpoint: null, head: null });
  });
});
