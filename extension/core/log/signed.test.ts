// Signed exports and signed checkpoints, verified as `npm run verify-log` and the Log section verify them: what a
// forger holding the file and this public core can and cannot make pass. Each "refused" case was checked to pass
// (wrongly) with its defence removed: with SignatureWalk.check's signature test taken out the re-hashed rollup
// verified; with the key-continuity test taken out the forger's own checkpoints verified; with checkHeader's
// signature test taken out the forged head verified.
import { createHash } from "node:crypto";
import { hashEntry, type Digest } from "./canonical";
import { appendBatch } from "./chain";
import type { Checkpoint, LogEntry } from "./entry";
import { toJsonl } from "./export";
import { pruneChain } from "./retention";
import { sampleDrafts } from "./sample-entries";
import { signedCheckpointDraft, toSignedJsonl } from "./signed";
import { createInstallKey, keyFingerprint, signerOf, type Signer } from "./signing";
import { verifyJsonl, type JsonlVerdict } from "./verify-file";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const subtle = globalThis.crypto.subtle;
const AT = "2025-03-02T00:00:00.000Z";
const newSigner = async (): Promise<Signer> => signerOf(subtle, await createInstallKey(subtle));
const verifyText = (text: string) => verifyJsonl(text.split("\n"), sha256, subtle);
const failure = (v: JsonlVerdict) => (v.ok ? v : { line: v.line, seq: v.seq, reason: v.reason });
const tail = (c: readonly LogEntry[]): Checkpoint | null => (c.length ? { seq: c.at(-1)!.seq, hash: c.at(-1)!.hash } : null);

/** `n` entries with a signed checkpoint after every `every`; `rotateAt` (a checkpoint's number) hands over to `next`. */
async function signedChain(n: number, every: number, signer: Signer, rotate?: { at: number; next: Signer }): Promise<LogEntry[]> {
  const drafts = sampleDrafts(n);
  let chain: LogEntry[] = [];
  let key = signer;
  for (let i = 0, k = 1; i < n; i += every, k++) {
    chain = chain.concat(await appendBatch(tail(chain), drafts.slice(i, i + every), sha256));
    const last = chain.at(-1)!;
    const next = rotate && rotate.at === k ? rotate.next : null;
    chain = chain.concat(await appendBatch(tail(chain), [await signedCheckpointDraft(tail(chain), last.time, key, next?.publicKey ?? null)], sha256));
    if (next) key = next;
  }
  return chain;
}

/** What a forger does with the public core: change entry `i`, then recompute its hash and every later one. */
async function forge(chain: readonly LogEntry[], i: number, change: (e: LogEntry) => void): Promise<LogEntry[]> {
  const out = structuredClone(chain) as LogEntry[];
  change(out[i]!);
  for (let j = i; j < out.length; j++) {
    const e = out[j]!;
    if (j > 0) e.prevHash = out[j - 1]!.hash;
    // The forger keeps each checkpoint naming the entry before it; only the signature cannot follow.
    if (e.type === "log-signed" && j > 0) e.details.through = { seq: out[j - 1]!.seq, hash: out[j - 1]!.hash };
    out[j]!.hash = await hashEntry(out[j]!, sha256);
  }
  return out;
}

const raiseRollup = (e: LogEntry) => {
  if (e.type !== "bytes") throw new Error("not a rollup");
  e.details.up += 1_048_576;
};

describe("signed export", () => {
  let key: Signer;
  let fingerprint: string;
  let chain: LogEntry[];
  beforeAll(async () => {
    key = await newSigner();
    fingerprint = await keyFingerprint(key.publicKey, sha256);
    chain = await signedChain(300, 100, key); // checkpoints at seq 101, 202, 303
  });
  const rollupAfter = (seq: number) => chain.findIndex((e) => e.seq > seq && e.type === "bytes");

  it("verifies, names the key that signed it, and counts its checkpoints", async () => {
    const v = await verifyText(await toSignedJsonl(chain, null, AT, key));
    expect(v).toMatchObject({ ok: true, count: 303, head: tail(chain), signing: { signed: true, key: { fingerprint }, checkpoints: 3 } });
    expect(v.ok && v.signing.keys.map((k) => k.fingerprint)).toEqual([fingerprint]);
  });

  it("refuses one rollup raised with every later hash and the head recomputed, naming the first entry it cannot vouch for", async () => {
    // The rollup after the first checkpoint: the first checkpoint still vouches for seq 1-100.
    const i = rollupAfter(101);
    const forged = await forge(chain, i, raiseRollup);
    const v = await verifyText(await toSignedJsonl(forged, null, AT, { publicKey: key.publicKey, sign: async () => "AAAA" }));
    expect(failure(v)).toEqual({ line: 103, seq: 102, reason: expect.stringContaining("the signature of the checkpoint at seq 202") });
    expect(failure(v)).toMatchObject({ reason: expect.stringContaining("entries from seq 102 on are not vouched for") });
    // A rollup after the last checkpoint: only the header's signature covered it, and it no longer holds.
    const longer = chain.concat(await appendBatch(tail(chain), sampleDrafts(20), sha256));
    const late = await forge(longer, longer.findIndex((e) => e.seq > 303 && e.type === "bytes"), raiseRollup);
    const real = (await toSignedJsonl(longer, null, AT, key)).split("\n");
    const headerForged = real[0]!.replace(longer.at(-1)!.hash, late.at(-1)!.hash);
    const v2 = await verifyText([headerForged, ...toJsonl(late, null, AT).split("\n").slice(1)].join("\n"));
    expect(failure(v2)).toEqual({ line: 305, seq: 304, reason: expect.stringContaining("the header's signature") });
  });

  it("refuses a forger's own key after a real checkpoint, and shows another fingerprint when every signature is the forger's", async () => {
    const forger = await newSigner();
    const i = rollupAfter(101);
    const forged = await forge(chain, i, raiseRollup);
    // Re-sign the later checkpoints and the header with the forger's key: the chain's key changes without a rotation.
    const resigned: LogEntry[] = forged.slice(0, 101);
    for (const e of forged.slice(101)) {
      const draft = e.type === "log-signed" ? await signedCheckpointDraft(tail(resigned), e.time, forger) : e;
      resigned.push(...(await appendBatch(tail(resigned), [draft], sha256)));
    }
    const v = await verifyText(await toSignedJsonl(resigned, null, AT, forger));
    expect(failure(v)).toEqual({ line: 103, seq: 102, reason: expect.stringMatching(/checkpoint at seq 202 is signed by key .*no rotation handed over/) });

    // Every signature the forger's, from the start: the file verifies, but under a fingerprint that is not the
    // install's. This is why the fingerprint is printed and can be required (verify-log --key).
    const all: LogEntry[] = [];
    for (const e of forged) {
      const draft = e.type === "log-signed" ? await signedCheckpointDraft(tail(all), e.time, forger) : e;
      all.push(...(await appendBatch(tail(all), [draft], sha256)));
    }
    const v2 = await verifyText(await toSignedJsonl(all, null, AT, forger));
    expect(v2).toMatchObject({ ok: true, signing: { signed: true } });
    expect(v2.ok && v2.signing.signed && v2.signing.key.fingerprint).not.toBe(fingerprint);
  });

  it("still names a flipped byte at its own line", async () => {
    const lines = (await toSignedJsonl(chain, null, AT, key)).split("\n");
    lines[150] = lines[150]!.replace('"tab":7', '"tab":8');
    expect(failure(await verifyText(lines.join("\n")))).toEqual({ line: 151, seq: 150, reason: expect.stringContaining("hash does not match") });
  });

  it("refuses entries cut from or added to the end, and an edited header", async () => {
    const text = await toSignedJsonl(chain, null, AT, key);
    const lines = text.split("\n");
    // Cut after seq 259: seq 1-202 are vouched for by the checkpoint at 202.
    expect(failure(await verifyText(lines.slice(0, 260).join("\n")))).toEqual({ line: 204, seq: 203, reason: expect.stringContaining("the signed header names head seq 303, but the file ends at seq 259") });
    const more = await appendBatch(tail(chain), sampleDrafts(2), sha256);
    expect(failure(await verifyText(text + toJsonl(more, null, AT).split("\n").slice(1).join("\n")))).toEqual({ line: 305, seq: 304, reason: expect.stringContaining("added after the signed head") });
    const later = lines[0]!.replace(AT, "2025-03-03T00:00:00.000Z");
    expect(failure(await verifyText([later, ...lines.slice(1)].join("\n")))).toEqual({ line: 1, seq: null, reason: expect.stringContaining("the header's signature") });
    const spaced = lines[0]!.replace('"count":', '"count": ');
    expect(failure(await verifyText([spaced, ...lines.slice(1)].join("\n")))).toMatchObject({ line: 1, reason: expect.stringContaining("canonical") });
    const extra = lines[0]!.replace('{"checkpoint"', '{"a":1,"checkpoint"');
    expect(failure(await verifyText([extra, ...lines.slice(1)].join("\n")))).toMatchObject({ line: 1, reason: expect.stringContaining('unexpected field "a"') });
  });

  it("follows a rotation: the old key's checkpoint names the new key, which signs from there on", async () => {
    const next = await newSigner();
    const rotated = await signedChain(300, 100, key, { at: 2, next }); // checkpoint 202 hands over
    const v = await verifyText(await toSignedJsonl(rotated, null, AT, next));
    const nextFp = await keyFingerprint(next.publicKey, sha256);
    expect(v).toMatchObject({ ok: true, signing: { signed: true, key: { fingerprint: nextFp }, checkpoints: 3 } });
    expect(v.ok && v.signing.keys).toEqual([
      { publicKey: key.publicKey, fingerprint, since: 101 },
      { publicKey: next.publicKey, fingerprint: nextFp, since: 202 },
    ]);
    // The old key may not sign once it handed over.
    expect(failure(await verifyText(await toSignedJsonl(rotated, null, AT, key)))).toEqual({ line: 1, seq: null, reason: expect.stringContaining("the header is signed by key") });
  });

  it("verifies a pruned signed export; an unsigned (version 1) file verifies as chain only", async () => {
    const pruned = await pruneChain(chain, null, new Date(AT), { retentionDays: 90, maxEntries: 150 }, sha256);
    const withCp = pruned.entries.concat(await appendBatch(tail(pruned.entries), [await signedCheckpointDraft(tail(pruned.entries), AT, key)], sha256));
    await expect(verifyText(await toSignedJsonl(withCp, pruned.checkpoint, AT, key))).resolves.toMatchObject({ ok: true, count: withCp.length, checkpoint: pruned.checkpoint, signing: { signed: true, checkpoints: 3 } });
    const v1 = await verifyText(toJsonl(chain, null, AT));
    expect(v1).toMatchObject({ ok: true, signing: { signed: false, checkpoints: 3, vouchedThrough: 303 } });
    // A forged rollup in an unsigned copy is still caught by the checkpoints it carries.
    const forged = await forge(chain, rollupAfter(101), raiseRollup);
    expect(failure(await verifyText(toJsonl(forged, null, AT)))).toMatchObject({ seq: 102, reason: expect.stringContaining("checkpoint at seq 202") });
  });

  it("measures verifying 100,000 signed entries (checkpoints every 1,000)", async () => {
    const big = await signedChain(100_000, 1000, key);
    const text = await toSignedJsonl(big, null, AT, key);
    const t = performance.now();
    const v = await verifyText(text);
    const ms = performance.now() - t;
    expect(v).toMatchObject({ ok: true, count: 100_100, signing: { signed: true, checkpoints: 100 } });
    console.log(`verify 100,100 entries with 100 signed checkpoints and a signed header: ${ms.toFixed(0)} ms (node:crypto SHA-256, WebCrypto ECDSA)`);
  }, 60_000);
});
