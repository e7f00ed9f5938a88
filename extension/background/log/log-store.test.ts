import { createHash } from "node:crypto";
import { fromStored, toCsv, toJsonl, toStored, verifyJsonl, type Digest, type LogInput } from "../../core/log";
import { sampleChain, sampleDrafts, SAMPLE_DRAFTS } from "../../core/log/sample-entries";
import { MemoryLogBackend } from "./memory-log-backend";
import { openLogStore } from "./log-store";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const START = Date.parse("2025-03-01T12:00:00.000Z");
const DAY = 86_400_000;
const open = (backend: MemoryLogBackend, maxBatch?: number) => openLogStore(backend, { digest: sha256, now: () => new Date(START), maxBatch });
const text = async (chunks: AsyncIterable<string>) => {
  let out = "";
  for await (const c of chunks) out += c;
  return out;
};

describe("log store: writes", () => {
  it("writes everything handed in together in one transaction, and what arrives meanwhile in the next", async () => {
    const backend = new MemoryLogBackend();
    const log = await open(backend);
    const first = Promise.all(sampleDrafts(100).map((d) => log.append(d)));
    await Promise.resolve();
    const second = log.appendBatch(sampleDrafts(50)); // while the first transaction is in flight
    expect((await first).map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect((await second).map((e) => e.seq)[0]).toBe(101);
    expect(backend.transactions).toBe(2);
    expect(log.stats()).toEqual({ count: 150, firstSeq: 1, lastSeq: 150, checkpoint: null });
    await expect(log.verify()).resolves.toMatchObject({ ok: true, count: 150 });
  });

  it("splits a burst into transactions of maxBatch entries", async () => {
    const backend = new MemoryLogBackend();
    const log = await open(backend, 40);
    await log.appendBatch(sampleDrafts(100));
    expect(backend.transactions).toBe(3);
  });

  it("acknowledges only after the commit; a stopped worker loses exactly the unacknowledged entries", async () => {
    const backend = new MemoryLogBackend();
    const log = await open(backend);
    const acked = await log.appendBatch(sampleDrafts(3));
    backend.hold();
    let settled = false;
    const inFlight = log.appendBatch(sampleDrafts(2)).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    expect(backend.rows).toHaveLength(3);
    backend.kill();
    await expect(inFlight).rejects.toThrow("the service worker stopped");

    const restarted = await open(backend);
    expect(backend.rows.map(fromStored)).toEqual(acked);
    const [next] = await restarted.appendBatch([SAMPLE_DRAFTS.metered]);
    expect(next).toMatchObject({ seq: 4, prevHash: acked[2]!.hash });
    await expect(restarted.verify()).resolves.toMatchObject({ ok: true, count: 4 });
  });

  it("refuses an event it cannot log at once, alone, and fills in the time", async () => {
    const log = await open(new MemoryLogBackend());
    const { time: _t, ...noTime } = SAMPLE_DRAFTS.decision;
    const bad = { ...SAMPLE_DRAFTS.bytes, details: { ...SAMPLE_DRAFTS.bytes.details, up: Infinity } };
    const [good, refused, unknownType] = await Promise.allSettled([log.append(noTime), log.append(bad), log.append({ ...noTime, type: "nope" } as unknown as LogInput)]);
    expect(good).toMatchObject({ status: "fulfilled", value: { seq: 1, time: new Date(START).toISOString() } });
    expect(refused).toMatchObject({ status: "rejected", reason: expect.objectContaining({ message: expect.stringContaining("not JSON") }) });
    expect(unknownType).toMatchObject({ status: "rejected", reason: expect.objectContaining({ message: "cannot log this event: type: unknown" }) });
    expect(log.stats().count).toBe(1);
  });

  it("rejects a batch whose transaction fails, and chains the next one from what was stored", async () => {
    const backend = new MemoryLogBackend();
    const log = await open(backend);
    await log.appendBatch(sampleDrafts(2));
    backend.rows.push(toStored({ ...fromStored(backend.rows[1]!), seq: 3 })); // another writer took seq 3
    await expect(log.append(SAMPLE_DRAFTS.metered)).rejects.toThrow("seq already used");
    await expect(log.append(SAMPLE_DRAFTS.metered)).resolves.toMatchObject({ seq: 4 });
  });
});

describe("log store: viewer queries", () => {
  async function filled(n: number) {
    const backend = new MemoryLogBackend();
    const log = await open(backend);
    const drafts = sampleDrafts(n).map((d, i) => (d.site ? { ...d, site: i % 3 ? "example.com" : "other.example" } : d));
    await log.appendBatch(drafts);
    return { backend, log };
  }

  it("pages newest first with a cursor until nothing is left", async () => {
    const { log } = await filled(1000);
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: Awaited<ReturnType<typeof log.query>> = await log.query({ limit: 300, cursor });
      seen.push(...page.entries.map((e) => e.seq));
      cursor = page.cursor;
    } while (cursor !== null);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 - i));
  });

  it("filters by site, type, time and text together", async () => {
    const { log } = await filled(1000);
    const page = await log.query({ site: "other.example", type: "bytes", from: new Date(START + 100_000).toISOString(), text: "pc-1", limit: 5 });
    expect(page.entries.length).toBe(5);
    for (const e of page.entries) expect(e).toMatchObject({ site: "other.example", type: "bytes" });
    expect(page.entries.map((e) => e.seq)).toEqual([...page.entries.map((e) => e.seq)].sort((a, b) => b - a));
    const rest = await log.query({ site: "other.example", type: "bytes", from: new Date(START + 100_000).toISOString(), limit: 1000, cursor: page.cursor });
    expect(rest.cursor).toBeNull();
    expect(rest.entries.every((e) => e.seq < page.entries.at(-1)!.seq && e.time >= new Date(START + 100_000).toISOString())).toBe(true);
  });

  it("stops after maxScan entries with a cursor to go on from", async () => {
    const { log } = await filled(1000);
    const page = await log.query({ text: "no such thing", limit: 10, maxScan: 250 });
    expect(page).toEqual({ entries: [], cursor: 751 });
    await expect(log.query({ text: "no such thing", limit: 10, cursor: 1 })).resolves.toEqual({ entries: [], cursor: null });
  });
});

describe("log store: export and retention", () => {
  it("exports in chunks exactly what the core writes, and it verifies", async () => {
    const backend = new MemoryLogBackend();
    const log = await open(backend);
    const entries = await log.appendBatch(sampleDrafts(2500));
    const jsonl = await text(log.exportAll("jsonl", { chunkEntries: 1000 }));
    expect(jsonl).toBe(toJsonl(entries, null, new Date(START).toISOString()));
    await expect(verifyJsonl(jsonl.split("\n"), sha256)).resolves.toMatchObject({ ok: true, count: 2500 });
    expect(await text(log.exportAll("csv", { chunkEntries: 1000 }))).toBe(toCsv(entries));
  });

  it("prunes by size and age through one transaction, and the pruned log still verifies and exports", async () => {
    const backend = new MemoryLogBackend();
    const log = await open(backend);
    await log.appendBatch(sampleDrafts(3000)); // one second apart from START
    const before = backend.transactions;
    await expect(log.prune(new Date(START + DAY), { retentionDays: 90, maxEntries: 1000 })).resolves.toMatchObject({ through: { seq: 2001 }, removed: 2001 });
    expect(backend.transactions).toBe(before + 1);
    expect(log.stats()).toMatchObject({ count: 1000, firstSeq: 2002, lastSeq: 3001, checkpoint: { seq: 2001 } });
    // Age: at START + 1 day + 2,500.5 s, entries before seq 2502 are older than a day.
    await expect(log.prune(new Date(START + DAY + 2_500_500), { retentionDays: 1, maxEntries: 1000 })).resolves.toMatchObject({ through: { seq: 2501 }, removed: 500 });
    await expect(log.prune(new Date(START + DAY + 2_500_500), { retentionDays: 1, maxEntries: 1000 })).resolves.toBeNull();
    await expect(log.verify()).resolves.toMatchObject({ ok: true, count: 501, checkpoint: { seq: 2501 } });
    const jsonl = await text(log.exportAll("jsonl", { chunkEntries: 64 }));
    await expect(verifyJsonl(jsonl.split("\n"), sha256)).resolves.toMatchObject({ ok: true, count: 501, checkpoint: { seq: 2501 } });
    await expect(log.append(SAMPLE_DRAFTS.metered)).resolves.toMatchObject({ seq: 3003 });
  });

  it("ends an export chunk soon after maxChars, so a large log takes few replies of bounded size", async () => {
    const backend = new MemoryLogBackend(false);
    await backend.add(await sampleChain(25_000, sha256));
    const log = await open(backend);
    const whole = await log.exportChunk("jsonl", null, 1_000_000);
    expect(whole.next).toBeNull();
    const texts: string[] = [];
    let through: number | null = null;
    for (let from: number | null = null; texts.length === 0 || from !== null; ) {
      const c: { text: string; next: number | null; through: number | null } = await log.exportChunk("jsonl", from, 1_000_000, 1_000_000, through);
      texts.push(c.text);
      from = c.next;
      through = c.through;
    }
    // Read 10,000 entries at a time: each chunk stops after the step that passed a million characters.
    expect(texts.map((t) => t.split("\n").length - 1)).toEqual([10_001, 10_000, 5_000]);
    expect(texts.join("").slice(texts[0]!.indexOf("\n"))).toBe(whole.text.slice(whole.text.indexOf("\n")));
    await expect(verifyJsonl(texts.join("").split("\n"), sha256)).resolves.toMatchObject({ ok: true, count: 25_000 });
  });

  it("refuses to finish an export that retention cut meanwhile", async () => {
    const backend = new MemoryLogBackend();
    const log = await open(backend);
    await log.appendBatch(sampleDrafts(3000));
    const chunks = log.exportAll("jsonl", { chunkEntries: 1000 });
    await chunks.next(); // header
    await chunks.next(); // seqs 1..1000
    await log.prune(new Date(START), { retentionDays: 90, maxEntries: 1000 });
    await expect(chunks.next()).rejects.toThrow("the log changed while it was read");
  });
});
