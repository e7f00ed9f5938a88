import { DEFAULT_SETTINGS, MAX_BUDGET_BYTES, SCHEMA_VERSION, SettingsError, migrateSettings, parseSettings, ruleFor, withSiteRule, type SiteRule } from "./settings";

const rule: SiteRule = {
  mode: "allow",
  hideIp: true,
  dailyBudgetBytes: 1000,
  monthlyBudgetBytes: null,
  rateLimitBps: 50_000,
  decidedAt: "2026-01-02T03:04:05.000Z",
  decidedBy: "popup",
};
const noPollution = () => {
  const probe = {} as Record<string, unknown>;
  expect(probe.mode).toBeUndefined();
  expect(probe.globalMonthlyCapBytes).toBeUndefined();
  expect(probe.polluted).toBeUndefined();
};

describe("DEFAULT_SETTINGS", () => {
  test("is what empty settings parse to, and is frozen", () => {
    expect(parseSettings({})).toEqual({ settings: DEFAULT_SETTINGS, errors: [] });
    expect(DEFAULT_SETTINGS.schemaVersion).toBe(SCHEMA_VERSION);
    expect(DEFAULT_SETTINGS.defaults.undecided).toBe("download-only");
    expect(DEFAULT_SETTINGS.metered.budgetBytes).toBe(0);
    expect(DEFAULT_SETTINGS.privateWindows.mode).toBe("follow");
    expect(Object.isFrozen(DEFAULT_SETTINGS.metered.manual)).toBe(true);
  });

  test("parsed settings are fresh objects, never the frozen defaults", () => {
    const { settings } = parseSettings({});
    expect(settings.metered).not.toBe(DEFAULT_SETTINGS.metered);
    expect(settings.sites).not.toBe(DEFAULT_SETTINGS.sites);
    expect(Object.getPrototypeOf(settings.sites)).toBeNull();
  });

  test("survive a JSON round trip without errors", () => {
    const s = withSiteRule(parseSettings({}).settings, "example.com", rule);
    expect(parseSettings(JSON.parse(JSON.stringify(s)))).toEqual({ settings: s, errors: [] });
  });
});

describe("parseSettings: each bad value takes its default and names its key path", () => {
  const big = MAX_BUDGET_BYTES;
  test.each<[string, object, (s: ReturnType<typeof parseSettings>["settings"]) => unknown, unknown, string | null]>([
    ["cap 0", { globalMonthlyCapBytes: 0 }, (s) => s.globalMonthlyCapBytes, 0, null],
    ["cap 2^50", { globalMonthlyCapBytes: big }, (s) => s.globalMonthlyCapBytes, big, null],
    ["cap null", { globalMonthlyCapBytes: null }, (s) => s.globalMonthlyCapBytes, null, null],
    ["cap negative", { globalMonthlyCapBytes: -1 }, (s) => s.globalMonthlyCapBytes, null, "globalMonthlyCapBytes:"],
    ["cap fraction", { globalMonthlyCapBytes: 1.5 }, (s) => s.globalMonthlyCapBytes, null, "globalMonthlyCapBytes:"],
    ["cap NaN", { globalMonthlyCapBytes: NaN }, (s) => s.globalMonthlyCapBytes, null, "globalMonthlyCapBytes:"],
    ["cap Infinity", { globalMonthlyCapBytes: Infinity }, (s) => s.globalMonthlyCapBytes, null, "globalMonthlyCapBytes:"],
    ["cap above 2^50", { globalMonthlyCapBytes: big + 1 }, (s) => s.globalMonthlyCapBytes, null, "globalMonthlyCapBytes:"],
    ["cap as text", { globalMonthlyCapBytes: "100" }, (s) => s.globalMonthlyCapBytes, null, "globalMonthlyCapBytes:"],
    ["cap boolean", { globalMonthlyCapBytes: true }, (s) => s.globalMonthlyCapBytes, null, "globalMonthlyCapBytes:"],
    ["metered budget", { metered: { budgetBytes: 5000 } }, (s) => s.metered.budgetBytes, 5000, null],
    ["metered budget null (must be a number)", { metered: { budgetBytes: null } }, (s) => s.metered.budgetBytes, 0, "metered.budgetBytes:"],
    ["metered manual on", { metered: { manual: { on: true, until: "2026-05-01T00:00:00Z" } } }, (s) => s.metered.manual, { on: true, until: "2026-05-01T00:00:00Z" }, null],
    ["metered manual until not a time", { metered: { manual: { until: "tomorrow" } } }, (s) => s.metered.manual.until, null, "metered.manual.until:"],
    ["metered manual on not boolean", { metered: { manual: { on: "yes" } } }, (s) => s.metered.manual.on, false, "metered.manual.on:"],
    ["metered not an object", { metered: 5 }, (s) => s.metered, DEFAULT_SETTINGS.metered, "metered: expected an object"],
    ["undecided block", { defaults: { undecided: "block" } }, (s) => s.defaults.undecided, "block", null],
    ["undecided allow is refused", { defaults: { undecided: "allow" } }, (s) => s.defaults.undecided, "download-only", "defaults.undecided:"],
    ["private follow", { privateWindows: { mode: "follow" } }, (s) => s.privateWindows.mode, "follow", null],
    ["private bad", { privateWindows: { mode: "open" } }, (s) => s.privateWindows.mode, "follow", "privateWindows.mode:"],
    ["retention", { log: { retentionDays: 30 } }, (s) => s.log.retentionDays, 30, null],
    ["retention 0", { log: { retentionDays: 0 } }, (s) => s.log.retentionDays, 90, "log.retentionDays:"],
    ["max entries fraction", { log: { maxEntries: 5000.5 } }, (s) => s.log.maxEntries, 100_000, "log.maxEntries:"],
    ["wrong schemaVersion", { schemaVersion: 7 }, (s) => s.schemaVersion, SCHEMA_VERSION, "schemaVersion:"],
    ["unknown top-level key", { theme: "dark" }, (s) => Object.hasOwn(s, "theme"), false, '"theme": unknown key'],
    ["unknown nested key", { log: { color: 1 } }, (s) => Object.hasOwn(s.log, "color"), false, 'log."color": unknown key'],
  ])("%s", (_name, raw, pick, expected, error) => {
    const { settings, errors } = parseSettings(raw);
    expect(pick(settings)).toEqual(expected);
    if (error === null) expect(errors).toEqual([]);
    else expect(errors).toEqual([expect.stringContaining(error)]);
  });

  test.each<[string, unknown]>([
    ["null", null],
    ["an array", []],
    ["a string", "settings"],
    ["a getter that throws", { get sites() { throw new Error("boom"); } }],
  ])("%s gives the defaults and an error", (_name, raw) => {
    const { settings, errors } = parseSettings(raw);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(errors).toHaveLength(1);
  });
});

describe("parseSettings: site rules", () => {
  const parseSites = (sites: unknown) => parseSettings({ sites });

  test("keeps valid rules in a null-prototype map", () => {
    const { settings, errors } = parseSites({ "example.com": rule, "[::1]": { ...rule, mode: "block" }, "file://": rule });
    expect(errors).toEqual([]);
    expect(Object.keys(settings.sites)).toEqual(["example.com", "[::1]", "file://"]);
    expect(Object.getPrototypeOf(settings.sites)).toBeNull();
  });

  test.each<[string, unknown, string]>([
    ["budget negative", { ...rule, dailyBudgetBytes: -5 }, 'sites["example.com"].dailyBudgetBytes:'],
    ["budget fraction", { ...rule, monthlyBudgetBytes: 0.5 }, 'sites["example.com"].monthlyBudgetBytes:'],
    ["rate above 2^50", { ...rule, rateLimitBps: 2 ** 51 }, 'sites["example.com"].rateLimitBps:'],
    ["mode unknown", { ...rule, mode: "seed" }, 'sites["example.com"].mode:'],
    ["decidedBy unknown", { ...rule, decidedBy: "page" }, 'sites["example.com"].decidedBy:'],
    ["decidedAt not a time", { ...rule, decidedAt: "now" }, 'sites["example.com"].decidedAt:'],
    ["field missing", { mode: "allow" }, 'sites["example.com"].hideIp:'],
    ["not an object", "allow", 'sites["example.com"]:'],
  ])("drops a rule whose %s (the site falls back to undecided)", (_name, value, error) => {
    const { settings, errors } = parseSites({ "example.com": value });
    expect(ruleFor(settings, "example.com")).toBeUndefined();
    expect(errors).toEqual([expect.stringContaining(error)]);
    expect(errors[0]).toContain("rule dropped");
  });

  test("keeps a rule with an unknown key, drops the key, reports it", () => {
    const { settings, errors } = parseSites({ "example.com": { ...rule, color: "red" } });
    expect(ruleFor(settings, "example.com")).toEqual(rule);
    expect(errors).toEqual([expect.stringContaining('sites["example.com"]."color": unknown key')]);
  });

  test.each(["www.example.com", "Example.com", "example.com.", "https://example.com", "", "__proto__", "constructor", "prototype"])(
    "drops the key %p: not a site",
    (site) => {
      const { settings, errors } = parseSites(JSON.parse(`{${JSON.stringify(site)}: ${JSON.stringify(rule)}}`));
      expect(Object.keys(settings.sites)).toEqual([]);
      expect(errors).toEqual([expect.stringContaining("not a site")]);
    },
  );

  test("sites not an object", () => {
    expect(parseSites([rule]).errors).toEqual([expect.stringContaining("sites: expected an object")]);
  });
});

describe("hostile keys never reach a prototype", () => {
  test("__proto__ and constructor from JSON.parse at every level", () => {
    const text = JSON.stringify({ sites: { "example.com": rule } })
      .replace('{"sites":', `{"__proto__":{"globalMonthlyCapBytes":5,"polluted":1},"constructor":{"prototype":{"polluted":1}},"sites":`)
      .replace('{"example.com"', `{"__proto__":${JSON.stringify(rule)},"constructor":${JSON.stringify(rule)},"example.com"`);
    const { settings, errors } = parseSettings(JSON.parse(text));
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(settings.sites)).toBeNull();
    expect(Object.keys(settings.sites)).toEqual(["example.com"]);
    expect(settings.globalMonthlyCapBytes).toBeNull();
    expect(errors).toHaveLength(4);
    noPollution();
  });

  test.each(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"])("ruleFor(%p) is undefined", (site) => {
    const plainSites = { ...parseSettings({}).settings, sites: {} as Record<string, SiteRule> };
    expect(ruleFor(parseSettings({}).settings, site)).toBeUndefined();
    expect(ruleFor(plainSites, site)).toBeUndefined();
  });
});

describe("migrateSettings", () => {
  test.each<[string, unknown, number]>([
    ["first run: empty storage", {}, 0],
    ["unversioned settings", { defaults: { undecided: "block" } }, 0],
    ["explicit version 0", { schemaVersion: 0 }, 0],
    ["current version", { schemaVersion: SCHEMA_VERSION, defaults: { undecided: "block" } }, SCHEMA_VERSION],
  ])("%s", (_name, raw, fromVersion) => {
    const r = migrateSettings(raw);
    expect(r.fromVersion).toBe(fromVersion);
    expect(r.errors).toEqual([]);
    expect(r.settings.schemaVersion).toBe(SCHEMA_VERSION);
  });

  test.each<[string, unknown, string, RegExp]>([
    ["a future version", { schemaVersion: SCHEMA_VERSION + 1 }, "future-version", /newer Seedgate.*Update Seedgate/],
    ["null", null, "not-object", /must be an object, not null/],
    ["an array", [], "not-object", /not an array/],
    ["a number", 42, "not-object", /not 42/],
    ["a string", "{}", "not-object", /not the text/],
    ["a version as text", { schemaVersion: "1" }, "invalid", /schemaVersion must be a whole number/],
    ["a fractional version", { schemaVersion: 0.5 }, "invalid", /schemaVersion/],
    ["a negative version", { schemaVersion: -1 }, "invalid", /schemaVersion/],
    ["a throwing getter", { get schemaVersion() { throw new Error("boom"); } }, "invalid", /could not be read.*accessor/],
  ])("refuses %s with a SettingsError", (_name, raw, code, message) => {
    let error: unknown;
    try {
      migrateSettings(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect(error).toMatchObject({ code, name: "SettingsError" });
    expect((error as Error).message).toMatch(message);
  });
});

describe("withSiteRule", () => {
  const base = parseSettings({}).settings;

  test("adds, replaces and removes a rule without touching the input", () => {
    const one = withSiteRule(base, "example.com", rule);
    const two = withSiteRule(one, "example.com", { ...rule, mode: "block" });
    const none = withSiteRule(two, "example.com", null);
    expect(Object.keys(base.sites)).toEqual([]);
    expect(ruleFor(one, "example.com")?.mode).toBe("allow");
    expect(ruleFor(two, "example.com")?.mode).toBe("block");
    expect(Object.keys(none.sites)).toEqual([]);
    expect(Object.getPrototypeOf(two.sites)).toBeNull();
  });

  test.each<[string, string, SiteRule]>([
    ["not a site", "www.example.com", rule],
    ["__proto__", "__proto__", rule],
    ["a bad budget", "example.com", { ...rule, dailyBudgetBytes: -1 }],
  ])("refuses %s", (_name, site, r) => {
    expect(() => withSiteRule(base, site, r)).toThrow(SettingsError);
  });
});
