// Node (jest e2e): reads the extension's audit log as it is stored (IndexedDB "seedgate-log" of the extension's
// origin), from an extension page, without going through the code under test (each row's line parsed).
import type { BrowserContext } from "playwright-core";
import type { LogEntry, LogType } from "../../../extension/core/log";
import { waitFor } from "./wait-for";

export async function readLog(context: BrowserContext, origin: string): Promise<LogEntry[]> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/manifest.json`);
    return await page.evaluate(
      () =>
        new Promise<LogEntry[]>((resolve, reject) => {
          const open = indexedDB.open("seedgate-log");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains("entries")) return resolve([]);
            const req = db.transaction("entries").objectStore("entries").getAll();
            req.onsuccess = () => {
              db.close();
              // Rows hold each entry's line (core/log/stored.ts); rows of the first shape are whole entries.
              resolve((req.result as { line?: unknown }[]).map((r) => (typeof r.line === "string" ? (JSON.parse(r.line) as LogEntry) : (r as LogEntry))));
            };
            req.onerror = () => reject(req.error);
          };
        }),
    );
  } finally {
    await page.close();
  }
}

/** Waits until the log holds an entry `match` accepts, and answers the whole log then. */
export async function waitForEntry(
  context: BrowserContext,
  origin: string,
  what: string,
  match: (e: LogEntry) => boolean,
  timeout = 20_000,
): Promise<LogEntry[]> {
  return waitFor(() => readLog(context, origin), { timeout, interval: 500, message: `an audit log entry: ${what}` }, (log) => log.some(match));
}

export const ofType = <T extends LogType>(log: readonly LogEntry[], type: T) => log.filter((e): e is Extract<LogEntry, { type: T }> => e.type === type);
