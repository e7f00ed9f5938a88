// Background: the options page's Log section requests: pages of entries, "who learned my IP address", and the
// export chunk by chunk (a chunk per message, each reply at most about 16 million characters, whatever the log's size).
import type { LogEntry } from "../../core/log";
import { learnersOf } from "../../core/log/learners";
import { LOG_EXPORT_CHUNK, LOG_EXPORT_MAX_CHARS, type LogQueryFilter, type UiReply } from "../../shared/ui-messages";
import type { LogStore } from "./log-store";

export function makeLogHandlers(log: Promise<LogStore> | undefined) {
  const store = () => log ?? Promise.reject(new Error("The audit log is not open."));
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
    async "log/export"({ format, from }: { format: "jsonl" | "csv"; from: number | null }): Promise<UiReply["log/export"]> {
      return (await store()).exportChunk(format, from, LOG_EXPORT_CHUNK, LOG_EXPORT_MAX_CHARS);
    },
    async "log/clear"(): Promise<UiReply["log/clear"]> {
      // Retention with no room left: everything goes, and the log-pruned entry (retentionDays 0, maxEntries 1)
      // records that the user cleared it.
      const plan = await (await store()).prune(new Date(), { retentionDays: 0, maxEntries: 1 });
      return { removed: plan?.removed ?? 0 };
    },
  };
}
