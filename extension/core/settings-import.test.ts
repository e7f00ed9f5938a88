import { DEFAULT_SETTINGS, SCHEMA_VERSION, SettingsError, ruleFor, withSiteRule, type SiteRule } from "./settings";
import { parseSettingsImport } from "./settings-import";

const rule: SiteRule = {
  mode: "block",
  hideIp: false,
  dailyBudgetBytes: null,
  monthlyBudgetBytes: 10_000_000,
  rateLimitBps: null,
  decidedAt: "2026-01-02T03:04:05Z",
  decidedBy: "options",
};
const exported = JSON.stringify(withSiteRule({ ...DEFAULT_SETTINGS, globalMonthlyCapBytes: 5e9 }, "example.org", rule));

describe("parseSettingsImport", () => {
  test("an export of this version imports as it was", () => {
    const s = parseSettingsImport(exported);
    expect(s.globalMonthlyCapBytes).toBe(5e9);
    expect(ruleFor(s, "example.org")).toEqual(rule);
  });

  test("the size limit counts UTF-8 bytes, not characters", () => {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, pad: "" }).replace('""', `"${"é".repeat(30)}"`);
    expect(() => parseSettingsImport(text, text.length + 10)).toThrow(/larger than/);
  });

  test.each<[string, string, number | undefined, string, RegExp]>([
    ["too large", exported, 100, "too-large", /larger than 100 bytes/],
    ["not JSON", "{ schemaVersion: 1 ", undefined, "syntax", /not valid JSON/],
    ["empty", "", undefined, "syntax", /not valid JSON/],
    ["a JSON array", "[]", undefined, "not-object", /expected a JSON object, found an array/],
    ["JSON null", "null", undefined, "not-object", /found null/],
    ["no schemaVersion", "{}", undefined, "invalid", /no schemaVersion/],
    ["a future version", `{"schemaVersion": ${SCHEMA_VERSION + 1}}`, undefined, "future-version", /newer Seedgate/],
    ["a wrong type", `{"schemaVersion": ${SCHEMA_VERSION}, "globalMonthlyCapBytes": "lots"}`, undefined, "invalid", /1 problem; nothing was imported:\n- globalMonthlyCapBytes:/],
    ["a negative budget", exported.replace("10000000", "-10"), undefined, "invalid", /sites\["example.org"\]\.monthlyBudgetBytes/],
    ["an unknown key (a typo)", `{"schemaVersion": ${SCHEMA_VERSION}, "globalMonthlyCap": 5}`, undefined, "invalid", /"globalMonthlyCap": unknown key/],
    ["a __proto__ site", exported.replace('"sites":{', `"sites":{"__proto__":${JSON.stringify(rule)},`), undefined, "invalid", /not a site/],
  ])("refuses %s", (_name, text, maxBytes, code, message) => {
    let error: unknown;
    try {
      parseSettingsImport(text, maxBytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });

  test("lists every problem in details and caps the message", () => {
    const sites = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s${i}.example`, { ...rule, mode: "seed" }]));
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, sites });
    expect(() => parseSettingsImport(text)).toThrow(/12 problems[\s\S]*and 2 more/);
    try {
      parseSettingsImport(text);
    } catch (e) {
      expect((e as SettingsError).details).toHaveLength(12);
    }
  });
});
