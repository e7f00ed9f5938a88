import { DEFAULT_SETTINGS, withSiteRule, type Settings } from "../../core/settings";
import { BudgetBook, userTimeZone, type BudgetStorage } from "./budget-book";

const SITE = "video.example";
const TZ = "Europe/Berlin";

function memory(): BudgetStorage & { data: Record<string, unknown>; writes: number } {
  const m = {
    data: {} as Record<string, unknown>,
    writes: 0,
    async get(key: string) {
      return key in m.data ? { [key]: JSON.parse(JSON.stringify(m.data[key])) as unknown } : {};
    },
    async set(items: Record<string, unknown>) {
      m.writes++;
      Object.assign(m.data, JSON.parse(JSON.stringify(items)));
    },
  };
  return m;
}

const settings = (daily: number | null, extra: Partial<Settings> = {}): Settings =>
  withSiteRule({ ...DEFAULT_SETTINGS, ...extra }, SITE, {
    mode: "allow",
    hideIp: false,
    dailyBudgetBytes: daily,
    monthlyBudgetBytes: null,
    rateLimitBps: null,
    decidedAt: "2026-01-01T00:00:00Z",
    decidedBy: "options",
  });

test("a ledger's commitment is charged, a returned lease taken back, and the state follows", async () => {
  let now = new Date("2026-03-15T12:00:00Z");
  const book = await BudgetBook.open(memory(), () => now, () => TZ);
  const acct = book.account(`${SITE}|allow|2026-03-15`, SITE);
  expect(book.sync(acct, 64 * 1024, false)).toBe(true);
  expect(book.sync(acct, 64 * 1024, false)).toBe(false);
  expect(book.state(settings(100_000), SITE, true).budgetLeft).toBe(100_000 - 65_536);
  book.sync(acct, 10_000, false); // 55,536 came back
  expect(book.state(settings(100_000), SITE, true).budgetLeft).toBe(90_000);
  expect(book.historyOf(SITE).at(-1)).toEqual({ day: "2026-03-15", bytes: 10_000 });
  // The next day: a lease from yesterday given back does not refill today.
  now = new Date("2026-03-16T12:00:00Z");
  const today = book.account(`${SITE}|allow|2026-03-15`, SITE);
  book.sync(today, 5000, false);
  book.sync(acct, 0, false);
  expect(book.state(settings(100_000), SITE, true).budgetLeft).toBe(95_000);
});

test("counters survive a reopen (a browser restart); metered bytes are kept apart", async () => {
  const area = memory();
  const now = () => new Date("2026-03-15T12:00:00Z");
  const book = await BudgetBook.open(area, now, () => TZ);
  book.sync(book.account(`${SITE}|allow|2026-03-15`, SITE), 3000, true);
  book.chargeOpen("other.example", 500, false);
  await book.save();
  const again = await BudgetBook.open(area, now, () => TZ);
  const s = settings(10_000, { metered: { budgetBytes: 4000, manual: { on: true, until: null } } });
  const state = again.state(s, SITE, true);
  expect(state.lines.map((l) => [l.kind, l.used])).toEqual([
    ["site-day", 3000],
    ["metered-month", 3000],
  ]);
  expect(state.budgetLeft).toBe(1000);
  expect(again.historyOf("other.example").at(-1)!.bytes).toBe(500);
});

test("a metered network: any frame's report counts until that frame goes; the user's switch counts too", async () => {
  const book = await BudgetBook.open(memory(), () => new Date("2026-03-15T12:00:00Z"), () => TZ);
  const a = {};
  const b = {};
  expect(book.metered(DEFAULT_SETTINGS)).toBe(false);
  expect(book.reportNetwork(a, false)).toBe(false);
  expect(book.reportNetwork(b, true)).toBe(true);
  expect(book.metered(DEFAULT_SETTINGS)).toBe(true);
  expect(book.reportNetwork(b, null)).toBe(true);
  expect(book.metered(DEFAULT_SETTINGS)).toBe(false);
  expect(book.metered({ ...DEFAULT_SETTINGS, metered: { budgetBytes: 0, manual: { on: true, until: "2026-03-15T12:00:01Z" } } })).toBe(true);
  expect(book.metered({ ...DEFAULT_SETTINGS, metered: { budgetBytes: 0, manual: { on: true, until: "2026-03-15T12:00:00Z" } } })).toBe(false);
});

test("stored garbage starts the counters at 0 instead of failing", async () => {
  const area = memory();
  area.data.budgetUsage = { usage: { sites: { [SITE]: { day: { key: "x", bytes: -1 } } } }, history: "nope" };
  const book = await BudgetBook.open(area, () => new Date("2026-03-15T12:00:00Z"), () => TZ);
  expect(book.state(settings(10), SITE, true).budgetLeft).toBe(10);
});

test("what the counters hold of each ledger's charge is stored with them; a restarted ledger brings them to its state", async () => {
  const area = memory();
  const now = () => new Date("2026-03-15T12:00:00Z");
  const key = `${SITE}|allow|2026-03-15`;
  const book = await BudgetBook.open(area, now, () => TZ);
  book.sync(book.account(key, SITE), 50_000, true);
  await book.save();
  const again = await BudgetBook.open(area, now, () => TZ);
  expect(again.appliedOf(key)).toEqual({ charged: 50_000, meteredCharged: 50_000 });
  // The ledger's own state landed with 20,000 charged (a lease came back; the refund never reached the counters).
  const account = again.account(key, SITE);
  account.charged = 20_000;
  expect(again.reconcile(account, false)).toBe(true);
  expect(again.state(settings(100_000), SITE, false).budgetLeft).toBe(80_000);
  expect(again.reconcile(account, false)).toBe(false);
  // A new browser session: ledgers of before are gone, what they charged stays counted.
  again.forgetApplied();
  const fresh = again.account(key, SITE);
  expect(again.reconcile(fresh, false)).toBe(false);
  expect(again.state(settings(100_000), SITE, false).budgetLeft).toBe(80_000);
  // Marks of other days are not kept.
  again.sync(again.account(`${SITE}|allow|2026-03-14`, SITE), 1, false);
  await again.save();
  expect((await BudgetBook.open(area, now, () => TZ)).appliedOf(`${SITE}|allow|2026-03-14`)).toBeNull();
});

test("the user's time zone is read at most once a minute, and again after it", () => {
  const real = Intl.DateTimeFormat;
  let reads = 0;
  let zone = "Europe/Berlin";
  const fake = function (this: unknown, ...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
    if (args.length === 0) {
      reads++;
      return { resolvedOptions: () => ({ timeZone: zone }) };
    }
    return new real(...args);
  } as unknown as typeof Intl.DateTimeFormat;
  Intl.DateTimeFormat = fake;
  try {
    const t = 5_000_000_000_000;
    expect(userTimeZone(t)).toBe("Europe/Berlin");
    const first = reads;
    expect(first).toBe(1);
    zone = "Asia/Tokyo";
    expect(userTimeZone(t + 59_999)).toBe("Europe/Berlin");
    expect(reads).toBe(1);
    expect(userTimeZone(t + 60_000)).toBe("Asia/Tokyo");
    expect(reads).toBe(2);
    // A clock set back is not trusted to be inside the minute.
    zone = "Not/AZone";
    expect(userTimeZone(t - 1)).toBe("UTC");
    expect(reads).toBe(3);
  } finally {
    Intl.DateTimeFormat = real;
  }
});
