// Pure (background): the upload counters behind the budgets — per site per local day and month, all sites per
// month, and bytes uploaded while metered per month — rolled over at local midnight and month starts.
// Counters only ever move forward in time, so a clock or zone that steps back cannot refill a budget.
import { z } from "../zod";
import { addDays, addMonths, dayKey, monthKey, startOfDay, startOfMonth, type Instant } from "../calendar";
import { isPlainObject, toPlainData } from "../plain-data";
import { isSite } from "../site";

/** Bytes uploaded in one period, named by its key (a local day "YYYY-MM-DD" or month "YYYY-MM"). */
export interface Tally {
  key: string;
  bytes: number;
}

export interface SiteUsage {
  day: Tally;
  month: Tally;
}

export interface Usage {
  /** Site -> its counters. A null-prototype object: read it with `siteUsage`. */
  sites: Record<string, SiteUsage>;
  /** Every site together, for the global monthly cap. */
  global: { month: Tally };
  /**
   * Bytes uploaded while the connection was metered, per local calendar month: the period of the metered budget,
   * like the caps of the mobile plans it protects (see budgets.ts).
   */
  metered: { month: Tally };
}

/** Counters of long-past periods: they count 0. */
const NO_DAY: Tally = Object.freeze({ key: "0001-01-01", bytes: 0 });
const NO_MONTH: Tally = Object.freeze({ key: "0001-01", bytes: 0 });

export function emptyUsage(): Usage {
  return { sites: Object.create(null) as Record<string, SiteUsage>, global: { month: NO_MONTH }, metered: { month: NO_MONTH } };
}

export type Period = "day" | "month";

/**
 * How far a counter's key may run ahead of now's and still be the current period. A zone change (travel west) or
 * a DST change back across midnight moves the local date back by at most 26 hours (UTC+14 to UTC-12), the month
 * by at most one: such a counter keeps counting until the calendar catches up, rather than letting a second
 * "today" refill the budget. A key further ahead can only come from a clock that was wrong: it restarts at 0.
 */
const AHEAD: Record<Period, (key: string) => string> = { day: (k) => addDays(k, 2), month: (k) => addMonths(k, 1) };
const KEY_OF: Record<Period, (now: Instant, tz: string) => string> = { day: dayKey, month: monthKey };
const KEY_SHAPE: Record<Period, RegExp> = { day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/ };

/** The period a counter charges now: its own when that is current (or just ahead), else now's. */
function periodKey(t: Tally, period: Period, now: Instant, tz: string): { key: string; counts: boolean } {
  const current = KEY_OF[period](now, tz);
  const counts = t.key === current || (KEY_SHAPE[period].test(t.key) && t.key > current && t.key <= AHEAD[period](current));
  return { key: counts ? t.key : current, counts };
}

/** Bytes of the current period in `t` (0 when `t` is from an earlier period). */
export function usedNow(t: Tally, period: Period, now: Instant, tz: string): number {
  return periodKey(t, period, now, tz).counts ? t.bytes : 0;
}

/** When the period `t` charges now ends: the first instant after `now` at which the next day or month begins. */
export function refillAt(t: Tally, period: Period, now: Instant, tz: string): Date {
  const { key } = periodKey(t, period, now, tz);
  return period === "day" ? startOfDay(addDays(key, 1), tz, now) : startOfMonth(addMonths(key, 1), tz, now);
}

function add(t: Tally, period: Period, bytes: number, now: Instant, tz: string): Tally {
  const { key, counts } = periodKey(t, period, now, tz);
  return { key, bytes: Math.min(Number.MAX_SAFE_INTEGER, (counts ? t.bytes : 0) + bytes) };
}

/** `site`'s counters (fresh zeros when it has none). Safe for every string, including `__proto__`. */
export function siteUsage(usage: Usage, site: string): SiteUsage {
  return Object.hasOwn(usage.sites, site) ? usage.sites[site]! : { day: NO_DAY, month: NO_MONTH };
}

/**
 * `usage` after `site` uploaded `bytes` at `now`: the site's day and month, the global month and, while
 * `metered`, the metered month. A counter from an earlier period restarts at 0 first. Returns a new object.
 */
export function charge(usage: Usage, site: string, bytes: number, now: Instant, tz: string, metered: boolean): Usage {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`Not a byte count: ${bytes}`);
  const own = siteUsage(usage, site);
  const sites = Object.assign(Object.create(null) as Record<string, SiteUsage>, usage.sites);
  sites[site] = { day: add(own.day, "day", bytes, now, tz), month: add(own.month, "month", bytes, now, tz) };
  return {
    sites,
    global: { month: add(usage.global.month, "month", bytes, now, tz) },
    metered: { month: metered ? add(usage.metered.month, "month", bytes, now, tz) : usage.metered.month },
  };
}

/** `usage` without the sites whose day and month are both over (and so count 0): keeps storage small. */
export function pruneUsage(usage: Usage, now: Instant, tz: string): Usage {
  const sites = Object.create(null) as Record<string, SiteUsage>;
  for (const site of Object.keys(usage.sites)) {
    const u = usage.sites[site]!;
    if (usedNow(u.day, "day", now, tz) > 0 || usedNow(u.month, "month", now, tz) > 0) sites[site] = u;
  }
  return { ...usage, sites };
}

const tallySchema = (shape: RegExp) => z.object({ key: z.string().regex(shape), bytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict();
const dayTally = tallySchema(KEY_SHAPE.day);
const monthTally = tallySchema(KEY_SHAPE.month);
const siteUsageSchema = z.object({ day: dayTally, month: monthTally }).strict();

/**
 * Usage read back from storage (after a restart of the background or the browser). Never throws: a bad site
 * entry is dropped, a bad global or metered counter starts at 0; each problem is reported in `errors`.
 */
export function parseUsage(raw: unknown): { usage: Usage; errors: string[] } {
  const usage = emptyUsage();
  const errors: string[] = [];
  const copy = toPlainData(raw, { maxNodes: 1_000_000, maxDepth: 8 });
  if (!copy.ok || !isPlainObject(copy.value)) {
    if (raw !== undefined) errors.push("usage: not an object; counters start at 0");
    return { usage, errors };
  }
  const root = copy.value;
  for (const name of ["global", "metered"] as const) {
    const part = root[name];
    const month = isPlainObject(part) ? monthTally.safeParse(part.month) : null;
    if (month?.success) usage[name] = { month: month.data };
    else if (part !== undefined) errors.push(`usage.${name}: bad counter; starts at 0`);
  }
  const sites = root.sites;
  if (isPlainObject(sites)) {
    for (const site of Object.keys(sites)) {
      const parsed = siteUsageSchema.safeParse(sites[site]);
      if (isSite(site) && parsed.success) usage.sites[site] = parsed.data;
      else errors.push(`usage.sites[${JSON.stringify(site.slice(0, 100))}]: bad counters; dropped`);
    }
  } else if (sites !== undefined) errors.push("usage.sites: not an object; site counters start at 0");
  return { usage, errors };
}

/** The periods a charge was made in: a refund only takes back from counters still in those periods. */
export interface ChargeKeys {
  day: string;
  month: string;
}

export function chargeKeys(now: Instant, tz: string): ChargeKeys {
  return { day: dayKey(now, tz), month: monthKey(now, tz) };
}

function takeBack(t: Tally, key: string, bytes: number): Tally {
  return t.key === key ? { key, bytes: t.bytes > bytes ? t.bytes - bytes : 0 } : t;
}

/**
 * `usage` after `bytes` charged to `site` in the periods `keys` came back unspent (a lease returned), `meteredBytes`
 * of them charged while metered. Counters that moved on to a later period keep their count: bytes charged
 * yesterday never refill today's budget. Returns a new object.
 */
export function refund(usage: Usage, site: string, bytes: number, keys: ChargeKeys, meteredBytes: number): Usage {
  if (!Number.isSafeInteger(bytes) || bytes < 0 || !Number.isSafeInteger(meteredBytes) || meteredBytes < 0) throw new RangeError(`Not a byte count: ${bytes}`);
  if (!Object.hasOwn(usage.sites, site)) return usage;
  const own = usage.sites[site]!;
  const sites = Object.assign(Object.create(null) as Record<string, SiteUsage>, usage.sites);
  sites[site] = { day: takeBack(own.day, keys.day, bytes), month: takeBack(own.month, keys.month, bytes) };
  return {
    sites,
    global: { month: takeBack(usage.global.month, keys.month, bytes) },
    metered: { month: takeBack(usage.metered.month, keys.month, meteredBytes) },
  };
}
