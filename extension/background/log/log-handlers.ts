// Background: the options page's Log section requests: pages of entries, "who learned my IP address", and the
// export chunk by chunk (a chunk per message, each reply at most about 16 million characters, whatever the log's size).
import { keyFingerprint, type LogEntry } from "../../core/log";
import { learnersOf } from "../../core/log/learners";
import { webCryptoSha256 } from "../../core/log/canonical";
import { LOG_EXPORT_CHUNK, LOG_EXPORT_MAX_CHARS, type InstallKeyView, type LogQueryFilter, type UiReply } from "../../shared/ui-messages";
import type { InstallKeyStore } from "./install-key-store";
import type { LogStore } from "./log-store";

const digest = webCryptoSha256;

async function keyView(keys: InstallKeyStore): Promise<InstallKeyView> {
  const current = await keys.current();
  const previous = (await keys.list()).filter((k) => k.publicKey !== current.publicKey && k.retiredAt !== null).reverse();
  return {
    fingerprint: await keyFingerprint(current.publicKey, digest),
    publicKey: current.publicKey,
    createdAt: current.createdAt,
    previous: await Promise.all(previous.map(async (k) => ({ fingerprint: await keyFingerprint(k.publicKey, digest), createdAt: k.createdAt, retiredAt: k.retiredAt }))),
  };
}

export function makeLogHandlers(log: Promise<LogStore> | undefined, keys?: Promise<InstallKeyStore>) {
  const store = () => log ?? Promise.reject(new Error("The audit log is not open."));
  const keyStore = () => keys ?? Promise.reject(new Error("The install key is not available."));
  return {
    async "log/query"({ filter, limit, cursor }: { filter: LogQueryFilter; limit: number; cursor: number | null }): Promise<UiReply["log/query"]> {
      return (await store()).query({ ...filter, limit, cursor });
    },
    async "log/who-learned"({ site }: { site: string }): Promise<UiReply["log/who-learned"]> {
      const s = await store();
      const found: LogEntry[] = [];
      let cursor: number | null | undefined = undefined;
      do {
        const page = await s.query({ site, type: "connection-opened", limit: 1000, cursor, maxScan: 50_000 });
        found.push(...page.entries);
        cursor = page.cursor;
      } while (cursor !== null);
      return learnersOf(found);
    },
    async "log/export"({ format, from, through }: { format: "jsonl" | "csv"; from: number | null; through: number | null }): Promise<UiReply["log/export"]> {
      return (await store()).exportChunk(format, from, LOG_EXPORT_CHUNK, LOG_EXPORT_MAX_CHARS, through);
    },
    async "log/key"(): Promise<UiReply["log/key"]> {
      return keyView(await keyStore());
    },
    async "log/rotate-key"(): Promise<UiReply["log/rotate-key"]> {
      await (await store()).rotateKey();
      return keyView(await keyStore());
    },
    async "log/clear"(): Promise<UiReply["log/clear"]> {
      // Retention with no room left: everything goes, and the log-pruned entry (retentionDays 0, maxEntries 1)
      // records that the user cleared it.
      const plan = await (await store()).prune(new Date(), { retentionDays: 0, maxEntries: 1 });
      return { removed: plan?.removed ?? 0 };
    },
  };
}
