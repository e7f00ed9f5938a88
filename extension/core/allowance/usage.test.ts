import { charge, chargeKeys, emptyUsage, parseUsage, pruneUsage, refillAt, refund, siteUsage, usedNow, type Usage } from "./usage";

const TZ = "America/New_York";
const A = "a.example";
const B = "b.example";
const t = (iso: string) => new Date(iso);

describe("charge", () => {
  test("charges the site's day and month, the global month, and the metered month only while metered", () => {
    let u = charge(emptyUsage(), A, 100, t("2026-03-08T12:00:00Z"), TZ, false);
    u = charge(u, B, 50, t("2026-03-08T13:00:00Z"), TZ, true);
    u = charge(u, A, 7, t("2026-03-08T14:00:00Z"), TZ, true);
    expect(siteUsage(u, A)).toEqual({ day: { key: "2026-03-08", bytes: 107 }, month: { key: "2026-03", bytes: 107 } });
    expect(siteUsage(u, B)).toEqual({ day: { key: "2026-03-08", bytes: 50 }, month: { key: "2026-03", bytes: 50 } });
    expect(u.global.month).toEqual({ key: "2026-03", bytes: 157 });
    expect(u.metered.month).toEqual({ key: "2026-03", bytes: 57 });
  });

  // [what, first charge at, second charge at, site day after, site month after]
  test.each([
    ["same local day", "2026-03-08T05:00:00Z", "2026-03-09T03:59:59.999Z", { key: "2026-03-08", bytes: 30 }, { key: "2026-03", bytes: 30 }],
    ["just after local midnight (23-hour day)", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", { key: "2026-03-09", bytes: 20 }, { key: "2026-03", bytes: 30 }],
    ["Jan 31 -> Feb 1", "2026-01-31T12:00:00Z", "2026-02-01T05:00:00Z", { key: "2026-02-01", bytes: 20 }, { key: "2026-02", bytes: 20 }],
    ["still Jan 31 locally at 04:59 UTC", "2026-01-31T12:00:00Z", "2026-02-01T04:59:59Z", { key: "2026-01-31", bytes: 30 }, { key: "2026-01", bytes: 30 }],
    ["Feb 28 -> Feb 29 in a leap year", "2028-02-28T12:00:00Z", "2028-02-29T12:00:00Z", { key: "2028-02-29", bytes: 20 }, { key: "2028-02", bytes: 30 }],
    ["Feb 28 -> Mar 1", "2026-02-28T12:00:00Z", "2026-03-01T12:00:00Z", { key: "2026-03-01", bytes: 20 }, { key: "2026-03", bytes: 20 }],
    ["Dec 31 -> Jan 1", "2026-12-31T12:00:00Z", "2027-01-01T05:00:00Z", { key: "2027-01-01", bytes: 20 }, { key: "2027-01", bytes: 20 }],
    ["a year later, same date", "2026-03-08T12:00:00Z", "2027-03-08T12:00:00Z", { key: "2027-03-08", bytes: 20 }, { key: "2027-03", bytes: 20 }],
  ])("%s", (_what, first, second, day, month) => {
    const u = charge(charge(emptyUsage(), A, 10, t(first), TZ, false), A, 20, t(second), TZ, false);
    expect(siteUsage(u, A)).toEqual({ day, month });
    expect(u.global.month).toEqual(month);
  });

  test("returns a new object and leaves the old one as it was", () => {
    const before = charge(emptyUsage(), A, 10, t("2026-03-08T12:00:00Z"), TZ, false);
    const copy = JSON.stringify(before);
    const after = charge(before, A, 5, t("2026-03-08T12:00:00Z"), TZ, true);
    expect(JSON.stringify(before)).toBe(copy);
    expect(after).not.toBe(before);
    expect(Object.getPrototypeOf(after.sites)).toBeNull();
  });

  test("refuses a byte count that is not a safe whole number; saturates instead of losing integers", () => {
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53]) expect(() => charge(emptyUsage(), A, bad, 0, TZ, false)).toThrow(RangeError);
    let u = charge(emptyUsage(), A, Number.MAX_SAFE_INTEGER, t("2026-03-08T12:00:00Z"), TZ, false);
    u = charge(u, A, 10, t("2026-03-08T12:00:00Z"), TZ, false);
    expect(siteUsage(u, A).day.bytes).toBe(Number.MAX_SAFE_INTEGER);
  });

  test("a site named like an Object.prototype key is an ordinary site", () => {
    const u = charge(emptyUsage(), "constructor", 5, t("2026-03-08T12:00:00Z"), TZ, false);
    expect(siteUsage(u, "constructor").day.bytes).toBe(5);
    expect(siteUsage(emptyUsage(), "__proto__").day.bytes).toBe(0);
  });
});

describe("usedNow and refillAt", () => {
  const u = charge(emptyUsage(), A, 10, t("2026-03-31T12:00:00Z"), TZ, false);
  const day = siteUsage(u, A).day;
  test.each([
    ["2026-03-31T12:00:00Z", 10, "2026-04-01T04:00:00.000Z"],
    ["2026-04-01T03:59:59.999Z", 10, "2026-04-01T04:00:00.000Z"],
    ["2026-04-01T04:00:00Z", 0, "2026-04-02T04:00:00.000Z"],
    ["2026-03-30T12:00:00Z", 10, "2026-04-01T04:00:00.000Z"], // one day back: the later counter holds
    ["2026-03-28T12:00:00Z", 0, "2026-03-29T04:00:00.000Z"], // three days back: a clock error, not a day
  ])("at %s: %d used, refills at %s", (now, used, refill) => {
    expect(usedNow(day, "day", t(now), TZ)).toBe(used);
    expect(refillAt(day, "day", t(now), TZ).toISOString()).toBe(refill);
  });
});

describe("pruneUsage", () => {
  test("drops sites whose day and month are over; keeps the rest", () => {
    let u = charge(emptyUsage(), A, 10, t("2026-02-27T12:00:00Z"), TZ, false);
    u = charge(u, B, 10, t("2026-03-02T12:00:00Z"), TZ, false);
    const pruned = pruneUsage(u, t("2026-03-08T12:00:00Z"), TZ);
    expect(Object.keys(pruned.sites)).toEqual([B]);
    expect(pruned.global).toBe(u.global);
  });
});

describe("parseUsage: counters read back after a restart", () => {
  const good = (): Usage => charge(charge(emptyUsage(), A, 10, t("2026-03-08T12:00:00Z"), TZ, true), B, 3, t("2026-03-08T12:00:00Z"), TZ, false);

  test("round-trips through JSON", () => {
    const u = good();
    const { usage, errors } = parseUsage(JSON.parse(JSON.stringify(u)));
    expect(errors).toEqual([]);
    expect(JSON.stringify(usage)).toBe(JSON.stringify(u));
    expect(Object.getPrototypeOf(usage.sites)).toBeNull();
  });

  test("nothing stored yet: empty, no error", () => {
    expect(parseUsage(undefined)).toEqual({ usage: emptyUsage(), errors: [] });
  });

  test("bad parts are dropped one by one and reported", () => {
    const raw = JSON.parse(JSON.stringify(good())) as Record<string, unknown> & { sites: Record<string, unknown> };
    raw.sites["not a site!"] = raw.sites[A];
    raw.sites[B] = { day: { key: "2026-03-08", bytes: -1 }, month: { key: "2026-03", bytes: 3 } };
    raw.metered = { month: { key: "2026-3", bytes: 1 } };
    const { usage, errors } = parseUsage(raw);
    expect(Object.keys(usage.sites)).toEqual([A]);
    expect(usage.metered.month.bytes).toBe(0);
    expect(usage.global.month).toEqual({ key: "2026-03", bytes: 13 });
    expect(errors).toHaveLength(3);
  });

  test("not an object at all", () => {
    for (const raw of [null, 5, "usage", [1, 2]]) {
      const { usage, errors } = parseUsage(raw);
      expect(usage).toEqual(emptyUsage());
      expect(errors).toHaveLength(1);
    }
  });
});

describe("refund", () => {
  const at = t("2026-03-08T12:00:00Z");
  test("takes back from the site's day and month, the global month and the metered share", () => {
    const u = charge(charge(emptyUsage(), A, 100, at, TZ, true), B, 10, at, TZ, false);
    const r = refund(u, A, 30, chargeKeys(at, TZ), 20);
    expect(siteUsage(r, A)).toEqual({ day: { key: "2026-03-08", bytes: 70 }, month: { key: "2026-03", bytes: 70 } });
    expect(r.global.month).toEqual({ key: "2026-03", bytes: 80 });
    expect(r.metered.month).toEqual({ key: "2026-03", bytes: 80 });
    expect(siteUsage(r, B).day.bytes).toBe(10);
  });

  test("never refills a later period: a lease charged yesterday and returned today leaves today's count alone", () => {
    const yesterday = chargeKeys(at, TZ);
    const today = t("2026-03-09T12:00:00Z");
    const u = charge(charge(emptyUsage(), A, 64, at, TZ, false), A, 10, today, TZ, false);
    const r = refund(u, A, 64, yesterday, 0);
    expect(siteUsage(r, A).day).toEqual({ key: "2026-03-09", bytes: 10 });
    // Same month: the month counter does take it back.
    expect(siteUsage(r, A).month).toEqual({ key: "2026-03", bytes: 10 });
  });

  test("stops at 0 and refuses negative or fractional counts", () => {
    const u = charge(emptyUsage(), A, 5, at, TZ, false);
    expect(siteUsage(refund(u, A, 50, chargeKeys(at, TZ), 0), A).day.bytes).toBe(0);
    expect(() => refund(u, A, -1, chargeKeys(at, TZ), 0)).toThrow(RangeError);
    expect(() => refund(u, A, 1.5, chargeKeys(at, TZ), 0)).toThrow(RangeError);
  });
});
