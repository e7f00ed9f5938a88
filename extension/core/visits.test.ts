import { endedVisits, MAX_VISITS, parseVisits } from "./visits";
import { resolvePolicy, type PolicyInput } from "./policy";
import { DEFAULT_SETTINGS, withSiteRule } from "./settings";
import { DOWNLOAD_ONLY_BASE_BYTES } from "../shared/status";

test("a visit ends once no tab shows its site; a tab of another site or none does not keep it", () => {
  expect(endedVisits(["a.example", "b.example"], ["a.example", null, "c.example"])).toEqual(["b.example"]);
  expect(endedVisits(["a.example"], [])).toEqual(["a.example"]);
  expect(endedVisits([], ["a.example"])).toEqual([]);
});

test("stored visits read back as sites only, deduplicated and bounded", () => {
  expect(parseVisits(["a.example", "a.example", "not a site", 5, "__proto__"])).toEqual(["a.example"]);
  expect(parseVisits({ a: 1 })).toEqual([]);
  expect(parseVisits(Array.from({ length: MAX_VISITS + 10 }, (_, i) => `s${i}.example`))).toHaveLength(MAX_VISITS);
});

describe("a visit counts as the user's allow, above the stored rule and under the pause, private rule and policy", () => {
  const base: PolicyInput = { site: "a.example", settings: DEFAULT_SETTINGS, managed: null, incognito: false, metered: false, budgetLeft: null, downloadOnlyLeft: DOWNLOAD_ONLY_BASE_BYTES, resetsAt: null, visit: true };
  const blocked = withSiteRule(DEFAULT_SETTINGS, "a.example", { mode: "block", hideIp: false, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: "2026-01-01T00:00:00Z", decidedBy: "popup" });

  test("an undecided or blocked site is allowed for the visit; without it, its own rule again", () => {
    expect(resolvePolicy(base).status).toMatchObject({ seeding: "allowed", reason: "user" });
    expect(resolvePolicy({ ...base, settings: blocked }).status).toMatchObject({ seeding: "allowed", reason: "user" });
    expect(resolvePolicy({ ...base, settings: blocked, visit: false }).status).toMatchObject({ seeding: "blocked", reason: "user" });
    expect(resolvePolicy({ ...base, visit: false }).status.seeding).toBe("undecided");
  });

  test("the pause, a stricter private-window rule and a forced mode still win", () => {
    expect(resolvePolicy({ ...base, settings: { ...DEFAULT_SETTINGS, pause: { active: true, until: null, by: "popup" } } }).status.seeding).toBe("blocked");
    expect(resolvePolicy({ ...base, incognito: true, settings: { ...DEFAULT_SETTINGS, privateWindows: { mode: "block" } } }).status).toMatchObject({ seeding: "blocked", reason: "private" });
    expect(resolvePolicy({ ...base, managed: { sites: { "a.example": "download-only" } } }).status).toMatchObject({ seeding: "download-only", reason: "policy" });
  });
});
