import type { Mode, P2PConsentStatus } from "../shared/status";
import type { ManagedPolicy } from "./managed-policy";
import { resolvePolicy, type PolicyInput, type ResolvedPolicy } from "./policy";
import { DEFAULT_SETTINGS, withSiteRule, type Settings, type SiteRule } from "./settings";

const SITE = "video.example";
const rule = (mode: Mode, extra: Partial<SiteRule> = {}): SiteRule => ({
  mode,
  hideIp: false,
  dailyBudgetBytes: null,
  monthlyBudgetBytes: null,
  rateLimitBps: null,
  decidedAt: "2026-01-01T00:00:00Z",
  decidedBy: "popup",
  ...extra,
});
const settings = (o: { rule?: SiteRule; undecided?: "download-only" | "block"; priv?: "block" | "download-only" | "follow"; meteredBudget?: number } = {}): Settings => {
  const s: Settings = {
    ...DEFAULT_SETTINGS,
    defaults: { undecided: o.undecided ?? "download-only" },
    privateWindows: { mode: o.priv ?? "download-only" },
    metered: { ...DEFAULT_SETTINGS.metered, budgetBytes: o.meteredBudget ?? 0 },
  };
  return o.rule ? withSiteRule(s, SITE, o.rule) : s;
};
const input = (o: Partial<PolicyInput> = {}): PolicyInput => ({
  site: SITE,
  settings: settings(),
  managed: null,
  incognito: false,
  metered: false,
  budgetLeft: null,
  downloadOnlyLeft: 70_000,
  resetsAt: "2026-02-01T00:00:00Z",
  ...o,
});
type Row = [string, Partial<PolicyInput>, Mode, P2PConsentStatus["seeding"], P2PConsentStatus["reason"], ResolvedPolicy["enforcement"], number | null];
const managed = (m: ManagedPolicy): ManagedPolicy => m;

describe("resolvePolicy: precedence", () => {
  test.each<Row>([
    // global default
    ["undecided site, default download-only", {}, "undecided", "undecided", "default", "leased", 70_000],
    ["undecided site, default block", { settings: settings({ undecided: "block" }) }, "block", "blocked", "default", "block", 0],
    ["a rule left undecided follows the default", { settings: settings({ rule: rule("undecided"), undecided: "block" }) }, "block", "blocked", "default", "block", 0],
    // the user's rule beats the default
    ["user allow", { settings: settings({ rule: rule("allow") }) }, "allow", "allowed", "user", "open", null],
    ["user download-only", { settings: settings({ rule: rule("download-only"), undecided: "block" }) }, "download-only", "download-only", "user", "leased", 70_000],
    ["user block", { settings: settings({ rule: rule("block") }) }, "block", "blocked", "user", "block", 0],
    // private-window rule beats the user's rule, but only to tighten it
    ["private download-only caps user allow", { incognito: true, settings: settings({ rule: rule("allow") }) }, "download-only", "download-only", "private", "leased", 70_000],
    ["private block beats user allow", { incognito: true, settings: settings({ rule: rule("allow"), priv: "block" }) }, "block", "blocked", "private", "block", 0],
    ["private download-only never unblocks user block", { incognito: true, settings: settings({ rule: rule("block") }) }, "block", "blocked", "user", "block", 0],
    ["private download-only on a user download-only: the user's", { incognito: true, settings: settings({ rule: rule("download-only") }) }, "download-only", "download-only", "user", "leased", 70_000],
    ["private download-only on an undecided site", { incognito: true }, "download-only", "download-only", "private", "leased", 70_000],
    ["private download-only under default block", { incognito: true, settings: settings({ undecided: "block" }) }, "block", "blocked", "default", "block", 0],
    ["private follow: the user's rule", { incognito: true, settings: settings({ rule: rule("allow"), priv: "follow" }) }, "allow", "allowed", "user", "open", null],
    ["private rule ignored outside private windows", { settings: settings({ rule: rule("allow"), priv: "block" }) }, "allow", "allowed", "user", "open", null],
    // enterprise policy beats everything
    ["policy allow beats user block", { managed: managed({ sites: { [SITE]: "allow" } }), settings: settings({ rule: rule("block") }) }, "allow", "allowed", "policy", "open", null],
    ["policy allow beats the private rule", { incognito: true, managed: managed({ sites: { [SITE]: "allow" } }), settings: settings({ priv: "block" }) }, "allow", "allowed", "policy", "open", null],
    ["policy block beats user allow", { managed: managed({ sites: { [SITE]: "block" } }), settings: settings({ rule: rule("allow") }) }, "block", "blocked", "policy", "block", 0],
    ["policy download-only", { managed: managed({ sites: { [SITE]: "download-only" } }) }, "download-only", "download-only", "policy", "leased", 70_000],
    ["policy undecided forces nothing", { managed: managed({ sites: { [SITE]: "undecided" } }), settings: settings({ rule: rule("allow") }) }, "allow", "allowed", "user", "open", null],
    ["policy for another site", { managed: managed({ sites: { "other.example": "block" } }), settings: settings({ rule: rule("allow") }) }, "allow", "allowed", "user", "open", null],
    ["disableP2P beats a policy allow", { managed: managed({ disableP2P: true, sites: { [SITE]: "allow" } }) }, "block", "blocked", "policy", "block", 0],
    ["disableP2P false does nothing", { managed: managed({ disableP2P: false }) }, "undecided", "undecided", "default", "leased", 70_000],
    ["policy default beats the user's default", { managed: managed({ defaultUndecided: "block" }) }, "block", "blocked", "policy", "block", 0],
    ["policy default yields to the user's rule", { managed: managed({ defaultUndecided: "block" }), settings: settings({ rule: rule("allow") }) }, "allow", "allowed", "user", "open", null],
    // then the metered rule
    ["metered, no metered budget: allow becomes download-only", { metered: true, settings: settings({ rule: rule("allow") }) }, "download-only", "download-only", "metered", "leased", 70_000],
    ["metered applies after a policy allow", { metered: true, managed: managed({ sites: { [SITE]: "allow" } }) }, "download-only", "download-only", "metered", "leased", 70_000],
    ["metered with a metered budget: allowed within it", { metered: true, budgetLeft: 5000, settings: settings({ rule: rule("allow"), meteredBudget: 10_000 }) }, "allow", "allowed", "user", "leased", 5000],
    ["metered leaves block alone", { metered: true, settings: settings({ rule: rule("block") }) }, "block", "blocked", "user", "block", 0],
    ["metered leaves undecided alone", { metered: true }, "undecided", "undecided", "default", "leased", 70_000],
    // then the budgets
    ["allow with budget left", { budgetLeft: 12_345, settings: settings({ rule: rule("allow") }) }, "allow", "allowed", "user", "leased", 12_345],
    ["allow with budget exhausted", { budgetLeft: 0, settings: settings({ rule: rule("allow") }) }, "allow", "allowed", "quota", "leased", 0],
    ["download-only: a tighter budget caps the bound", { budgetLeft: 100, settings: settings({ rule: rule("download-only") }) }, "download-only", "download-only", "user", "leased", 100],
    ["download-only: a looser budget leaves the bound", { budgetLeft: 1e9, settings: settings({ rule: rule("download-only") }) }, "download-only", "download-only", "user", "leased", 70_000],
    ["block ignores budgets", { budgetLeft: 1e9, settings: settings({ rule: rule("block") }) }, "block", "blocked", "user", "block", 0],
  ])("%s", (_name, o, mode, seeding, reason, enforcement, budget) => {
    const r = resolvePolicy(input(o));
    expect(r.mode).toBe(mode);
    expect(r.enforcement).toBe(enforcement);
    expect(r.status).toMatchObject({ seeding, reason, uploadBudgetBytes: budget, metered: o.metered ?? false });
  });
});

describe("resolvePolicy: the rest of the status", () => {
  test("a rate limit and hide-IP come from the user's rule; a rate limit makes allow leased", () => {
    const r = resolvePolicy(input({ settings: settings({ rule: rule("allow", { rateLimitBps: 1000, hideIp: true }) }) }));
    expect(r).toMatchObject({ hideIp: true, enforcement: "leased", status: { uploadRateLimitBps: 1000, uploadBudgetBytes: null } });
  });

  test("hide-IP still applies when the policy decides", () => {
    const r = resolvePolicy(input({ managed: { sites: { [SITE]: "allow" } }, settings: settings({ rule: rule("block", { hideIp: true }) }) }));
    expect(r.hideIp).toBe(true);
  });

  test.each<[string, Partial<PolicyInput>, string | null]>([
    ["unlimited allow", { settings: settings({ rule: rule("allow") }) }, null],
    ["budgeted allow", { budgetLeft: 5, settings: settings({ rule: rule("allow") }) }, "2026-02-01T00:00:00Z"],
    ["download-only bound binding", { budgetLeft: 1e9 }, null],
    ["download-only budget binding", { budgetLeft: 5 }, "2026-02-01T00:00:00Z"],
    ["block", { budgetLeft: 5, settings: settings({ rule: rule("block") }) }, null],
  ])("resetsAt: %s", (_name, o, resetsAt) => {
    expect(resolvePolicy(input(o)).status.resetsAt).toBe(resetsAt);
  });

  test.each<[string, number, number]>([
    ["NaN", NaN, 0],
    ["negative", -5, 0],
    ["fraction", 10.7, 10],
  ])("a %s byte count from elsewhere is made safe", (_name, n, expected) => {
    expect(resolvePolicy(input({ downloadOnlyLeft: n })).status.uploadBudgetBytes).toBe(expected);
    expect(resolvePolicy(input({ budgetLeft: n, settings: settings({ rule: rule("allow") }) })).status.uploadBudgetBytes).toBe(expected);
  });

  test.each(["__proto__", "constructor", "toString"])("the site %p finds no rule or policy on a prototype", (site) => {
    const r = resolvePolicy(input({ site, managed: { sites: {} } }));
    expect(r).toMatchObject({ mode: "undecided", status: { reason: "default" } });
  });
});

describe("resolvePolicy: a site not detected as a P2P CDN", () => {
  test.each<[string, Partial<PolicyInput>, ResolvedPolicy["enforcement"], boolean]>([
    ["undecided by the user's default: untouched, on probation (leased: a video call, a game)", { detected: false }, "leased", true],
    ["undecided, default block: untouched too", { detected: false, settings: settings({ undecided: "block" }) }, "leased", true],
    ["undecided by the enterprise default: untouched", { detected: false, managed: { defaultUndecided: "download-only" } }, "leased", true],
    ["detected: the default is enforced", { detected: true }, "leased", false],
    ["detection unknown (absent): enforced", {}, "leased", false],
    ["the user blocked it: blocked even undetected", { detected: false, settings: settings({ rule: rule("block") }) }, "block", false],
    ["the user chose download only: enforced even undetected", { detected: false, settings: settings({ rule: rule("download-only") }) }, "leased", false],
    ["the enterprise policy forces block: blocked", { detected: false, managed: { disableP2P: true } }, "block", false],
    ["a private window's stricter rule: enforced", { detected: false, incognito: true, settings: settings({ priv: "block" }) }, "block", false],
  ])("%s", (_name, o, enforcement, probation) => {
    const r = resolvePolicy(input(o));
    expect(r.enforcement).toBe(enforcement);
    expect(r.probation).toBe(probation);
  });

  test("an untouched page is still told the default it would get once detected", () => {
    const r = resolvePolicy(input({ detected: false }));
    expect(r.status).toMatchObject({ seeding: "undecided", reason: "default", uploadBudgetBytes: 70_000 });
  });
});
