import { consentHeaderValue, headerRules, parseDictionary, RESOURCE_TYPES, ruleIdOf, SEEDINGS, serializeDictionary } from "./consent-header";
import { headerSites } from "./header-sites";
import { DEFAULT_SETTINGS, withSiteRule, type SiteRule } from "./settings";

const rule = (mode: SiteRule["mode"]): SiteRule => ({ mode, hideIp: false, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: "2026-01-01T00:00:00Z", decidedBy: "popup" });

describe("Sec-P2P-Consent value (RFC 8941 dictionary)", () => {
  test.each([
    [{ seeding: "download-only", metered: false }, "seeding=download-only, metered=?0"],
    [{ seeding: "allowed", metered: true }, "seeding=allowed, metered"],
    [{ seeding: "blocked", metered: false }, "seeding=blocked, metered=?0"],
    [{ seeding: "undecided", metered: true }, "seeding=undecided, metered"],
  ] as const)("%j -> %s, which parses back", (v, text) => {
    expect(consentHeaderValue(v)).toBe(text);
    const parsed = parseDictionary(text)!;
    expect(parsed.get("seeding")).toEqual({ token: v.seeding });
    expect(parsed.get("metered")).toBe(v.metered);
  });

  test("refuses what a parser would reject: bad keys, bad tokens, duplicates", () => {
    expect(() => serializeDictionary([["Seeding", { token: "x" }]])).toThrow(/key/);
    expect(() => serializeDictionary([["seeding", { token: "1x" }]])).toThrow(/token/);
    expect(() => serializeDictionary([["seeding", { token: "a b" }]])).toThrow(/token/);
    expect(() => serializeDictionary([["a", true], ["a", false]])).toThrow(/duplicate/);
  });

  test("the parser accepts ?1 and refuses strings and garbage", () => {
    expect(parseDictionary("seeding=allowed, metered=?1")?.get("metered")).toBe(true);
    expect(parseDictionary('seeding="allowed"')).toBeNull();
    expect(parseDictionary("Seeding=allowed")).toBeNull();
  });
});

describe("header rules", () => {
  test("one rule per distinct value, stable ids, every resource type including the document", () => {
    const values = new Map([
      ["b.example", { seeding: "allowed" as const, metered: false }],
      ["a.example", { seeding: "allowed" as const, metered: false }],
      ["c.example", { seeding: "blocked" as const, metered: false }],
    ]);
    const rules = headerRules(values, RESOURCE_TYPES.chrome);
    expect(rules).toHaveLength(2);
    expect(rules[0]).toMatchObject({
      id: ruleIdOf({ seeding: "allowed", metered: false }),
      action: { type: "modifyHeaders", requestHeaders: [{ header: "Sec-P2P-Consent", operation: "set", value: "seeding=allowed, metered=?0" }] },
      condition: { requestDomains: ["a.example", "b.example"] },
    });
    expect(rules[0]!.condition.resourceTypes).toContain("main_frame");
    expect(rules[1]!.action.requestHeaders[0]!.value).toBe("seeding=blocked, metered=?0");
    const ids = new Set<number>();
    for (const seeding of SEEDINGS) for (const metered of [false, true]) ids.add(ruleIdOf({ seeding, metered }));
    expect([...ids].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("which sites receive the header", () => {
  const settings = withSiteRule(withSiteRule(withSiteRule(DEFAULT_SETTINGS, "allowed.example", rule("allow")), "undecided.example", rule("undecided")), "blocked.example", rule("block"));

  test("decided rules and detected sites only; values as a normal window's page is told", () => {
    const out = headerSites({ settings, managed: null, detected: ["detected.example"], metered: false });
    expect(Object.fromEntries(out)).toEqual({
      "allowed.example": { seeding: "allowed", metered: false },
      "blocked.example": { seeding: "blocked", metered: false },
      "detected.example": { seeding: "undecided", metered: false },
    });
  });

  test("enterprise policy sites are decided; its verdict wins; metered turns allowed into download-only", () => {
    const out = headerSites({ settings, managed: { sites: Object.assign(Object.create(null), { "org.example": "block", "allowed.example": "download-only" }) }, detected: [], metered: true });
    expect(out.get("org.example")).toEqual({ seeding: "blocked", metered: true });
    expect(out.get("allowed.example")).toEqual({ seeding: "download-only", metered: true });
  });

  test("a default of block reaches detected undecided sites", () => {
    const strict = { ...DEFAULT_SETTINGS, defaults: { undecided: "block" as const } };
    expect(headerSites({ settings: strict, managed: null, detected: ["d.example"], metered: false }).get("d.example")).toEqual({ seeding: "blocked", metered: false });
  });
});
