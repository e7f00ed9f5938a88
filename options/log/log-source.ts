// Options (DOM): the Log section's view of the audit log, over the background's log/* requests.
import type { LogFilter } from "../../extension/core/log";
import type { Send } from "../../ui/send-context";

/** Every chunk of an export, in order (the first holds the header). */
export async function* exportChunks(send: Send, format: "jsonl" | "csv"): AsyncGenerator<string> {
  let from: number | null = null;
  let through: number | null = null;
  do {
    const chunk: { text: string; next: number | null; through: number | null } = await send({ type: "log/export", format, from, through });
    yield chunk.text;
    from = chunk.next;
    through = chunk.through;
  } while (from !== null);
}

export const queryLog = (send: Send, filter: LogFilter, limit: number, cursor: number | null) => send({ type: "log/query", filter, limit, cursor });
