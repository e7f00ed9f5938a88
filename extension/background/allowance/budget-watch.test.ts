import type { BudgetState } from "../../core/allowance/budgets";
import type { LogInput } from "../../core/log";
import { BudgetWatch } from "./budget-watch";

const SITE = "video.example";
const state = (left: number, limit = 1000): BudgetState => ({
  budgetLeft: left,
  resetsAt: "2026-03-16T00:00:00.000Z",
  binding: "site-day",
  limit,
  lines: [{ kind: "site-day", limit, used: limit - left, left, resetsAt: "2026-03-16T00:00:00.000Z" }],
});

test("records thresholds, exhaustion and a refill once each, never per change of the amount", () => {
  const got: LogInput[] = [];
  const w = new BudgetWatch({ record: (e) => void got.push(e) });
  for (const left of [1000, 900, 600, 500, 400, 250, 200, 100, 50, 0, 0, 1000]) w.observe(SITE, state(left));
  expect(got.map((e) => [e.type, "threshold" in e.details ? e.details.threshold : null])).toEqual([
    ["budget-threshold", 50],
    ["budget-threshold", 25],
    ["budget-threshold", 10],
    ["budget-exhausted", null],
    ["budget-refill", null],
  ]);
  expect(got[3]).toMatchObject({ site: SITE, details: { budget: "site-daily", limitBytes: 1000, usedBytes: 1000 } });
});

test("the first state seen is only remembered; metered changes are recorded with their source", () => {
  const got: LogInput[] = [];
  const w = new BudgetWatch({ record: (e) => void got.push(e) });
  w.observe(SITE, state(0));
  expect(w.metered(false, "network", null)).toBe(false);
  expect(w.metered(true, "manual", "2026-03-15T13:00:00.000Z")).toBe(true);
  expect(w.metered(true, "network", null)).toBe(false);
  expect(got).toEqual([{ site: null, frameOrigin: null, tab: null, type: "metered", details: { metered: true, previous: false, source: "manual", until: "2026-03-15T13:00:00.000Z" } }]);
});
