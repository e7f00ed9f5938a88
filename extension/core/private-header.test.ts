import { RESOURCE_TYPES, type ConsentHeaderValue } from "./consent-header";
import { headerSites } from "./header-sites";
import { MAX_PRIVATE_RULE_ID, PRIVATE_HEADER_PRIORITY, privateHeaderRules, REMOVE_RULE_ID, TAB_ID_NONE, type PrivateHeaderInput } from "./private-header";
import { DEFAULT_SETTINGS, withSiteRule, type PrivateWindowMode, type Settings, type SiteRule } from "./settings";

const rule = (mode: SiteRule["mode"]): SiteRule => ({ mode, hideIp: false, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: "2026-01-01T00:00:00Z", decidedBy: "popup" });

const withPrivate = (s: Settings, mode: PrivateWindowMode): Settings => ({ ...s, privateWindows: { mode } });

const base = withSiteRule(withSiteRule(withSiteRule(DEFAULT_SETTINGS, "allowed.example", rule("allow")), "blocked.example", rule("block")), "capped.example", rule("download-only"));

/** What ConsentHeader.apply hands privateHeaderRules for these settings and tabs. */
function input(settings: Settings, more: Partial<PrivateHeaderInput> = {}, detectedPrivately: string[] = []): PrivateHeaderInput {
  const header = { settings, managed: null, detected: ["detected.example"], metered: false, detectedPrivately };
  return { normal: headerSites(header), private: headerSites(header, true), normalTabs: [3, 1], privateOpen: true, allowedInPrivate: true, ...more };
}

/** The header value a request gets from these rules, as the browser picks it: the matching rule of the highest priority. */
function privateValueFor(rules: ReturnType<typeof privateHeaderRules>, host: string, tabId: number): string | null | undefined {
  const matching = rules.filter(
    (r) => r.condition.requestDomains.some((d) => host === d || host.endsWith(`.${d}`)) && !(r.condition.excludedTabIds ?? []).includes(tabId),
  );
  if (matching.length === 0) return undefined; // the dynamic (normal) rules decide
  const h = matching[0]!.action.requestHeaders[0]!;
  return h.operation === "set" ? h.value : null;
}

describe("private windows' header rules", () => {
  test("follow: private windows are told what normal ones are, so no session rule at all", () => {
    expect(privateHeaderRules(input(base), RESOURCE_TYPES.chrome)).toEqual([]);
  });

  test.each([
    ["block", "seeding=blocked, metered=?0", "seeding=blocked, metered=?0", "seeding=blocked, metered=?0"],
    ["download-only", "seeding=download-only, metered=?0", "seeding=download-only, metered=?0", "seeding=blocked, metered=?0"],
  ] as const)("%s: every header site gets the private value unless the tab is a normal one", (mode, allowed, capped, blocked) => {
    const rules = privateHeaderRules(input(withPrivate(base, mode)), RESOURCE_TYPES.firefox);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      expect(r.priority).toBe(PRIVATE_HEADER_PRIORITY);
      expect(r.priority).toBeGreaterThan(1);
      expect(r.id).toBeLessThanOrEqual(MAX_PRIVATE_RULE_ID);
      expect(r.condition.excludedTabIds).toEqual([1, 3]);
      expect(r.condition.resourceTypes).toContain("main_frame");
    }
    // A private tab (id 7, never heard of) and a normal tab (id 3).
    expect(privateValueFor(rules, "allowed.example", 7)).toBe(allowed);
    expect(privateValueFor(rules, "www.allowed.example", 7)).toBe(allowed);
    expect(privateValueFor(rules, "capped.example", 7)).toBe(capped);
    expect(privateValueFor(rules, "blocked.example", 7)).toBe(blocked);
    // A detected site nobody decided: the private rule's ceiling names itself on the tie with the default.
    expect(privateValueFor(rules, "detected.example", 7)).toBe(mode === "block" ? "seeding=blocked, metered=?0" : "seeding=download-only, metered=?0");
    for (const site of ["allowed.example", "capped.example", "blocked.example", "detected.example"]) expect(privateValueFor(rules, site, 3)).toBeUndefined();
    // Sites that get no header in normal windows get none here either.
    expect(privateValueFor(rules, "other.example", 7)).toBeUndefined();
  });

  test("while any site differs, the rules cover every header site, so private tabs never read a dynamic rule", () => {
    const rules = privateHeaderRules(input(withPrivate(base, "block")), RESOURCE_TYPES.chrome);
    expect(rules.flatMap((r) => r.condition.requestDomains).sort()).toEqual(["allowed.example", "blocked.example", "capped.example", "detected.example"]);
  });

  test("the private value is what a private window's page is told (the header agrees with the page API)", () => {
    const settings = withPrivate(base, "block");
    const rules = privateHeaderRules(input(settings), RESOURCE_TYPES.chrome);
    const values = headerSites({ settings, managed: null, detected: ["detected.example"], metered: false }, true);
    for (const [site, v] of values) expect(privateValueFor(rules, site, 9)).toBe(`seeding=${v.seeding}, metered=?0`);
    expect(new Set([...values.values()].map((v: ConsentHeaderValue) => v.seeding))).toEqual(new Set(["blocked"]));
  });

  test("requests from no tab get the private value while a private window is open, the normal one otherwise", () => {
    const settings = withPrivate(base, "block");
    expect(privateValueFor(privateHeaderRules(input(settings), RESOURCE_TYPES.chrome), "allowed.example", TAB_ID_NONE)).toBe("seeding=blocked, metered=?0");
    const closed = privateHeaderRules(input(settings, { privateOpen: false }), RESOURCE_TYPES.chrome);
    expect(closed[0]!.condition.excludedTabIds).toEqual([1, 3, TAB_ID_NONE]);
    expect(privateValueFor(closed, "allowed.example", TAB_ID_NONE)).toBeUndefined();
  });

  test("no normal tab: no exemption list (an empty one is not sent)", () => {
    const rules = privateHeaderRules(input(withPrivate(base, "block"), { normalTabs: [] }), RESOURCE_TYPES.chrome);
    expect(rules[0]!.condition).not.toHaveProperty("excludedTabIds");
  });

  test("not allowed in private windows: no rule (they would only reach normal tabs' first requests)", () => {
    expect(privateHeaderRules(input(withPrivate(base, "block"), { allowedInPrivate: false }), RESOURCE_TYPES.chrome)).toEqual([]);
  });

  test("a site detected only in a private window is told `undecided` there, and nothing in normal windows", () => {
    const rules = privateHeaderRules(input(base, {}, ["secret.example"]), RESOURCE_TYPES.chrome);
    expect(privateValueFor(rules, "secret.example", 7)).toBe("seeding=undecided, metered=?0");
    expect(privateValueFor(rules, "secret.example", 3)).toBeUndefined();
    expect(input(base, {}, ["secret.example"]).normal.has("secret.example")).toBe(false);
  });

  test("a site with a header in normal windows only has it removed in private ones", () => {
    const normal = new Map([["only-normal.example", { seeding: "allowed" as const, metered: false }]]);
    const rules = privateHeaderRules({ normal, private: new Map(), normalTabs: [2], privateOpen: true, allowedInPrivate: true }, RESOURCE_TYPES.chrome);
    expect(rules).toEqual([
      expect.objectContaining({ id: REMOVE_RULE_ID, action: { type: "modifyHeaders", requestHeaders: [{ header: "Sec-P2P-Consent", operation: "remove" }] } }),
    ]);
    expect(privateValueFor(rules, "only-normal.example", 7)).toBeNull();
  });
});
