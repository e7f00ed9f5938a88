import schema from "../managed-schema.json";
import { parseManagedPolicy, type ManagedPolicy } from "./managed-policy";
import { applyManaged, refusalOf, siteLock, userPart } from "./managed-settings";
import { DEFAULT_SETTINGS, ruleFor, withSiteRule, type SiteRule } from "./settings";

const map = <T>(o: Record<string, T>) => Object.assign(Object.create(null) as Record<string, T>, o);
const rule = (patch: Partial<SiteRule> = {}): SiteRule => ({ mode: "allow", hideIp: false, dailyBudgetBytes: 5, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: "2026-01-01T00:00:00Z", decidedBy: "popup", ...patch });
const policy: ManagedPolicy = { sites: map({ "org.example": "block" }), siteBudgets: map({ "a.example": { dailyBudgetBytes: 100 }, "b.example": { monthlyBudgetBytes: 7 } }), globalMonthlyCapBytes: 1000, defaultUndecided: "block" };
const user = withSiteRule(DEFAULT_SETTINGS, "a.example", rule());

describe("the policy laid over the user's settings", () => {
  test("budgets, the cap and the default are the policy's; the user's other values stay", () => {
    const eff = applyManaged(user, policy);
    expect(ruleFor(eff, "a.example")).toMatchObject({ mode: "allow", dailyBudgetBytes: 100 });
    expect(ruleFor(eff, "b.example")).toMatchObject({ mode: "undecided", monthlyBudgetBytes: 7, decidedBy: "policy" });
    expect(eff.globalMonthlyCapBytes).toBe(1000);
    expect(eff.defaults.undecided).toBe("block");
    expect(applyManaged(user, null)).toBe(user);
  });

  test("what is stored keeps the user's own values, and drops rules that exist only for the policy", () => {
    const eff = applyManaged(user, policy);
    const next = withSiteRule(eff, "a.example", { ...ruleFor(eff, "a.example")!, hideIp: true });
    const stored = userPart(next, user, policy);
    expect(ruleFor(stored, "a.example")).toMatchObject({ hideIp: true, dailyBudgetBytes: 5 });
    expect(ruleFor(stored, "b.example")).toBeUndefined();
    expect(stored.globalMonthlyCapBytes).toBeNull();
    expect(stored.defaults.undecided).toBe("download-only");
  });
});

describe("what the user may not change", () => {
  test("locked values are refused; the same value and other sites pass", () => {
    expect(refusalOf({ type: "site/set-mode", site: "org.example", mode: "allow" }, policy)).toMatch(/organisation/);
    expect(refusalOf({ type: "site/set-mode", site: "other.example", mode: "allow" }, policy)).toBeNull();
    expect(refusalOf({ type: "site/set-limits", site: "a.example", dailyBudgetBytes: 101, monthlyBudgetBytes: null, rateLimitBps: null }, policy)).toMatch(/budgets/);
    expect(refusalOf({ type: "site/set-limits", site: "a.example", dailyBudgetBytes: 100, monthlyBudgetBytes: 9, rateLimitBps: null }, policy)).toBeNull();
    expect(refusalOf({ type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: 0 }, policy)).toMatch(/cap/);
    expect(refusalOf({ type: "settings/set-default-undecided", value: "download-only" }, policy)).toMatch(/undecided/);
    expect(refusalOf({ type: "site/set-mode", site: "org.example", mode: "allow" }, null)).toBeNull();
  });

  test("lockUserSettings freezes every change but reading", () => {
    const locked = { lockUserSettings: true };
    for (const req of [
      { type: "site/set-mode", site: "x.example", mode: "allow" },
      { type: "site/set-hide-ip", site: "x.example", hideIp: true },
      { type: "site/remove", site: "x.example" },
      { type: "settings/import", text: "{}" },
    ] as const)
      expect(refusalOf(req, locked)).toMatch(/organisation/);
    expect(refusalOf({ type: "sites/list" }, locked)).toBeNull();
    expect(siteLock(locked, "x.example")).toEqual({ budgets: [], all: true });
  });

  test("disableP2P locks every site's mode to block", () => {
    expect(siteLock({ disableP2P: true }, "x.example").mode).toBe("block");
  });
});

describe("the managed schema", () => {
  // Chromium refuses to load an extension whose schema uses a keyword it does not support for the type
  // (e.g. "minimum" on a number): only the keywords below are used.
  const ALLOWED = new Set(["type", "title", "description", "properties", "additionalProperties", "enum", "items"]);
  const walk = (o: Record<string, unknown>, path: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (path.endsWith(".properties")) walk(v as Record<string, unknown>, `${path}.${k}`);
      else {
        expect(ALLOWED.has(k) ? k : `${path}.${k}`).toBe(k);
        if (typeof v === "object" && v !== null && !Array.isArray(v)) walk(v as Record<string, unknown>, `${path}.${k}`);
      }
    }
  };
  test("uses only keywords Chromium accepts, and every property is one the parser knows", () => {
    walk(schema as Record<string, unknown>, "");
    const sample: Record<string, unknown> = { sites: {}, defaultUndecided: "block", disableP2P: false, siteBudgets: {}, globalMonthlyCapBytes: 1, lockUserSettings: false };
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(sample).sort());
    expect(parseManagedPolicy(sample).errors).toEqual([]);
  });
});
