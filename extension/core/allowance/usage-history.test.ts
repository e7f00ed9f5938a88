import { addToHistory, emptyHistory, historyOf, parseHistory, pruneHistory, HISTORY_DAYS } from "./usage-history";

const A = "a.example";

test("adds per day, refunds never below 0, and lists the last 30 days oldest first with zeros", () => {
  const h = emptyHistory();
  addToHistory(h, A, "2026-03-01", 100);
  addToHistory(h, A, "2026-03-01", -30);
  addToHistory(h, A, "2026-03-02", 5);
  addToHistory(h, A, "2026-03-02", -50);
  const list = historyOf(h, A, "2026-03-02");
  expect(list).toHaveLength(HISTORY_DAYS);
  expect(list[0]!.day).toBe("2026-02-01");
  expect(list.slice(-2)).toEqual([
    { day: "2026-03-01", bytes: 70 },
    { day: "2026-03-02", bytes: 0 },
  ]);
});

test("a refund for a site without history creates nothing; __proto__ is an ordinary key", () => {
  const h = emptyHistory();
  addToHistory(h, A, "2026-03-01", -10);
  expect(Object.keys(h)).toEqual([]);
  addToHistory(h, "__proto__", "2026-03-01", 10);
  expect(historyOf(h, "__proto__", "2026-03-01").at(-1)!.bytes).toBe(10);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test("prune keeps exactly the last 30 days", () => {
  const h = emptyHistory();
  addToHistory(h, A, "2026-01-31", 1); // 30 days before 2026-03-02 is 2026-01-31: dropped
  addToHistory(h, A, "2026-02-01", 2);
  pruneHistory(h, "2026-03-02");
  expect(Object.keys(h[A]!)).toEqual(["2026-02-01"]);
  pruneHistory(h, "2026-04-01");
  expect(Object.keys(h)).toEqual([]);
});

test("parse drops bad sites, days and counts", () => {
  const h = parseHistory({ [A]: { "2026-03-01": 5, "2026-3-1": 5, "2026-03-02": -1, "2026-03-03": 1.5 }, "not a site": { "2026-03-01": 1 } });
  expect(JSON.parse(JSON.stringify(h))).toEqual({ [A]: { "2026-03-01": 5 } });
  expect(Object.keys(parseHistory("junk"))).toEqual([]);
});
