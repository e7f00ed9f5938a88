// Background: the audit log in IndexedDB (through idb). Entries are keyed by seq, indexed by [site, seq] and
// [type, seq] for the viewer; each row holds the entry's exported line (core/log/stored.ts), rows of the first
// shape (whole entries, same key and index fields) are still read; `meta` holds the checkpoint. Writes ask for strict durability: an acknowledged
// entry is on disk, not only past a service-worker stop but past a crash of the browser or the OS.
import { openDB, type DBSchema } from "idb";
import { fromStored, storedLine, toStored, type Checkpoint, type LogEntry, type StoredEntry } from "../../core/log";
import type { LogBackend, LogIndex } from "./log-backend";

interface LogSchema extends DBSchema {
  entries: { key: number; value: StoredEntry | LogEntry; indexes: { site: [string, number]; type: [string, number] } };
  meta: { key: "checkpoint"; value: Checkpoint };
}

const STRICT: IDBTransactionOptions = { durability: "strict" };

export async function openIdbLogBackend(name = "seedgate-log"): Promise<LogBackend> {
  const db = await openDB<LogSchema>(name, 1, {
    upgrade(db) {
      const entries = db.createObjectStore("entries", { keyPath: "seq" });
      // Entries without a site (global events) are simply not in the site index.
      entries.createIndex("site", ["site", "seq"]);
      entries.createIndex("type", ["type", "seq"]);
      db.createObjectStore("meta");
    },
  });

  return {
    async head() {
      const tx = db.transaction(["entries", "meta"]);
      const entries = tx.objectStore("entries");
      const [last, first, checkpoint] = await Promise.all([
        entries.openCursor(null, "prev"),
        entries.openKeyCursor(null, "next"),
        tx.objectStore("meta").get("checkpoint"),
        tx.done,
      ]);
      return { last: last ? fromStored(last.value) : null, firstSeq: first?.key ?? null, checkpoint: checkpoint ?? null };
    },

    async add(entries) {
      const tx = db.transaction("entries", "readwrite", STRICT);
      // `add`, not `put`: an existing seq aborts the transaction instead of being overwritten.
      await Promise.all([...entries.map((e) => tx.store.add(toStored(e))), tx.done]);
    },

    ascending: async (fromSeq, limit) => (await db.getAll("entries", IDBKeyRange.lowerBound(fromSeq), limit)).map(fromStored),
    ascendingLines: async (fromSeq, limit) => (await db.getAll("entries", IDBKeyRange.lowerBound(fromSeq), limit)).map(storedLine),

    async descending(beforeSeq: number, limit: number, index?: LogIndex) {
      const tx = db.transaction("entries");
      let cursor = index
        ? await ("site" in index
            ? tx.store.index("site").openCursor(IDBKeyRange.bound([index.site, -Infinity], [index.site, beforeSeq], false, true), "prev")
            : tx.store.index("type").openCursor(IDBKeyRange.bound([index.type, -Infinity], [index.type, beforeSeq], false, true), "prev"))
        : await tx.store.openCursor(IDBKeyRange.upperBound(beforeSeq, true), "prev");
      const out: LogEntry[] = [];
      while (cursor && out.length < limit) {
        out.push(fromStored(cursor.value));
        cursor = await cursor.continue();
      }
      return out;
    },

    async prune(through, record) {
      const tx = db.transaction(["entries", "meta"], "readwrite", STRICT);
      const entries = tx.objectStore("entries");
      await Promise.all([entries.delete(IDBKeyRange.upperBound(through.seq)), tx.objectStore("meta").put(through, "checkpoint"), entries.add(toStored(record)), tx.done]);
    },
  };
}
