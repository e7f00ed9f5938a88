import { DEFAULT_SETTINGS, withSiteRule, type SiteRule } from "../settings";
import { policyDecisions, settingsDecisions, visitDecision } from "./decisions";
import { learnersOf } from "./learners";
import type { LogEntry } from "./entry";

const rule = (mode: SiteRule["mode"], decidedBy: SiteRule["decidedBy"], hideIp = false): SiteRule => ({
  mode,
  hideIp,
  dailyBudgetBytes: null,
  monthlyBudgetBytes: null,
  rateLimitBps: null,
  decidedAt: "2026-01-01T00:00:00.000Z",
  decidedBy,
});

describe("decision entries", () => {
  it("one entry per site whose mode or hide-IP changed, naming who made it", () => {
    const a = withSiteRule(withSiteRule(DEFAULT_SETTINGS, "a.example", rule("allow", "popup")), "b.example", rule("block", "options"));
    const b = withSiteRule(withSiteRule(withSiteRule(a, "a.example", { ...rule("allow", "options"), dailyBudgetBytes: 5 }), "b.example", rule("block", "import", true)), "c.example", rule("download-only", "import"));
    expect(settingsDecisions(a, b, "options").map((e) => ({ site: e.site, ...e.details }))).toEqual([
      { site: "b.example", by: "import", mode: "block", previous: "block", hideIp: true },
      { site: "c.example", by: "import", mode: "download-only", previous: "undecided", hideIp: false },
    ]);
    expect(settingsDecisions(b, withSiteRule(b, "c.example", null), "options").map((e) => ({ site: e.site, ...e.details }))).toEqual([
      { site: "c.example", by: "options", mode: "undecided", previous: "download-only", hideIp: false },
    ]);
  });

  it("enterprise policy changes are decisions by policy", () => {
    expect(policyDecisions(null, { sites: { "x.example": "block" } }).map((e) => [e.site, e.details])).toEqual([["x.example", { by: "policy", mode: "block", previous: "undecided", hideIp: false }]]);
    expect(policyDecisions({ disableP2P: false }, { disableP2P: true }).map((e) => [e.site, e.details.mode])).toEqual([[null, "block"]]);
    expect(policyDecisions({ sites: { "x.example": "block" } }, { sites: { "x.example": "block" } })).toEqual([]);
  });
});

test("who learned my IP address: distinct remote addresses with first and last seen", () => {
  const opened = (time: string, address: string | null, port: number) =>
    ({ type: "connection-opened", time, details: { remote: { address, port, candidateType: "host", protocol: "udp" } } }) as unknown as LogEntry;
  const out = learnersOf([
    opened("2026-01-01T00:00:00.000Z", "192.0.2.1", 1000),
    opened("2026-01-03T00:00:00.000Z", "192.0.2.1", 1001),
    opened("2026-01-02T00:00:00.000Z", "198.51.100.9", 2000),
    opened("2026-01-02T00:00:00.000Z", null, 3000),
    { type: "bytes", time: "2026-01-04T00:00:00.000Z", details: {} } as unknown as LogEntry,
  ]);
  expect(out.map((l) => [l.address, l.ports, l.connections, l.first, l.last])).toEqual([
    ["192.0.2.1", [1000, 1001], 2, "2026-01-01T00:00:00.000Z", "2026-01-03T00:00:00.000Z"],
    ["(address not revealed by the browser)", [3000], 1, "2026-01-02T00:00:00.000Z", "2026-01-02T00:00:00.000Z"],
    ["198.51.100.9", [2000], 1, "2026-01-02T00:00:00.000Z", "2026-01-02T00:00:00.000Z"],
  ]);
});

describe("the global pause", () => {
  const paused = (until: string | null, by: SiteRule["decidedBy"] = "popup") => ({ ...DEFAULT_SETTINGS, pause: { active: true, until, by } });
  it("pausing, changing its end and resuming are decisions for every site, naming until when", () => {
    const on = settingsDecisions(DEFAULT_SETTINGS, paused("2026-01-01T01:00:00.000Z"), "options");
    expect(on.map((e) => [e.site, e.details])).toEqual([[null, { by: "popup", mode: "block", previous: "undecided", hideIp: false, until: "2026-01-01T01:00:00.000Z" }]]);
    const longer = settingsDecisions(paused("2026-01-01T01:00:00.000Z"), paused(null, "options"), "options");
    expect(longer.map((e) => e.details)).toEqual([{ by: "options", mode: "block", previous: "block", hideIp: false, until: null }]);
    const off = settingsDecisions(paused("2026-01-01T01:00:00.000Z"), { ...DEFAULT_SETTINGS, pause: { active: false, until: null, by: "popup" } }, "options");
    expect(off.map((e) => [e.site, e.details])).toEqual([[null, { by: "popup", mode: "undecided", previous: "block", hideIp: false, until: "2026-01-01T01:00:00.000Z" }]]);
    expect(settingsDecisions(paused(null), paused(null), "options")).toEqual([]);
  });
});

test("an allow for this visit, and its end, are decisions naming the rule the site returns to", () => {
  expect(visitDecision("a.example", "popup", true, "block", false)).toMatchObject({ site: "a.example", type: "decision", details: { by: "popup", mode: "allow", previous: "block", hideIp: false, visitOnly: true } });
  expect(visitDecision("a.example", "popup", false, "undecided", true).details).toEqual({ by: "popup", mode: "undecided", previous: "allow", hideIp: true, visitOnly: true });
});
