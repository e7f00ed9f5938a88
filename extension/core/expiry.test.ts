import { expireRules, nextExpiry } from "./expiry";
import { DEFAULT_SETTINGS, ruleFor, withSiteRule, type SiteRule } from "./settings";

const rule = (expiresAt: string | null, mode: SiteRule["mode"] = "allow"): SiteRule => ({ mode, hideIp: true, dailyBudgetBytes: 9, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: "2026-01-01T00:00:00Z", decidedBy: "popup", expiresAt });
const s = withSiteRule(withSiteRule(withSiteRule(DEFAULT_SETTINGS, "a.example", rule("2026-01-02T00:00:00Z")), "b.example", rule("2026-01-09T00:00:00Z")), "c.example", rule(null));

test("a rule returns to undecided at its expiry (not a millisecond before), keeping its other fields", () => {
  expect(expireRules(s, new Date("2026-01-01T23:59:59.999Z"))).toBeNull();
  const r = expireRules(s, new Date("2026-01-02T00:00:00Z"))!;
  expect(r.expired).toEqual(["a.example"]);
  expect(ruleFor(r.settings, "a.example")).toMatchObject({ mode: "undecided", expiresAt: null, hideIp: true, dailyBudgetBytes: 9 });
  expect(ruleFor(r.settings, "b.example")?.mode).toBe("allow");
  expect(ruleFor(r.settings, "c.example")?.mode).toBe("allow");
});

test("the next expiry is the earliest; none without expiries", () => {
  expect(nextExpiry(s)).toBe(Date.parse("2026-01-02T00:00:00Z"));
  expect(nextExpiry(DEFAULT_SETTINGS)).toBeNull();
});
