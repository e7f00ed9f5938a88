import {
  addDays,
  addMonths,
  dayKey,
  isTimeZone,
  localDateTime,
  monthKey,
  monthOfDay,
  offsetMs,
  startOfDay,
  startOfMonth,
  startOfNextDay,
  startOfNextMonth,
} from "./calendar";

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const HOUR = 3_600_000;

describe("dayKey and monthKey: the local date just before and after midnight", () => {
  test.each([
    ["UTC", "2026-01-31T23:59:59.999Z", "2026-01-31"],
    ["UTC", "2026-02-01T00:00:00.000Z", "2026-02-01"],
    ["Europe/Berlin", "2026-03-28T22:59:59.999Z", "2026-03-28"],
    ["Europe/Berlin", "2026-03-28T23:00:00.000Z", "2026-03-29"],
    ["Europe/Berlin", "2026-12-31T22:59:59.999Z", "2026-12-31"],
    ["Europe/Berlin", "2026-12-31T23:00:00.000Z", "2027-01-01"],
    ["America/New_York", "2026-03-08T04:59:59.999Z", "2026-03-07"],
    ["America/New_York", "2026-03-08T05:00:00.000Z", "2026-03-08"],
    ["Asia/Kolkata", "2026-03-31T18:29:59.999Z", "2026-03-31"],
    ["Asia/Kolkata", "2026-03-31T18:30:00.000Z", "2026-04-01"],
    ["Australia/Lord_Howe", "2026-06-30T13:29:59.999Z", "2026-06-30"],
    ["Australia/Lord_Howe", "2026-06-30T13:30:00.000Z", "2026-07-01"],
    // Samoa skipped 2011-12-30: Thursday 23:59:59 (-10) was followed by Saturday 00:00 (+14).
    ["Pacific/Apia", "2011-12-30T09:59:59.999Z", "2011-12-29"],
    ["Pacific/Apia", "2011-12-30T10:00:00.000Z", "2011-12-31"],
    // Santiago ends DST at 24:00: Saturday 23:59:59 -03 is followed by Saturday 23:00 -04.
    ["America/Santiago", "2024-04-07T02:59:59.999Z", "2024-04-06"],
    ["America/Santiago", "2024-04-07T03:00:00.000Z", "2024-04-06"],
    ["America/Santiago", "2024-04-07T04:00:00.000Z", "2024-04-07"],
    ["UTC", "2028-02-29T12:00:00Z", "2028-02-29"],
    ["UTC", "0099-06-01T00:00:00Z", "0099-06-01"],
  ])("%s at %s is %s", (tz, instant, day) => {
    expect(dayKey(at(instant), tz)).toBe(day);
    expect(dayKey(at(instant).getTime(), tz)).toBe(day);
    expect(monthKey(at(instant), tz)).toBe(day.slice(0, 7));
  });
});

// [zone, instant, start of the next local day, start of the day after that]
type NextDayRow = [string, string, string, string];
describe("startOfNextDay: the exact instant of the next local midnight (or of the transition that skips it)", () => {
  test.each<NextDayRow>([
    ["UTC", "2026-03-29T12:00:00Z", "2026-03-30T00:00:00.000Z", "2026-03-31T00:00:00.000Z"],
    ["UTC", "2026-03-30T00:00:00Z", "2026-03-31T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ["UTC", "2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00.000Z", "2027-01-02T00:00:00.000Z"],
    // Berlin: 2026-03-29 has 23 hours, 2026-10-25 has 25.
    ["Europe/Berlin", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00.000Z", "2026-03-30T22:00:00.000Z"],
    ["Europe/Berlin", "2026-03-28T22:59:59.999Z", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"],
    ["Europe/Berlin", "2026-10-25T12:00:00Z", "2026-10-25T23:00:00.000Z", "2026-10-26T23:00:00.000Z"],
    ["Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00.000Z", "2026-10-26T23:00:00.000Z"],
    // New York: 2026-03-08 has 23 hours, 2026-11-01 has 25.
    ["America/New_York", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00.000Z", "2026-03-10T04:00:00.000Z"],
    ["America/New_York", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00.000Z", "2026-11-03T05:00:00.000Z"],
    ["America/New_York", "2026-11-01T05:59:59Z", "2026-11-02T05:00:00.000Z", "2026-11-03T05:00:00.000Z"],
    // Lord Howe moves by 30 minutes: 2026-04-05 has 24.5 hours, 2026-10-04 has 23.5.
    ["Australia/Lord_Howe", "2026-04-04T13:00:00Z", "2026-04-05T13:30:00.000Z", "2026-04-06T13:30:00.000Z"],
    ["Australia/Lord_Howe", "2026-10-03T13:30:00Z", "2026-10-04T13:00:00.000Z", "2026-10-05T13:00:00.000Z"],
    // Kolkata: +05:30, no DST.
    ["Asia/Kolkata", "2026-03-31T18:29:59.999Z", "2026-03-31T18:30:00.000Z", "2026-04-01T18:30:00.000Z"],
    // Apia: the day after Thursday 2011-12-29 is Saturday 2011-12-31.
    ["Pacific/Apia", "2011-12-29T22:00:00Z", "2011-12-30T10:00:00.000Z", "2011-12-31T10:00:00.000Z"],
    // Santiago: Saturday 2024-04-06 has 25 hours (the hour before midnight repeats), in both of its passes.
    ["America/Santiago", "2024-04-06T12:00:00Z", "2024-04-07T04:00:00.000Z", "2024-04-08T04:00:00.000Z"],
    ["America/Santiago", "2024-04-07T02:30:00Z", "2024-04-07T04:00:00.000Z", "2024-04-08T04:00:00.000Z"],
    ["America/Santiago", "2024-04-07T03:30:00Z", "2024-04-07T04:00:00.000Z", "2024-04-08T04:00:00.000Z"],
    // Santiago skips midnight: Sunday 2024-09-08 begins at 01:00 -03 and has 23 hours.
    ["America/Santiago", "2024-09-07T12:00:00Z", "2024-09-08T04:00:00.000Z", "2024-09-09T03:00:00.000Z"],
    // Beirut (2020-2021): ends DST at midnight back to 23:00, starts it at midnight forward to 01:00.
    ["Asia/Beirut", "2020-10-24T12:00:00Z", "2020-10-24T22:00:00.000Z", "2020-10-25T22:00:00.000Z"],
    ["Asia/Beirut", "2021-03-27T12:00:00Z", "2021-03-27T22:00:00.000Z", "2021-03-28T21:00:00.000Z"],
    // Havana: midnight happens twice on 2023-11-05 (01:00 CDT -> 00:00 CST); the day starts at the first.
    ["America/Havana", "2023-11-04T12:00:00Z", "2023-11-05T04:00:00.000Z", "2023-11-06T05:00:00.000Z"],
    ["America/Havana", "2023-11-05T05:30:00Z", "2023-11-06T05:00:00.000Z", "2023-11-07T05:00:00.000Z"],
    // St. John's 2010-11-07: 00:00:59 NDT -> 23:01 NST: the date goes back to the 6th for 59 minutes.
    ["America/St_Johns", "2010-11-06T12:00:00Z", "2010-11-07T02:30:00.000Z", "2010-11-08T03:30:00.000Z"],
    ["America/St_Johns", "2010-11-07T03:00:00Z", "2010-11-07T03:30:00.000Z", "2010-11-08T03:30:00.000Z"],
  ])("%s after %s: %s, then %s", (tz, instant, next, afterNext) => {
    const first = startOfNextDay(at(instant), tz);
    expect(iso(first)).toBe(next);
    expect(iso(startOfNextDay(first, tz))).toBe(afterNext);
    expect(dayKey(first, tz) > dayKey(at(instant), tz)).toBe(true);
    expect(dayKey(first.getTime() - 1, tz) <= dayKey(at(instant), tz)).toBe(true);
  });

  test("a day's length in hours", () => {
    const hours = (tz: string, day: string) => (startOfDay(addDays(day, 1), tz).getTime() - startOfDay(day, tz).getTime()) / HOUR;
    expect(hours("Europe/Berlin", "2026-03-29")).toBe(23);
    expect(hours("Europe/Berlin", "2026-10-25")).toBe(25);
    expect(hours("America/New_York", "2026-03-08")).toBe(23);
    expect(hours("America/New_York", "2026-11-01")).toBe(25);
    expect(hours("Australia/Lord_Howe", "2026-10-04")).toBe(23.5);
    expect(hours("Australia/Lord_Howe", "2026-04-05")).toBe(24.5);
    expect(hours("Asia/Kolkata", "2026-04-05")).toBe(24);
    expect(hours("Pacific/Apia", "2011-12-29")).toBe(24);
    expect(hours("Pacific/Apia", "2011-12-30")).toBe(0);
    expect(hours("America/Santiago", "2024-04-06")).toBe(25);
    expect(hours("America/Santiago", "2024-09-08")).toBe(23);
    expect(hours("America/Havana", "2023-11-05")).toBe(25);
  });

  test("a skipped midnight: the day begins at the transition", () => {
    const start = startOfDay("2024-09-08", "America/Santiago");
    expect(iso(start)).toBe("2024-09-08T04:00:00.000Z");
    expect(localDateTime(start, "America/Santiago")).toEqual({ year: 2024, month: 9, day: 8, hour: 1, minute: 0, second: 0 });
    expect(iso(startOfDay("2011-12-30", "Pacific/Apia"))).toBe("2011-12-30T10:00:00.000Z");
  });

  test("startOfDay after an instant: the next time the date reaches the day", () => {
    expect(iso(startOfDay("2010-11-07", "America/St_Johns"))).toBe("2010-11-07T02:30:00.000Z");
    expect(iso(startOfDay("2010-11-07", "America/St_Johns", at("2010-11-07T02:45:00Z")))).toBe("2010-11-07T03:30:00.000Z");
    expect(iso(startOfDay("2026-03-29", "UTC", at("2026-03-29T05:00:00Z")))).toBe("2026-03-29T05:00:00.001Z");
  });
});

// [zone, instant, start of the next local month, its month key]
describe("startOfNextMonth: month ends, leap years, year ends", () => {
  test.each([
    ["UTC", "2026-01-31T23:59:59.999Z", "2026-02-01T00:00:00.000Z", "2026-02"],
    ["UTC", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", "2026-03"],
    ["Europe/Berlin", "2026-01-31T22:59:59.999Z", "2026-01-31T23:00:00.000Z", "2026-02"],
    ["Europe/Berlin", "2026-01-31T23:00:00.000Z", "2026-02-28T23:00:00.000Z", "2026-03"],
    ["Europe/Berlin", "2028-02-28T23:30:00Z", "2028-02-29T23:00:00.000Z", "2028-03"],
    ["Europe/Berlin", "2026-03-15T12:00:00Z", "2026-03-31T22:00:00.000Z", "2026-04"],
    ["Europe/Berlin", "2026-12-31T22:59:59Z", "2026-12-31T23:00:00.000Z", "2027-01"],
    ["America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T04:00:00.000Z", "2026-11"],
    ["Asia/Kolkata", "2024-02-10T00:00:00Z", "2024-02-29T18:30:00.000Z", "2024-03"],
    ["Asia/Kolkata", "2100-02-10T00:00:00Z", "2100-02-28T18:30:00.000Z", "2100-03"],
    ["Australia/Lord_Howe", "2026-12-31T12:59:59Z", "2026-12-31T13:00:00.000Z", "2027-01"],
    ["Pacific/Apia", "2011-12-20T00:00:00Z", "2011-12-31T10:00:00.000Z", "2012-01"],
    ["America/Santiago", "2024-08-31T12:00:00Z", "2024-09-01T04:00:00.000Z", "2024-09"],
  ])("%s after %s: %s (%s)", (tz, instant, next, month) => {
    const start = startOfNextMonth(at(instant), tz);
    expect(iso(start)).toBe(next);
    expect(monthKey(start, tz)).toBe(month);
    expect(monthKey(start.getTime() - 1, tz)).toBe(addMonths(month, -1));
    expect(iso(startOfMonth(month, tz))).toBe(next);
  });
});

describe("properties over a year in every zone", () => {
  const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "America/Santiago", "Asia/Beirut", "America/Havana"];
  test.each(zones)("%s: the next day starts after now, and no later day comes before it", (tz) => {
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2021, 0, 1); t += 17 * HOUR + 13 * 60_000) {
      const today = dayKey(t, tz);
      const next = startOfNextDay(t, tz).getTime();
      expect(next).toBeGreaterThan(t);
      expect(next - t).toBeLessThanOrEqual(26 * HOUR);
      expect(dayKey(next, tz) > today).toBe(true);
      expect(dayKey(next - 1, tz) <= today).toBe(true);
      const nextMonth = startOfNextMonth(t, tz).getTime();
      expect(monthKey(nextMonth, tz) > monthKey(t, tz)).toBe(true);
      expect(monthKey(nextMonth - 1, tz) <= monthKey(t, tz)).toBe(true);
    }
  });
});

describe("helpers", () => {
  test("offsetMs", () => {
    expect(offsetMs(at("2026-01-15T00:00:00Z"), "Europe/Berlin")).toBe(HOUR);
    expect(offsetMs(at("2026-07-15T00:00:00Z"), "Europe/Berlin")).toBe(2 * HOUR);
    expect(offsetMs(at("2026-01-15T00:00:00.999Z"), "Asia/Kolkata")).toBe(5.5 * HOUR);
    expect(offsetMs(at("2026-01-15T00:00:00Z"), "Australia/Lord_Howe")).toBe(11 * HOUR);
    expect(offsetMs(at("2026-01-15T00:00:00Z"), "America/New_York")).toBe(-5 * HOUR);
  });

  test("addDays and addMonths across month and year ends", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("0099-12-31", 1)).toBe("0100-01-01");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-01", 25)).toBe("2028-02");
    expect(monthOfDay("2026-03-29")).toBe("2026-03");
  });

  test("a runtime whose ICU formats differently is read part by part", () => {
    const proto = Intl.DateTimeFormat.prototype;
    const original = Object.getOwnPropertyDescriptor(proto, "format")!;
    let calls = 0;
    Object.defineProperty(proto, "format", { configurable: true, get: () => () => (calls++, "2026年3月29日") });
    try {
      expect(dayKey(at("2026-03-28T23:00:00Z"), "Europe/Berlin")).toBe("2026-03-29");
      expect(iso(startOfNextDay(at("2026-03-28T23:00:00Z"), "Europe/Berlin"))).toBe("2026-03-29T22:00:00.000Z");
      expect(calls).toBeGreaterThan(0);
    } finally {
      Object.defineProperty(proto, "format", original);
    }
  });

  test("bad keys, zones and instants are refused", () => {
    for (const key of ["2026-02-30", "2026-13-01", "2026-3-1", "", "0000-01-01", "2026-02-29"]) expect(() => addDays(key, 1)).toThrow(RangeError);
    for (const key of ["2026-13", "2026-00", "26-01"]) expect(() => addMonths(key, 1)).toThrow(RangeError);
    expect(() => dayKey(new Date(NaN), "UTC")).toThrow(RangeError);
    expect(() => dayKey(0, "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => dayKey(Date.UTC(-5, 0, 1), "UTC")).toThrow(RangeError);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});
