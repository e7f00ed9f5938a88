// Background: the install key in IndexedDB ("seedgate-keys", beside the log's database so clearing the log keeps
// it). The first use creates an ECDSA P-256 pair whose private key is non-extractable: IndexedDB stores the
// CryptoKey itself (a structured clone), which the browser can sign with and nobody can read out; it is never
// exported and never sent. A rotation makes the next key first, the log store has the current key hand over to it
// in a signed checkpoint, then promotes it: the retired key's private half is deleted.
import { openDB, type DBSchema } from "idb";
import { createInstallKey, signerOf, type IsoTime, type Signer } from "../../core/log";

export interface KeyRecord {
  /** base64 SPKI DER: the record's key. */
  publicKey: string;
  /** Null once the key is retired (deleted, so it can sign nothing more). */
  privateKey: CryptoKey | null;
  createdAt: IsoTime;
  retiredAt: IsoTime | null;
}

interface KeySchema extends DBSchema {
  keys: { key: string; value: KeyRecord };
  meta: { key: "current"; value: string };
}

export interface InstallKeyStore {
  /** The key that signs now; created on first use. */
  current(): Promise<KeyRecord>;
  /** A new key, stored but not yet signing (a rotation's first step). */
  createNext(): Promise<KeyRecord>;
  /** Makes `publicKey` (a stored key) the one that signs; the one before is retired and its private key deleted. */
  promote(publicKey: string): Promise<void>;
  /** Whether `publicKey` is a stored key that can still sign. */
  canSign(publicKey: string): Promise<boolean>;
  /** Every key, oldest first. */
  list(): Promise<KeyRecord[]>;
  signer(record: KeyRecord): Signer;
}

export async function openInstallKeyStore(name = "seedgate-keys", now: () => Date = () => new Date(), subtle: SubtleCrypto = crypto.subtle): Promise<InstallKeyStore> {
  const db = await openDB<KeySchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore("keys", { keyPath: "publicKey" });
      db.createObjectStore("meta");
    },
  });
  const fresh = async (): Promise<KeyRecord> => {
    const pair = await createInstallKey(subtle);
    return { publicKey: pair.publicKey, privateKey: pair.privateKey, createdAt: now().toISOString(), retiredAt: null };
  };
  let creating: Promise<KeyRecord> | null = null;

  const store: InstallKeyStore = {
    async current() {
      const id = await db.get("meta", "current");
      const found = id === undefined ? undefined : await db.get("keys", id);
      if (found?.privateKey) return found;
      // One first key, however many callers ask at once.
      creating ??= (async () => {
        const rec = await fresh();
        const tx = db.transaction(["keys", "meta"], "readwrite", { durability: "strict" });
        await Promise.all([tx.objectStore("keys").put(rec), tx.objectStore("meta").put(rec.publicKey, "current"), tx.done]);
        return rec;
      })().finally(() => (creating = null));
      return creating;
    },
    async createNext() {
      const rec = await fresh();
      await db.put("keys", rec);
      return rec;
    },
    async promote(publicKey) {
      const tx = db.transaction(["keys", "meta"], "readwrite", { durability: "strict" });
      const keys = tx.objectStore("keys");
      const meta = tx.objectStore("meta");
      const [next, oldId] = await Promise.all([keys.get(publicKey), meta.get("current")]);
      if (!next?.privateKey) throw new Error("Seedgate: that key cannot sign");
      const old = oldId === undefined || oldId === publicKey ? undefined : await keys.get(oldId);
      if (old) await keys.put({ ...old, privateKey: null, retiredAt: now().toISOString() });
      await meta.put(publicKey, "current");
      await tx.done;
    },
    async canSign(publicKey) {
      return Boolean((await db.get("keys", publicKey))?.privateKey);
    },
    async list() {
      return (await db.getAll("keys")).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    },
    signer(record) {
      if (!record.privateKey) throw new Error("Seedgate: a retired key cannot sign");
      return signerOf(subtle, { privateKey: record.privateKey, publicKey: record.publicKey });
    },
  };
  return store;
}
