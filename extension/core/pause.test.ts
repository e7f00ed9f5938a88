import { endPause, isPaused, nextPauseEnd, NO_PAUSE, PauseError, pauseView, requestedPause } from "./pause";
import { DEFAULT_SETTINGS, migrateSettings, parseSettings } from "./settings";
import { resolvePolicy, type PolicyInput } from "./policy";
import { DOWNLOAD_ONLY_BASE_BYTES } from "../shared/status";

const NOW = new Date("2026-05-01T10:00:00.000Z");
const HOUR_LATER = "2026-05-01T11:00:00.000Z";

test("a pause request: until a future time, until turned back on, or resume", () => {
  expect(requestedPause({ until: HOUR_LATER }, "popup", NOW)).toEqual({ active: true, until: HOUR_LATER, by: "popup" });
  expect(requestedPause({ until: null, untilResumed: true }, "options", NOW)).toEqual({ active: true, until: null, by: "options" });
  expect(requestedPause({ until: null }, "popup", NOW)).toEqual({ ...NO_PAUSE, by: "popup" });
  expect(requestedPause({ until: null, untilResumed: false }, "popup", NOW).active).toBe(false);
});

test("a pause ending now or in the past, or both until and untilResumed, is refused with a reason", () => {
  expect(() => requestedPause({ until: NOW.toISOString() }, "popup", NOW)).toThrow(new PauseError("A pause must end in the future."));
  expect(() => requestedPause({ until: "2026-05-01T09:00:00Z" }, "popup", NOW)).toThrow(PauseError);
  expect(() => requestedPause({ until: HOUR_LATER, untilResumed: true }, "popup", NOW)).toThrow(/not both/);
});

test("a timed pause ends at its time, not a millisecond before; one until resumed never ends by itself", () => {
  const timed = { ...DEFAULT_SETTINGS, pause: { active: true, until: HOUR_LATER, by: "popup" as const } };
  expect(isPaused(timed.pause, new Date(Date.parse(HOUR_LATER) - 1))).toBe(true);
  expect(isPaused(timed.pause, new Date(HOUR_LATER))).toBe(false);
  expect(endPause(timed, new Date(Date.parse(HOUR_LATER) - 1))).toBeNull();
  expect(endPause(timed, new Date(HOUR_LATER))?.pause).toEqual({ active: false, until: null, by: "popup" });
  expect(nextPauseEnd(timed)).toBe(Date.parse(HOUR_LATER));
  const open = { ...DEFAULT_SETTINGS, pause: { active: true, until: null, by: "popup" as const } };
  expect(endPause(open, new Date("2099-01-01T00:00:00Z"))).toBeNull();
  expect(nextPauseEnd(open)).toBeNull();
  expect(nextPauseEnd(DEFAULT_SETTINGS)).toBeNull();
  expect(pauseView({ active: false, until: HOUR_LATER })).toEqual({ active: false, until: null });
});

test("the pause is a stored setting: it survives a save and load, and a bad one falls back to not paused", () => {
  const stored = JSON.parse(JSON.stringify({ ...DEFAULT_SETTINGS, pause: { active: true, until: HOUR_LATER, by: "options" } })) as unknown;
  expect(migrateSettings(stored).settings.pause).toEqual({ active: true, until: HOUR_LATER, by: "options" });
  const bad = parseSettings({ ...DEFAULT_SETTINGS, sites: {}, pause: { active: "yes", until: 5 } });
  expect(bad.settings.pause).toEqual(DEFAULT_SETTINGS.pause);
  expect(bad.errors.join("\n")).toMatch(/pause\.active/);
});

describe("while paused every site is blocked, except a mode the organisation forces", () => {
  const paused = { ...DEFAULT_SETTINGS, pause: { active: true, until: null, by: "popup" as const } };
  const base: PolicyInput = { site: "a.example", settings: paused, managed: null, incognito: false, metered: false, budgetLeft: null, downloadOnlyLeft: DOWNLOAD_ONLY_BASE_BYTES, resetsAt: null };
  const allowRule = { mode: "allow" as const, hideIp: false, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: NOW.toISOString(), decidedBy: "popup" as const };

  test.each([
    ["an allowed site", { settings: { ...paused, sites: Object.assign(Object.create(null), { "a.example": allowRule }) } }],
    ["an undecided, undetected site (no probation)", { detected: false }],
    ["a private window following the normal rule", { incognito: true, settings: { ...paused, privateWindows: { mode: "follow" as const } } }],
    ["a site whose budgets the organisation sets", { managed: { siteBudgets: { "a.example": { dailyBudgetBytes: 5 } } } }],
  ])("%s: blocked, reason user", (_name, over) => {
    const r = resolvePolicy({ ...base, ...over });
    expect(r.mode).toBe("block");
    expect(r.enforcement).toBe("block");
    expect(r.status).toMatchObject({ seeding: "blocked", reason: "user", uploadBudgetBytes: 0 });
  });

  test("a mode the organisation forces stays in force", () => {
    expect(resolvePolicy({ ...base, managed: { sites: { "a.example": "allow" } } }).status).toMatchObject({ seeding: "allowed", reason: "policy" });
  });

  test("not paused: the site's own rule", () => {
    expect(resolvePolicy({ ...base, settings: DEFAULT_SETTINGS }).mode).toBe("undecided");
  });
});
