import { createHash } from "node:crypto";
import type { Digest } from "./canonical";
import { appendBatch, verifyChain } from "./chain";
import { planPrune, pruneChain } from "./retention";
import { sampleChain, sampleDrafts } from "./sample-entries";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const START = Date.parse("2025-01-01T00:00:00.000Z");
const DAY = 86_400_000;

describe("retention", () => {
  it("keeps at most maxEntries (the log-pruned entry included) and the rest verifies from the checkpoint", async () => {
    const chain = await sampleChain(30, sha256, START);
    const now = new Date(START + DAY);
    const r = await pruneChain(chain, null, now, { retentionDays: 90, maxEntries: 10 }, sha256);
    expect(r.entries.map((e) => e.seq)).toEqual([22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
    expect(r.checkpoint).toEqual({ seq: 21, hash: chain[20]!.hash });
    expect(r.entries.at(-1)).toMatchObject({ type: "log-pruned", time: now.toISOString(), details: { through: r.checkpoint, removed: 21, maxEntries: 10 } });
    await expect(verifyChain(r.entries, sha256, { checkpoint: r.checkpoint })).resolves.toMatchObject({ ok: true, count: 10 });
  });

  it("removes entries older than retentionDays, and only from the head", async () => {
    const chain = await sampleChain(20, sha256, START);
    // Entries are one second apart: the first six are older than one day at this instant.
    const now = new Date(START + DAY + 5_500);
    expect(planPrune(chain, now, { retentionDays: 1, maxEntries: 1000 })).toEqual({ through: { seq: 6, hash: chain[5]!.hash }, removed: 6 });
    // An old entry after a recent one stays (a clock set back must not punch a hole in the chain).
    const older = [chain[10]!, { ...chain[11]!, time: new Date(START).toISOString() }];
    expect(planPrune(older, now, { retentionDays: 1, maxEntries: 1000 })).toBeNull();
  });

  it("keeps everything when nothing is due, and prunes a log whose entries are all old down to its record", async () => {
    const chain = await sampleChain(5, sha256, START);
    const kept = await pruneChain(chain, null, new Date(START), { retentionDays: 1, maxEntries: 1000 }, sha256);
    expect(kept).toEqual({ entries: chain, checkpoint: null, plan: null });
    const gone = await pruneChain(chain, null, new Date(START + 10 * DAY), { retentionDays: 1, maxEntries: 1000 }, sha256);
    expect(gone.entries.map((e) => [e.seq, e.type])).toEqual([[6, "log-pruned"]]);
    await expect(verifyChain(gone.entries, sha256, { checkpoint: gone.checkpoint })).resolves.toMatchObject({ ok: true, count: 1 });
  });

  it("verifies after pruning twice; cutting more of the head, or dropping the checkpoint, is detected", async () => {
    const chain = await sampleChain(40, sha256, START);
    const policy = { retentionDays: 90, maxEntries: 20 };
    const once = await pruneChain(chain, null, new Date(START + DAY), policy, sha256);
    const tail = once.entries.at(-1)!;
    const grown = [...once.entries, ...(await appendBatch({ seq: tail.seq, hash: tail.hash }, sampleDrafts(5, START + DAY), sha256))];
    const twice = await pruneChain(grown, once.checkpoint, new Date(START + 2 * DAY), { ...policy, maxEntries: 15 }, sha256);
    await expect(verifyChain(twice.entries, sha256, { checkpoint: twice.checkpoint })).resolves.toMatchObject({ ok: true, count: 15 });

    const cut = twice.entries.slice(3);
    const forgedCheckpoint = { seq: twice.entries[2]!.seq, hash: twice.entries[2]!.hash };
    const last = cut.length - 1; // the newest log-pruned entry still names the old checkpoint
    await expect(verifyChain(cut, sha256, { checkpoint: forgedCheckpoint })).resolves.toMatchObject({ ok: false, index: last, reason: expect.stringContaining("names checkpoint seq") });
    await expect(verifyChain(twice.entries, sha256)).resolves.toMatchObject({ ok: false, index: 0, reason: "seq 33 where 1 was expected (entries deleted, inserted or reordered)" });
    const noRecord = chain.slice(10);
    await expect(verifyChain(noRecord, sha256, { checkpoint: { seq: 10, hash: chain[9]!.hash } })).resolves.toMatchObject({ ok: false, index: 0, seq: 11, reason: expect.stringContaining("no log-pruned entry") });
  });
});
