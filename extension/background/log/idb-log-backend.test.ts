// The IndexedDB backend (through idb) on fake-indexeddb: the log store's contract where it matters for the
// extension: what was acknowledged is there after the database is opened again (a restarted service worker),
// index lookups, pruning in one transaction, chunked export, and a taken seq refused.
import "fake-indexeddb/auto";
import { createHash } from "node:crypto";
import { openDB } from "idb";
import { jsonlLines, toStored, verifyJsonl, type Digest } from "../../core/log";
import { sampleChain, sampleDrafts, SAMPLE_DRAFTS } from "../../core/log/sample-entries";
import { openIdbLogBackend } from "./idb-log-backend";
import { openLogStore } from "./log-store";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const START = Date.parse("2025-03-01T12:00:00.000Z");
let n = 0;
const fresh = () => `test-log-${++n}`;
const open = async (name: string) => openLogStore(await openIdbLogBackend(name), { digest: sha256, now: () => new Date(START) });

describe("idb log backend", () => {
  it("keeps acknowledged entries across a reopen and chains on from them", async () => {
    const name = fresh();
    const first = await open(name);
    const acked = await first.appendBatch(sampleDrafts(120));
    const again = await open(name);
    expect(again.stats()).toEqual({ count: 120, firstSeq: 1, lastSeq: 120, checkpoint: null });
    const [next] = await again.appendBatch([SAMPLE_DRAFTS.metered]);
    expect(next).toMatchObject({ seq: 121, prevHash: acked.at(-1)!.hash });
    await expect(again.verify()).resolves.toMatchObject({ ok: true, count: 121 });
  });

  it("answers site and type queries from their indexes, newest first", async () => {
    const log = await open(fresh());
    const drafts = sampleDrafts(300).map((d, i) => (d.site ? { ...d, site: i % 2 ? "a.example" : "b.example" } : d));
    await log.appendBatch(drafts);
    const bySite = await log.query({ site: "a.example", limit: 1000 });
    expect(bySite.entries.length).toBe(drafts.filter((d) => d.site === "a.example").length);
    expect(bySite.entries.every((e) => e.site === "a.example")).toBe(true);
    const byType = await log.query({ type: "bytes", limit: 5 });
    expect(byType.entries.map((e) => e.type)).toEqual(Array(5).fill("bytes"));
    expect(byType.entries.map((e) => e.seq)).toEqual([...byType.entries.map((e) => e.seq)].sort((a, b) => b - a));
  });

  it("prunes with a checkpoint; the pruned log exports chunk by chunk and verifies", async () => {
    const name = fresh();
    const log = await open(name);
    await log.appendBatch(sampleDrafts(2500));
    await expect(log.prune(new Date(START), { retentionDays: 90, maxEntries: 1000 })).resolves.toMatchObject({ removed: 1501, through: { seq: 1501 } });
    const reopened = await open(name);
    expect(reopened.stats()).toMatchObject({ count: 1000, firstSeq: 1502, lastSeq: 2501, checkpoint: { seq: 1501 } });
    let text = "";
    let from: number | null = null;
    let through: number | null = null;
    let chunks = 0;
    do {
      const c: { text: string; next: number | null; through: number | null } = await reopened.exportChunk("jsonl", from, 300, Infinity, through);
      text += c.text;
      from = c.next;
      through = c.through;
      chunks++;
    } while (from !== null);
    expect(chunks).toBe(4);
    await expect(verifyJsonl(text.split("\n"), sha256)).resolves.toMatchObject({ ok: true, count: 1000, checkpoint: { seq: 1501 } });
    await expect(reopened.exportChunk("jsonl", 1000, 300, Infinity, 2501)).rejects.toThrow("retention ran meanwhile");
  });

  it("stores each entry's line, and still reads rows of the first shape (whole entries) written before it", async () => {
    const name = fresh();
    const chain = await sampleChain(30, sha256);
    // The first shape: entries stored as objects, as the first release of the backend wrote them.
    const raw = await openDB(name, 1, {
      upgrade(db) {
        const entries = db.createObjectStore("entries", { keyPath: "seq" });
        entries.createIndex("site", ["site", "seq"]);
        entries.createIndex("type", ["type", "seq"]);
        db.createObjectStore("meta");
      },
    });
    for (const e of chain.slice(0, 20)) await raw.add("entries", e);
    raw.close();
    const backend = await openIdbLogBackend(name);
    await backend.add(chain.slice(20));
    const reopened = await openIdbLogBackend(name);
    const db = await openDB(name, 1);
    expect(await db.get("entries", 25)).toEqual(toStored(chain[24]!));
    db.close();
    expect(await reopened.ascending(1, 100)).toEqual(chain);
    expect((await reopened.ascendingLines(1, 100)).map((r) => r.line + "\n").join("")).toBe(jsonlLines(chain));
    expect(await reopened.descending(100, 100, { type: chain[3]!.type })).toEqual(chain.filter((e) => e.type === chain[3]!.type).reverse());
    expect((await reopened.head()).last).toEqual(chain.at(-1));
  });

  it("pages newest first across gaps in the seqs", async () => {
    const chain = await sampleChain(60, sha256);
    const backend = await openIdbLogBackend(fresh());
    // Seqs 1–10, 21–40 and 51–60: a reader asking across a gap gets the next entries below it.
    const kept = chain.filter((e) => e.seq <= 10 || (e.seq > 20 && e.seq <= 40) || e.seq > 50);
    await backend.add(kept);
    const seqs = async (before: number, limit: number) => (await backend.descending(before, limit)).map((e) => e.seq);
    expect(await seqs(Number.MAX_SAFE_INTEGER, 5)).toEqual([60, 59, 58, 57, 56]);
    expect(await seqs(56, 12)).toEqual([55, 54, 53, 52, 51, 40, 39, 38, 37, 36, 35, 34]);
    expect(await seqs(22, 100)).toEqual([21, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await seqs(1, 10)).toEqual([]);
    expect(await backend.descending(Number.MAX_SAFE_INTEGER, 1000)).toEqual([...kept].reverse());
  });

  it("refuses a batch whose seq is taken, writing none of it", async () => {
    const name = fresh();
    const backend = await openIdbLogBackend(name);
    const log = await openLogStore(backend, { digest: sha256 });
    const [one] = await log.appendBatch(sampleDrafts(1));
    await expect(backend.add([{ ...one!, seq: 2 }, one!])).rejects.toThrow();
    expect((await backend.head()).last?.seq).toBe(1);
  });
});
