import { budgetsFor, isMetered, manualMeteredEndsAt, nextBudgetEvent, type BudgetKind, type BudgetQuery } from "./budgets";
import { DEFAULT_SETTINGS, withSiteRule, type Settings, type SiteRule } from "../settings";
import { charge, emptyUsage, type Usage } from "./usage";

const SITE = "video.example";
const OTHER = "other.example";
const TZ = "Europe/Berlin";
// Sunday 2026-03-15 13:00 in Berlin (+01:00): the day ends at 23:00Z, the month at 2026-03-31T22:00Z (+02:00).
const NOW = new Date("2026-03-15T12:00:00Z");
const END_OF_DAY = "2026-03-15T23:00:00.000Z";
const END_OF_MONTH = "2026-03-31T22:00:00.000Z";

interface Limits {
  daily?: number | null;
  monthly?: number | null;
  global?: number | null;
  meteredBudget?: number;
  manual?: { on: boolean; until: string | null };
}
const settings = (l: Limits = {}): Settings => {
  const rule: SiteRule = {
    mode: "allow",
    hideIp: false,
    dailyBudgetBytes: l.daily ?? null,
    monthlyBudgetBytes: l.monthly ?? null,
    rateLimitBps: null,
    decidedAt: "2026-01-01T00:00:00Z",
    decidedBy: "popup",
  };
  const s: Settings = {
    ...DEFAULT_SETTINGS,
    globalMonthlyCapBytes: l.global ?? null,
    metered: { budgetBytes: l.meteredBudget ?? 0, manual: l.manual ?? { on: false, until: null } },
  };
  return withSiteRule(s, SITE, rule);
};
/** Usage of the current day and month: this site's day and month, other sites', and while metered. */
const usage = (u: { day?: number; month?: number; others?: number; metered?: number } = {}): Usage => {
  let x = emptyUsage();
  if (u.month) x = charge(x, SITE, u.month, new Date("2026-03-02T12:00:00Z"), TZ, false);
  if (u.day) x = charge(x, SITE, u.day, NOW, TZ, false);
  if (u.others) x = charge(x, OTHER, u.others, NOW, TZ, false);
  if (u.metered) x = charge(x, OTHER, u.metered, NOW, TZ, true);
  return x;
};
const query = (o: Partial<BudgetQuery> = {}): BudgetQuery => ({ settings: settings(), site: SITE, metered: false, usage: emptyUsage(), now: NOW, tz: TZ, ...o });

type Row = [string, Limits, boolean, Parameters<typeof usage>[0], number | null, BudgetKind | null, string | null];
describe("budgetsFor: the tightest of every budget that applies", () => {
  test.each<Row>([
    ["no budget: unlimited", {}, false, {}, null, null, null],
    ["no site budget, metered: the metered budget (default 0) applies", {}, true, {}, 0, "metered-month", null],
    ["daily only", { daily: 1000 }, false, { day: 300 }, 700, "site-day", END_OF_DAY],
    ["daily and monthly: the monthly binds", { daily: 1000, monthly: 5000 }, false, { day: 300, month: 4200 }, 500, "site-month", END_OF_MONTH],
    ["daily and monthly: the daily binds", { daily: 1000, monthly: 5000 }, false, { day: 300 }, 700, "site-day", END_OF_DAY],
    ["the global cap counts other sites", { daily: 1000, global: 10_000 }, false, { day: 300, others: 9_600 }, 100, "global-month", END_OF_MONTH],
    ["global cap alone, unused", { global: 10_000 }, false, {}, 10_000, "global-month", END_OF_MONTH],
    ["metered: the metered budget applies", { daily: 1000, meteredBudget: 50 }, true, {}, 50, "metered-month", END_OF_MONTH],
    ["metered: counts bytes sent while metered", { daily: 1000, meteredBudget: 500 }, true, { metered: 200 }, 300, "metered-month", END_OF_MONTH],
    ["not metered: the metered budget does not apply", { daily: 1000, meteredBudget: 50 }, false, { metered: 50 }, 700 + 300, "site-day", END_OF_DAY],
    ["metered with the default 0: nothing, and it never refills", { daily: 1000 }, true, {}, 0, "metered-month", null],
    ["exhausted daily and global: resets when both have refilled", { daily: 1000, global: 5000 }, false, { day: 1000, others: 4000 }, 0, "global-month", END_OF_MONTH],
    ["an overdraft counts as exhausted, not negative", { daily: 1000 }, false, { day: 1500 }, 0, "site-day", END_OF_DAY],
    ["a zero daily budget never refills", { daily: 0, monthly: 100 }, false, {}, 0, "site-day", null],
  ])("%s", (_name, limits, metered, used, left, binding, resetsAt) => {
    const s = budgetsFor(query({ settings: settings(limits), metered, usage: usage(used) }));
    expect(s.budgetLeft).toBe(left);
    expect(s.binding).toBe(binding);
    expect(s.resetsAt).toBe(resetsAt);
    expect(s.limit).toBe(binding === null ? null : s.lines.find((l) => l.kind === binding)!.limit);
    for (const l of s.lines) expect(Number.isSafeInteger(l.left) && l.left >= 0 && l.left <= l.limit).toBe(true);
  });

  test("a site without a rule has only the global and metered budgets", () => {
    const s = budgetsFor(query({ site: OTHER, settings: settings({ daily: 10, global: 1000, meteredBudget: 20 }), metered: true }));
    expect(s.lines.map((l) => l.kind)).toEqual(["global-month", "metered-month"]);
    expect(s.budgetLeft).toBe(20);
  });

  test("the lines report used and limit for every budget", () => {
    const s = budgetsFor(query({ settings: settings({ daily: 1000, monthly: 5000, global: 8000 }), usage: usage({ day: 100, month: 400, others: 1000 }) }));
    expect(s.lines).toEqual([
      { kind: "site-day", limit: 1000, used: 100, left: 900, resetsAt: END_OF_DAY },
      { kind: "site-month", limit: 5000, used: 500, left: 4500, resetsAt: END_OF_MONTH },
      { kind: "global-month", limit: 8000, used: 1500, left: 6500, resetsAt: END_OF_MONTH },
    ]);
  });

  test("budgets at the largest limit stay exact integers", () => {
    const max = 2 ** 50;
    const s = budgetsFor(query({ settings: settings({ daily: max, global: max }), usage: usage({ day: 1, others: 2 }) }));
    expect(s.budgetLeft).toBe(max - 3);
    expect(s.binding).toBe("global-month");
  });
});

describe("rollover: a budget refills exactly at local midnight and at the start of the month", () => {
  const limits = settings({ daily: 1000, monthly: 1500 });
  const left = (u: Usage, now: string, tz = TZ, s = limits) => budgetsFor(query({ settings: s, usage: u, now: new Date(now), tz })).budgetLeft;

  test("exhausted at 23:59:59.999, full at 00:00", () => {
    const u = charge(emptyUsage(), SITE, 1000, new Date("2026-03-15T22:59:59.999Z"), TZ, false);
    expect(left(u, "2026-03-15T22:59:59.999Z")).toBe(0);
    expect(budgetsFor(query({ settings: limits, usage: u, now: new Date("2026-03-15T22:59:59.999Z") })).resetsAt).toBe(END_OF_DAY);
    expect(left(u, END_OF_DAY)).toBe(500); // the monthly budget still counts the 1000
    expect(left(u, "2026-03-31T21:59:59.999Z")).toBe(500);
    expect(left(u, END_OF_MONTH)).toBe(1000);
  });

  test("on the 23-hour day of the DST change", () => {
    const u = charge(emptyUsage(), SITE, 1000, new Date("2026-03-28T23:00:00Z"), TZ, false);
    expect(left(u, "2026-03-29T21:59:59.999Z", TZ, settings({ daily: 1000 }))).toBe(0);
    expect(left(u, "2026-03-29T22:00:00.000Z", TZ, settings({ daily: 1000 }))).toBe(1000);
  });

  test("a counter from yesterday counts as 0 today, and charging restarts it", () => {
    const yesterday = charge(emptyUsage(), SITE, 900, new Date("2026-03-14T12:00:00Z"), TZ, false);
    expect(left(yesterday, NOW.toISOString(), TZ, settings({ daily: 1000 }))).toBe(1000);
    const today = charge(yesterday, SITE, 100, NOW, TZ, false);
    expect(today.sites[SITE]!.day).toEqual({ key: "2026-03-15", bytes: 100 });
    expect(today.sites[SITE]!.month).toEqual({ key: "2026-03", bytes: 1000 });
  });

  test("the same instant is another day in another zone", () => {
    const u = charge(emptyUsage(), SITE, 1000, new Date("2026-03-15T23:30:00Z"), "UTC", false);
    expect(left(u, "2026-03-15T23:30:00Z", "UTC", settings({ daily: 1000 }))).toBe(0);
    expect(budgetsFor(query({ settings: settings({ daily: 1000 }), usage: u, now: new Date("2026-03-15T23:30:00Z"), tz: "UTC" })).resetsAt).toBe(
      "2026-03-16T00:00:00.000Z",
    );
  });

  test("a clock that steps back across midnight does not refill the day (St. John's, 2010-11-07)", () => {
    const tz = "America/St_Johns";
    const u = charge(emptyUsage(), SITE, 1000, new Date("2010-11-07T02:30:30Z"), tz, false); // Sunday 00:00:30 NDT
    const s = settings({ daily: 1000 });
    expect(left(u, "2010-11-07T02:45:00Z", tz, s)).toBe(0); // Saturday 23:14 NST again
    expect(budgetsFor(query({ settings: s, usage: u, now: new Date("2010-11-07T02:45:00Z"), tz })).resetsAt).toBe("2010-11-08T03:30:00.000Z");
    expect(left(u, "2010-11-08T03:30:00Z", tz, s)).toBe(1000);
  });

  test("travel west: yesterday again keeps today's counter; a counter far in the future was a wrong clock", () => {
    const ahead = charge(emptyUsage(), SITE, 1000, new Date("2026-03-16T00:30:00Z"), "Asia/Tokyo", false); // the 16th in Tokyo
    const s = settings({ daily: 1000 });
    expect(left(ahead, "2026-03-16T01:00:00Z", "America/Los_Angeles", s)).toBe(0); // the 15th in Los Angeles
    const wrongClock = charge(emptyUsage(), SITE, 1000, new Date("2031-01-01T00:00:00Z"), TZ, false);
    expect(left(wrongClock, NOW.toISOString(), TZ, s)).toBe(1000);
  });

  test("the metered budget refills at the start of the month, counting only metered bytes", () => {
    let u = charge(emptyUsage(), SITE, 300, NOW, TZ, true);
    u = charge(u, SITE, 700, NOW, TZ, false);
    const s = settings({ meteredBudget: 500 });
    expect(budgetsFor(query({ settings: s, usage: u, metered: true })).budgetLeft).toBe(200);
    expect(budgetsFor(query({ settings: s, usage: u, metered: true, now: new Date(END_OF_MONTH) })).budgetLeft).toBe(500);
  });
});

describe("isMetered", () => {
  test.each([
    ["detected by the browser", true, { on: false, until: null }, true],
    ["not detected, switch off", false, { on: false, until: null }, false],
    ["switch on, no expiry", false, { on: true, until: null }, true],
    ["switch on until later", false, { on: true, until: "2026-03-15T13:00:00Z" }, true],
    ["switch expired", false, { on: true, until: "2026-03-15T12:00:00Z" }, false],
    ["switch expired but detected", true, { on: true, until: "2026-03-15T11:00:00Z" }, true],
  ])("%s", (_name, networkMetered, manual, expected) => {
    expect(isMetered(settings({ manual }), networkMetered, NOW)).toBe(expected);
  });

  test("when the switch ends, and the next event to wake up for", () => {
    const s = settings({ daily: 1000, global: 5000, manual: { on: true, until: "2026-03-20T08:00:00+01:00" } });
    expect(manualMeteredEndsAt(s, NOW)?.toISOString()).toBe("2026-03-20T07:00:00.000Z");
    expect(manualMeteredEndsAt(s, new Date("2026-03-21T00:00:00Z"))).toBeNull();
    const unused = budgetsFor(query({ settings: s }));
    expect(nextBudgetEvent(unused, s, NOW)?.toISOString()).toBe("2026-03-20T07:00:00.000Z");
    const used = budgetsFor(query({ settings: s, usage: usage({ day: 1 }) }));
    expect(nextBudgetEvent(used, s, NOW)?.toISOString()).toBe(END_OF_DAY);
    expect(nextBudgetEvent(budgetsFor(query()), settings(), NOW)).toBeNull();
  });
});
