// Node (jest e2e): reads the extension's audit log as it is stored (IndexedDB "seedgate-log" of the extension's
// origin), with the extension's privileges, without going through the code under test (each row's line parsed).
// `from`: a Playwright context and the extension's origin (read from a page of that origin), or the extension of
// the browser dimension (read where ExtensionApi.evaluate runs: the worker, or an extension page in Firefox).
import type { BrowserContext } from "playwright-core";
import type { ExtensionApi } from "./browser-session";
import type { LogEntry, LogType } from "../../../extension/core/log";
import { waitFor } from "./wait-for";

function readStoredLog(): Promise<LogEntry[]> {
  return new Promise<LogEntry[]>((resolve, reject) => {
    const open = indexedDB.open("seedgate-log");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains("entries")) return resolve([]);
      const req = db.transaction("entries").objectStore("entries").getAll();
      req.onsuccess = () => {
        db.close();
        resolve((req.result as { line?: unknown }[]).map((r) => (typeof r.line === "string" ? (JSON.parse(r.line) as LogEntry) : (r as LogEntry))));
      };
      req.onerror = () => reject(req.error);
    };
  });
}

export async function readLog(from: BrowserContext | ExtensionApi, origin?: string): Promise<LogEntry[]> {
  if ("send" in from) return from.evaluate(readStoredLog);
  const page = await from.newPage();
  try {
    await page.goto(`${origin}/manifest.json`);
    return await page.evaluate(readStoredLog);
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

/** waitForEntry for the browser dimension. */
export async function waitForLogEntry(extension: ExtensionApi, what: string, match: (e: LogEntry) => boolean, timeout = 20_000): Promise<LogEntry[]> {
  return waitFor(() => readLog(extension), { timeout, interval: 500, message: `an audit log entry: ${what}` }, (log) => log.some(match));
}

export const ofType = <T extends LogType>(log: readonly LogEntry[], type: T) => log.filter((e): e is Extract<LogEntry, { type: T }> => e.type === type);
