// Pure: local calendar days and months in an explicit IANA time zone, for budgets that refill at local midnight.
// Correct across DST changes, skipped and repeated midnights and skipped days; the clock and zone are passed in.
// Only `Intl.DateTimeFormat` with an explicit `timeZone` is used (the zone data of the browser's ICU).

/** An instant: a Date or epoch milliseconds. */
export type Instant = Date | number;
/** A local calendar day, "YYYY-MM-DD". Keys of one shape compare in time order as strings. */
export type DayKey = string;
/** A local calendar month, "YYYY-MM". */
export type MonthKey = string;

export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** UTC offsets in tzdb stay within ±16 h (Manila's LMT), so local midnight of a date lies within this of it. */
const SPAN = 18 * HOUR;
/**
 * Offsets are sampled this far apart (and at the middle of a window, where no transition is the common case):
 * tzdb has no zone whose offset changes and changes back within it.
 */
const STEP = 3 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    // Throws a RangeError for an unknown zone. h23: midnight is 00, never 24.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      calendar: "gregory",
      numberingSystem: "latn",
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    if (formatters.size >= 64) formatters.clear();
    formatters.set(tz, f);
  }
  return f;
}

/** Whether `tz` is a time zone this runtime knows (an IANA name such as "Europe/Berlin", or "UTC"). */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

function ms(instant: Instant): number {
  const t = typeof instant === "number" ? instant : instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError("Invalid instant");
  return t;
}

/** "1/31/2026 AD, 23:59:59": what `format` gives in en-US; `formatToParts` (6x slower) is the fallback. */
const FORMATTED = /^(\d+)\/(\d+)\/(\d+) (AD|BC), (\d+):(\d+):(\d+)$/;

/** The wall-clock date and time at `instant` in `tz` (whole seconds). Throws RangeError outside years 1-9999. */
export function localDateTime(instant: Instant, tz: string): LocalDateTime {
  const f = formatter(tz);
  const t = ms(instant);
  const m = FORMATTED.exec(f.format(t));
  let p: Record<string, string | undefined>;
  if (m) p = { month: m[1], day: m[2], year: m[3], era: m[4], hour: m[5], minute: m[6], second: m[7] };
  else {
    p = {};
    for (const part of f.formatToParts(t)) p[part.type] = part.value;
  }
  const year = Number(p.year);
  if (p.era !== "AD" || !(year >= 1 && year <= 9999)) throw new RangeError("Instant outside years 1-9999");
  return { year, month: Number(p.month), day: Number(p.day), hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second) };
}

/** Epoch ms of a wall-clock time read as UTC (years 0-99 included, unlike Date.UTC). */
function wallMs(y: number, m: number, d: number, h = 0, mi = 0, s = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/** Local time minus UTC at `instant`, in ms (e.g. +3_600_000 for Berlin in winter). */
export function offsetMs(instant: Instant, tz: string): number {
  const t = ms(instant);
  const l = localDateTime(t, tz);
  return wallMs(l.year, l.month, l.day, l.hour, l.minute, l.second) - (t - mod(t, 1000));
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const mod = (a: number, b: number) => ((a % b) + b) % b;

/** The local day at `instant` in `tz`, e.g. "2026-03-29". */
export function dayKey(instant: Instant, tz: string): DayKey {
  const l = localDateTime(instant, tz);
  return `${pad(l.year, 4)}-${pad(l.month, 2)}-${pad(l.day, 2)}`;
}

/** The local month at `instant` in `tz`, e.g. "2026-03". */
export function monthKey(instant: Instant, tz: string): MonthKey {
  const l = localDateTime(instant, tz);
  return `${pad(l.year, 4)}-${pad(l.month, 2)}`;
}

/** The month a day belongs to. */
export function monthOfDay(key: DayKey): MonthKey {
  parseDay(key);
  return key.slice(0, 7);
}

function parseDay(key: DayKey): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const t = wallMs(y, m, d);
  if (y < 1 || new Date(t).getUTCMonth() !== m - 1 || new Date(t).getUTCDate() !== d) throw new RangeError(`Not a day key: ${key}`);
  return { y, m, d };
}

function parseMonth(key: MonthKey): { y: number; m: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  const y = match ? Number(match[1]) : 0;
  const m = match ? Number(match[2]) : 0;
  if (y < 1 || m < 1 || m > 12) throw new RangeError(`Not a month key: ${key}`);
  return { y, m };
}

/** The calendar day `n` days after `key` (before, for negative `n`). */
export function addDays(key: DayKey, n: number): DayKey {
  const { y, m, d } = parseDay(key);
  const t = new Date(wallMs(y, m, d) + n * DAY);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}`;
}

/** The calendar month `n` months after `key` (before, for negative `n`). */
export function addMonths(key: MonthKey, n: number): MonthKey {
  const { y, m } = parseMonth(key);
  const index = y * 12 + (m - 1) + n;
  return `${pad(Math.floor(index / 12), 4)}-${pad(mod(index, 12) + 1, 2)}`;
}

/**
 * The first instant after `after` (if given) at which the local date in `tz` is `key` or later: local midnight,
 * or, where that midnight is skipped (Santiago, Beirut, a day skipped as in Apia on 2011-12-30), the transition
 * that skips it. Where midnight happens twice (Havana) or the date goes back for a while (St. John's before
 * 2011), the first one after `after`.
 */
export function startOfDay(key: DayKey, tz: string, after?: Instant): Date {
  const { y, m, d } = parseDay(key);
  return new Date(firstWallAtOrAfter(wallMs(y, m, d), tz, after === undefined ? -Infinity : ms(after)));
}

/** The first instant after `instant` at which a later local day than the current one begins. */
export function startOfNextDay(instant: Instant, tz: string): Date {
  return startOfDay(addDays(dayKey(instant, tz), 1), tz, instant);
}

/** The first instant of the local month `key` (after `after`, if given). */
export function startOfMonth(key: MonthKey, tz: string, after?: Instant): Date {
  return startOfDay(`${key}-01`, tz, after);
}

/** The first instant after `instant` at which a later local month than the current one begins. */
export function startOfNextMonth(instant: Instant, tz: string): Date {
  return startOfMonth(addMonths(monthKey(instant, tz), 1), tz, instant);
}

/**
 * The earliest instant t > after whose wall clock reads `wall` or later. The wall clock is piecewise
 * t + offset: find the pieces around `wall` and take the first that reaches it.
 */
function firstWallAtOrAfter(wall: number, tz: string, after: number): number {
  let lo = Math.max(wall - SPAN, after + 1);
  for (let attempt = 0; attempt < 3; attempt++) {
    const hi = Math.max(lo, wall) + SPAN;
    const pieces = offsetPieces(lo, hi, tz);
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const end = i + 1 < pieces.length ? pieces[i + 1]!.start : hi;
      const t = Math.max(piece.start, wall - piece.offset);
      if (t < end) return t;
    }
    lo = hi;
  }
  throw new RangeError(`No local time ${new Date(wall).toISOString().slice(0, 19)} in ${tz} near that instant`);
}

/** The stretches of constant UTC offset over [lo, hi), in order; each starts at `lo` or at a transition. */
function offsetPieces(lo: number, hi: number, tz: string): { start: number; offset: number }[] {
  const pieces = [{ start: lo, offset: offsetMs(lo, tz) }];
  // Most windows hold no transition: three samples tell.
  const mid = lo + Math.floor((hi - lo) / 2);
  if (offsetMs(mid, tz) === pieces[0]!.offset && offsetMs(hi, tz) === pieces[0]!.offset) return pieces;
  for (let a = lo; a < hi; ) {
    const b = Math.min(a + STEP, hi);
    const bOffset = offsetMs(b, tz);
    // Several transitions between two samples: find each in turn.
    while (pieces[pieces.length - 1]!.offset !== bOffset) {
      const last = pieces[pieces.length - 1]!;
      const at = firstChange(Math.max(a, last.start), b, last.offset, tz);
      pieces.push({ start: at, offset: offsetMs(at, tz) });
    }
    a = b;
  }
  return pieces;
}

/**
 * A transition in (a, b]: offset(a) is `offset`, offset(b) is not. The offset is constant within a second
 * (transitions fall on whole seconds), so search whole seconds.
 */
function firstChange(a: number, b: number, offset: number, tz: string): number {
  let lo = Math.floor(a / 1000);
  let hi = Math.floor(b / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(mid * 1000, tz) === offset) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}
