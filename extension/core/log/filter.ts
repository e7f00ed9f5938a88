// Pure: the viewer's filters (site, type, time, free text), one rule shared by the store and the options page.
import type { IsoTime, LogEntry, LogType } from "./entry";
import { flattenDetails } from "./export";

export interface LogFilter {
  site?: string;
  type?: LogType;
  /** Inclusive. */
  from?: IsoTime;
  /** Exclusive. */
  to?: IsoTime;
  /** Case-insensitive substring of the site, frame origin, type or any details value. */
  text?: string;
}

/** The text `filter.text` is searched in, lowercased. */
export function searchText(e: LogEntry): string {
  const parts: unknown[] = [e.site, e.frameOrigin, e.type, ...flattenDetails(e.details).values()];
  return parts.filter((p) => p !== null).join("\n").toLowerCase();
}

export function matchesFilter(e: LogEntry, f: LogFilter): boolean {
  if (f.site !== undefined && e.site !== f.site) return false;
  if (f.type !== undefined && e.type !== f.type) return false;
  if (f.from !== undefined && e.time < f.from) return false;
  if (f.to !== undefined && e.time >= f.to) return false;
  return !f.text || searchText(e).includes(f.text.toLowerCase());
}
