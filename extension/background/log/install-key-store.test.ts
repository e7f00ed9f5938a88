// The install key in IndexedDB (fake-indexeddb, which stores CryptoKeys by structured clone as browsers do) and
// the log store signing with it: created once, the same after a reopen, never exportable; signed checkpoints every
// N entries; a signed export that verifies under the key's fingerprint; rotation, also when it was interrupted.
import "fake-indexeddb/auto";
import { createHash } from "node:crypto";
import { keyFingerprint, verifyJsonl, type Digest } from "../../core/log";
import { sampleDrafts, SAMPLE_DRAFTS } from "../../core/log/sample-entries";
import { openIdbLogBackend } from "./idb-log-backend";
import { openInstallKeyStore } from "./install-key-store";
import { makeLogHandlers } from "./log-handlers";
import { openLogStore, type LogStore } from "./log-store";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const START = Date.parse("2025-03-01T12:00:00.000Z");
const now = () => new Date(START);
let n = 0;
const fresh = () => `key-test-${++n}`;

async function exportAll(log: LogStore): Promise<string> {
  let out = "";
  for await (const c of log.exportAll("jsonl")) out += c;
  return out;
}

describe("install key store", () => {
  it("creates one key on first use, keeps it across a reopen, and never lets its private key out", async () => {
    const name = fresh();
    const keys = await openInstallKeyStore(name, now);
    const [a, b] = await Promise.all([keys.current(), keys.current()]);
    expect(a.publicKey).toBe(b.publicKey);
    expect(await keys.list()).toHaveLength(1);
    const again = await (await openInstallKeyStore(name, now)).current();
    expect(again.publicKey).toBe(a.publicKey);
    expect(again.privateKey!.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("pkcs8", again.privateKey!)).rejects.toThrow();
    await expect(crypto.subtle.exportKey("jwk", again.privateKey!)).rejects.toThrow();
  });

  it("promotes a next key and deletes the retired one's private key", async () => {
    const keys = await openInstallKeyStore(fresh(), now);
    const first = await keys.current();
    const next = await keys.createNext();
    expect((await keys.current()).publicKey).toBe(first.publicKey);
    await keys.promote(next.publicKey);
    expect((await keys.current()).publicKey).toBe(next.publicKey);
    const list = await keys.list();
    expect(list.find((k) => k.publicKey === first.publicKey)).toMatchObject({ privateKey: null, retiredAt: new Date(START).toISOString() });
    await expect(keys.canSign(first.publicKey)).resolves.toBe(false);
    expect(() => keys.signer(list.find((k) => k.publicKey === first.publicKey)!)).toThrow("retired");
  });
});

describe("log store with the install key", () => {
  const open = async (name: string, every = 100) =>
    openLogStore(await openIdbLogBackend(name), { digest: sha256, now, keys: await openInstallKeyStore(`${name}-keys`, now), checkpointEvery: every });

  it("signs a checkpoint every N entries and the export's header; the export verifies under the key's fingerprint", async () => {
    const name = fresh();
    const log = await open(name);
    // Five bursts of 50: a checkpoint follows the write that reaches 100 entries since the last one.
    for (let i = 0; i < 5; i++) await log.appendBatch(sampleDrafts(50));
    await log.signCheckpoint(); // the hourly one: after the last 50
    const text = await exportAll(log);
    const fp = await keyFingerprint((await (await openInstallKeyStore(`${name}-keys`)).current()).publicKey, sha256);
    const v = await verifyJsonl(text.split("\n"), sha256);
    expect(v).toMatchObject({ ok: true, signing: { signed: true, key: { fingerprint: fp }, checkpoints: 3 } });
    const signed = text.split("\n").filter((l) => l.includes('"type":"log-signed"')).map((l) => JSON.parse(l) as { seq: number });
    expect(signed.map((e) => e.seq)).toEqual([101, 202, 253]);
    await expect(log.signCheckpoint()).resolves.toBeNull(); // nothing new since
    await log.append(SAMPLE_DRAFTS.metered);
    // The hourly one skips while the last checkpoint is recent (every worker start asks too).
    await expect(log.signCheckpoint({ ifOlderThanMs: 50 * 60_000 })).resolves.toBeNull();
    await expect(log.signCheckpoint()).resolves.toMatchObject({ type: "log-signed", seq: 255 });
  });

  it("rotates: the old key's checkpoint names the new key, later signatures are the new key's, and the export verifies", async () => {
    const name = fresh();
    const log = await open(name);
    const keys = await openInstallKeyStore(`${name}-keys`);
    const old = (await keys.current()).publicKey;
    await log.appendBatch(sampleDrafts(30));
    await log.rotateKey();
    await log.appendBatch(sampleDrafts(120));
    const next = (await keys.current()).publicKey;
    expect(next).not.toBe(old);
    const v = await verifyJsonl((await exportAll(log)).split("\n"), sha256);
    expect(v).toMatchObject({ ok: true, signing: { signed: true, key: { fingerprint: await keyFingerprint(next, sha256) } } });
    expect(v.ok && v.signing.keys.map((k) => k.publicKey)).toEqual([old, next]);
  });

  it("finishes a rotation that stopped after its handover was written", async () => {
    const name = fresh();
    const keys = await openInstallKeyStore(`${name}-keys`, now);
    const log = await open(name);
    await log.appendBatch(sampleDrafts(5));
    // What rotateKey does, stopped before the promotion: the next key exists and the chain names it.
    const next = await keys.createNext();
    const { signedCheckpointDraft } = await import("../../core/log");
    const tail = (await log.query({ limit: 1 })).entries[0]!;
    await log.append(await signedCheckpointDraft({ seq: tail.seq, hash: tail.hash }, new Date(START).toISOString(), keys.signer(await keys.current()), next.publicKey));
    const reopened = await open(name);
    expect((await keys.current()).publicKey).toBe(next.publicKey);
    await reopened.appendBatch(sampleDrafts(3));
    await expect(verifyJsonl((await exportAll(reopened)).split("\n"), sha256)).resolves.toMatchObject({ ok: true, signing: { signed: true } });
  });
});

describe("log/key and log/rotate-key", () => {
  it("answer the current key's fingerprint and public key, and after a rotation list the retired one", async () => {
    const name = fresh();
    const keys = openInstallKeyStore(`${name}-keys`, now);
    const store = (async () => openLogStore(await openIdbLogBackend(name), { digest: sha256, now, keys: await keys }))();
    const handlers = makeLogHandlers(store, keys);
    const first = await handlers["log/key"]();
    expect(first).toEqual({ fingerprint: await keyFingerprint(first.publicKey, sha256), publicKey: (await (await keys).current()).publicKey, createdAt: new Date(START).toISOString(), previous: [] });
    const second = await handlers["log/rotate-key"]();
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.previous).toEqual([{ fingerprint: first.fingerprint, createdAt: first.createdAt, retiredAt: new Date(START).toISOString() }]);
    // The handover is in the log, signed by the first key.
    const [handover] = (await (await store).query({ type: "log-signed", limit: 1 })).entries;
    expect(handover).toMatchObject({ type: "log-signed", details: { publicKey: first.publicKey, nextKey: second.publicKey } });
  });
});
