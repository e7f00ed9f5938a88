import { managedModeFor, parseManagedPolicy } from "./managed-policy";

describe("parseManagedPolicy", () => {
  test.each<[string, unknown, object, number]>([
    ["absent", undefined, {}, 0],
    ["empty", {}, {}, 0],
    ["everything valid", { disableP2P: true, defaultUndecided: "block", sites: { "example.com": "allow" } }, { disableP2P: true, defaultUndecided: "block", sites: { "example.com": "allow" } }, 0],
    ["disableP2P not boolean", { disableP2P: "yes" }, {}, 1],
    ["defaultUndecided allow", { defaultUndecided: "allow" }, {}, 1],
    ["sites not an object", { sites: ["example.com"] }, {}, 1],
    ["a bad site key and a bad mode are dropped, the rest kept", { sites: { "www.example.com": "block", "a.example": "seed", "b.example": "block" } }, { sites: { "b.example": "block" } }, 2],
    ["unknown key", { allowAll: true }, {}, 1],
    ["not an object", "block", {}, 1],
    ["a throwing getter", { get sites() { throw new Error("boom"); } }, {}, 1],
  ])("%s", (_name, raw, policy, errorCount) => {
    const r = parseManagedPolicy(raw);
    expect(r.policy).toEqual(policy);
    expect(r.errors).toHaveLength(errorCount);
  });

  test("__proto__ in the policy pollutes nothing and is not a site", () => {
    const r = parseManagedPolicy(JSON.parse('{"sites":{"__proto__":"allow","constructor":"allow"},"__proto__":{"disableP2P":false}}'));
    expect(r.policy.disableP2P).toBeUndefined();
    expect(Object.keys(r.policy.sites ?? {})).toEqual([]);
    expect(({} as Record<string, unknown>).disableP2P).toBeUndefined();
    expect(r.errors).toHaveLength(3);
  });
});

describe("managedModeFor", () => {
  test.each<[string, string, string | undefined]>([
    ["a forced mode", "example.com", "block"],
    ["undecided forces nothing", "u.example", undefined],
    ["another site", "other.example", undefined],
    ["a prototype key", "constructor", undefined],
    ["__proto__", "__proto__", undefined],
  ])("%s", (_name, site, mode) => {
    expect(managedModeFor({ sites: { "example.com": "block", "u.example": "undecided" } }, site)).toBe(mode);
  });

  test("no policy", () => {
    expect(managedModeFor(null, "example.com")).toBeUndefined();
  });
});
