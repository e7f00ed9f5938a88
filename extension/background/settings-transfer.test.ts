import type { LogInput } from "../core/log";
import { DEFAULT_SETTINGS, SCHEMA_VERSION, withSiteRule, type Settings, type SiteRule } from "../core/settings";
import { makeSettingsTransferHandlers } from "./settings-transfer";
import type { SettingsStore } from "./settings-store";

const rule = (mode: SiteRule["mode"], decidedBy: SiteRule["decidedBy"] = "popup"): SiteRule => ({
  mode,
  hideIp: false,
  dailyBudgetBytes: null,
  monthlyBudgetBytes: null,
  rateLimitBps: null,
  decidedAt: "2026-01-01T00:00:00.000Z",
  decidedBy,
});

function setup(initial: Settings = withSiteRule(DEFAULT_SETTINGS, "kept.example", rule("block"))) {
  let settings = initial;
  let writes = 0;
  const store: SettingsStore = {
    get settings() {
      return settings;
    },
    get userSettings() {
      return settings;
    },
    managed: null,
    async update(fn) {
      settings = fn(settings);
      writes++;
      return settings;
    },
    onChange() {},
  };
  const logged: LogInput[] = [];
  const h = makeSettingsTransferHandlers({ store, audit: { record: (e) => void logged.push(e) }, now: () => new Date("2026-02-03T04:05:06.000Z") });
  return { h, logged, get settings() { return settings; }, get writes() { return writes; } };
}

describe("settings import", () => {
  const hostile: [string, string, RegExp][] = [
    ["wrong types", JSON.stringify({ schemaVersion: 1, sites: { "a.example": { ...rule("allow"), hideIp: "yes" } } }), /nothing was imported[\s\S]*hideIp/],
    ["unknown version", JSON.stringify({ schemaVersion: 7 }), /newer Seedgate \(settings version 7/],
    ["__proto__ at the top", '{"schemaVersion":1,"__proto__":{"log":{"maxEntries":1}}}', /"__proto__": unknown key/],
    ["__proto__ as a site", `{"schemaVersion":1,"sites":{"__proto__":${JSON.stringify(rule("allow"))}}}`, /sites\["__proto__"\]: not a site/],
    ["oversized", JSON.stringify({ schemaVersion: 1, pad: "x".repeat(1_000_001) }), /larger than 1,000,000 bytes/],
    ["not JSON", "{", /not valid JSON/],
    ["no version", "{}", /no schemaVersion/],
  ];
  test.each(hostile)("refuses %s with a message, writing and logging nothing", async (_name, text, message) => {
    const t = setup();
    const before = t.settings;
    await expect(t.h["settings/import"]({ text })).rejects.toThrow(message);
    expect(t.settings).toBe(before);
    expect(t.writes).toBe(0);
    expect(t.logged).toEqual([]);
    expect(Object.prototype).not.toHaveProperty("log");
  });

  test("a valid file replaces the settings; changed rules are decided by import; the import is logged", async () => {
    const t = setup();
    const file = { ...JSON.parse((await t.h["settings/export"]()).text), defaults: { undecided: "block" } };
    file.sites["new.example"] = rule("allow", "options");
    const r = await t.h["settings/import"]({ text: JSON.stringify(file) });
    expect(r).toEqual({ fromVersion: SCHEMA_VERSION, schemaVersion: SCHEMA_VERSION, sites: 2 });
    expect(t.settings.defaults.undecided).toBe("block");
    expect(t.settings.sites["new.example"]).toMatchObject({ mode: "allow", decidedBy: "import", decidedAt: "2026-02-03T04:05:06.000Z" });
    expect(t.settings.sites["kept.example"]).toMatchObject({ mode: "block", decidedBy: "popup" });
    expect(t.logged).toEqual([{ site: null, frameOrigin: null, tab: null, type: "settings-import", details: { fromVersion: SCHEMA_VERSION, schemaVersion: SCHEMA_VERSION, sites: 2, warnings: 0 } }]);
  });

  test("export names the file by day and round-trips", async () => {
    const t = setup();
    const e = await t.h["settings/export"]();
    expect(e.fileName).toBe("seedgate-settings-2026-02-03.json");
    await t.h["settings/import"]({ text: e.text });
    expect(JSON.stringify(t.settings)).toBe(JSON.stringify(setup().settings));
  });
});
