// Pure (background): each site's uploads per local day for the last 30 days, for the options page. Separate from
// the budget counters (usage.ts), which keep only the current day and month; this never decides anything.
import { addDays, type DayKey } from "../calendar";
import { isPlainObject, toPlainData } from "../plain-data";
import { isSite } from "../site";

export const HISTORY_DAYS = 30;

/** Site -> local day "YYYY-MM-DD" -> bytes. Null-prototype objects. */
export type UsageHistory = Record<string, Record<DayKey, number>>;

export function emptyHistory(): UsageHistory {
  return Object.create(null) as UsageHistory;
}

/** `history` with `delta` bytes (negative: a refund, never below 0) added to `site` on `day`, in place. */
export function addToHistory(history: UsageHistory, site: string, day: DayKey, delta: number): void {
  if (!Number.isSafeInteger(delta) || delta === 0) return;
  let days = Object.hasOwn(history, site) ? history[site]! : undefined;
  if (!days) {
    if (delta < 0) return;
    days = Object.create(null) as Record<DayKey, number>;
    history[site] = days;
  }
  const before = Object.hasOwn(days, day) ? days[day]! : 0;
  days[day] = Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, before + delta));
}

/** Drops days older than the last HISTORY_DAYS ending `today`, and sites left with none; in place. */
export function pruneHistory(history: UsageHistory, today: DayKey): void {
  const first = addDays(today, -(HISTORY_DAYS - 1));
  for (const site of Object.keys(history)) {
    const days = history[site]!;
    for (const day of Object.keys(days)) if (day < first || days[day] === 0) delete days[day];
    if (Object.keys(days).length === 0) delete history[site];
  }
}

/** The last HISTORY_DAYS days ending `today` for `site`, oldest first, with 0 for days without uploads. */
export function historyOf(history: UsageHistory, site: string, today: DayKey): { day: DayKey; bytes: number }[] {
  const days = Object.hasOwn(history, site) ? history[site]! : undefined;
  const out: { day: DayKey; bytes: number }[] = [];
  for (let i = HISTORY_DAYS - 1; i >= 0; i--) {
    const day = addDays(today, -i);
    out.push({ day, bytes: days && Object.hasOwn(days, day) ? days[day]! : 0 });
  }
  return out;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** History read back from storage; bad entries are dropped. Never throws. */
export function parseHistory(raw: unknown): UsageHistory {
  const out = emptyHistory();
  const copy = toPlainData(raw, { maxNodes: 200_000, maxDepth: 4 });
  if (!copy.ok || !isPlainObject(copy.value)) return out;
  const root = copy.value;
  for (const site of Object.keys(root)) {
    const days = root[site];
    if (!isSite(site) || !isPlainObject(days)) continue;
    for (const day of Object.keys(days)) {
      const b = days[day];
      if (DAY.test(day) && typeof b === "number" && Number.isSafeInteger(b) && b > 0) addToHistory(out, site, day, b);
    }
  }
  return out;
}
