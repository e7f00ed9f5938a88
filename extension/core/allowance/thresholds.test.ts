import type { P2PConsentStatus } from "../../shared/status";
import { budgetLevel, crossedThreshold, shouldAnnounce, type Announced, type BudgetLevel } from "./thresholds";

describe("budgetLevel", () => {
  test.each<[number | null, number | null, BudgetLevel]>([
    [null, null, "unlimited"],
    [null, 1000, "unlimited"],
    [1000, 1000, "plenty"],
    [501, 1000, "plenty"],
    [500, 1000, "half"],
    [251, 1000, "half"],
    [250, 1000, "quarter"],
    [101, 1000, "quarter"],
    [100, 1000, "tenth"],
    [1, 1000, "tenth"],
    [0, 1000, "exhausted"],
    [0, 0, "exhausted"],
    [1, 1, "plenty"],
    [0, 1, "exhausted"],
    [2, 5, "half"], // 5 / 2 = 2.5: 2 is at or below it
    [1, 5, "quarter"],
    [1, 9, "quarter"], // 9 / 10 < 1: no tenth band above 0
    [7, null, "plenty"],
    [0, null, "exhausted"],
    [1500, 1000, "plenty"],
    [2 ** 49 + 1, 2 ** 50, "plenty"],
    [2 ** 49, 2 ** 50, "half"],
    [Math.floor(2 ** 50 / 10), 2 ** 50, "tenth"],
    [Math.floor(2 ** 50 / 10) + 1, 2 ** 50, "quarter"],
  ])("%p of %p: %s", (left, limit, level) => {
    expect(budgetLevel(left, limit)).toBe(level);
  });
});

describe("crossedThreshold: a handful of events per period, not one per send", () => {
  test("draining 1 MiB in 16 KiB sends crosses 4 thresholds", () => {
    const limit = 1024 * 1024;
    let left = limit;
    let events = 0;
    while (left > 0) {
      const after = left - 16 * 1024 > 0 ? left - 16 * 1024 : 0;
      if (crossedThreshold(left, after, limit)) events++;
      left = after;
    }
    expect(events).toBe(4);
  });

  test.each<[number | null, number | null, number | null, boolean]>([
    [1000, 999, 1000, false],
    [501, 500, 1000, true],
    [500, 499, 1000, false],
    [251, 250, 1000, true],
    [101, 100, 1000, true],
    [1, 0, 1000, true],
    [0, 0, 1000, false],
    [0, 1000, 1000, true], // refilled
    [300, 1000, 1000, true], // refilled from a lower level
    [950, 1000, 1000, false], // a refill within the top level changes nothing a client plans with
    [null, 1000, 1000, true], // a budget starts to apply
    [1000, null, 1000, true],
    [null, null, null, false],
  ])("%p -> %p of %p: %p", (before, after, limit, crossed) => {
    expect(crossedThreshold(before, after, limit)).toBe(crossed);
  });
});

describe("shouldAnnounce", () => {
  const status = (o: Partial<P2PConsentStatus> = {}): P2PConsentStatus => ({
    seeding: "allowed",
    uploadBudgetBytes: 1000,
    uploadRateLimitBps: null,
    metered: false,
    reason: "user",
    resetsAt: "2026-03-15T23:00:00.000Z",
    ...o,
  });
  const told = (o: Partial<P2PConsentStatus> = {}, limit: number | null = 1000): Announced => ({ status: status(o), limit });

  test.each<[string, Announced | null, Announced, boolean]>([
    ["first status", null, told(), true],
    ["same status", told(), told(), false],
    ["spent a little", told(), told({ uploadBudgetBytes: 900 }), false],
    ["below half", told({ uploadBudgetBytes: 600 }), told({ uploadBudgetBytes: 500 }), true],
    ["exhausted", told({ uploadBudgetBytes: 10 }), told({ uploadBudgetBytes: 0, reason: "quota" }), true],
    ["refilled at midnight", told({ uploadBudgetBytes: 990 }), told({ uploadBudgetBytes: 1000, resetsAt: "2026-03-16T23:00:00.000Z" }), true],
    ["metered switched on", told(), told({ metered: true, uploadBudgetBytes: 1000 }), true],
    ["decision changed", told(), told({ seeding: "blocked", reason: "user" }), true],
    ["rate limit changed", told(), told({ uploadRateLimitBps: 50_000 }), true],
    ["another budget binds at the same level", told({ uploadBudgetBytes: 900 }, 1000), told({ uploadBudgetBytes: 890 }, 1000), false],
    ["another budget binds, lower level", told({ uploadBudgetBytes: 900 }, 1000), told({ uploadBudgetBytes: 890 }, 10_000), true],
    ["unlimited to limited", told({ uploadBudgetBytes: null, resetsAt: null }, null), told({ resetsAt: null }), true],
  ])("%s: %p", (_name, last, next, expected) => {
    expect(shouldAnnounce(last, next)).toBe(expected);
  });
});
