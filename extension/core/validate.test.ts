import type { BackgroundMessage, FrameToBackground } from "../shared/messages";
import type { FramePolicy } from "../shared/status";
import type { UiRequest } from "../shared/ui-messages";
import { MESSAGE_LIMITS, parseBackgroundMessage, parseFrameMessage, parseUiRequest } from "./validate";

const conn = { id: 1, up: 100, down: 2000, refused: 0 };
const policy: FramePolicy = {
  site: "example.com",
  status: { seeding: "allowed", uploadBudgetBytes: 5000, uploadRateLimitBps: null, metered: false, reason: "user", resetsAt: "2026-02-01T00:00:00.000Z" },
  enforcement: "leased",
  hideIp: false,
  budgetLimit: 10_000,
};

const validFrame: FrameToBackground[] = [
  { type: "usage", conns: [conn, { id: 2, up: 0, down: 0, refused: 3 }], epoch: 0 },
  { type: "usage", conns: [], epoch: 1_800_000_000_000_000 },
  { type: "usage", conns: Array.from({ length: MESSAGE_LIMITS.conns }, (_, id) => ({ ...conn, id })), epoch: 3 },
  { type: "lease/request", need: 65_536 },
  { type: "lease/return", bytes: 0, epoch: 0 },
  { type: "net", metered: true },
  { type: "lease/settle", epoch: 7, granted: 65_536, returned: 0, left: 100 },
  { type: "declare", client: "webtorrent" },
  { type: "declare", client: "p2p-media-loader", version: "2.1.0", purpose: "video segments" },
  { type: "conn/open", id: 7, iceServers: ["stun:stun.example.org:3478", "turn:turn.example.org"], relayOnly: false },
  { type: "conn/close", id: Number.MAX_SAFE_INTEGER },
  { type: "frame/hello", origin: "https://player.example.net", top: false, url: "https://player.example.net/embed?id=1" },
  { type: "frame/hello", origin: "null", top: false, url: "about:srcdoc" },
];
const validBackground: BackgroundMessage[] = [
  { type: "policy", policy, pool: 10_000, resetLease: false, epoch: 5, probation: false },
  { type: "policy", policy: { ...policy, status: { ...policy.status, uploadBudgetBytes: null, resetsAt: null } }, pool: null, resetLease: true, epoch: 6, probation: true },
  { type: "lease/grant", bytes: 4096, pool: 0 },
  { type: "lease/exhausted", pool: null },
  { type: "lease/recall" },
  { type: "lease/pool", pool: 123 },
];
const validUi: UiRequest[] = [
  { type: "site/get", tabId: 3 },
  { type: "site/set-mode", site: "example.co.uk", mode: "allow" },
  { type: "site/set-hide-ip", site: "[::1]", hideIp: true },
  { type: "site/remove", site: "a.github.io" },
  { type: "sites/list" },
  { type: "settings/get" },
  { type: "settings/set-default-undecided", value: "block" },
  { type: "settings/set-private-windows", mode: "follow" },
  { type: "settings/set-log-retention", retentionDays: 30, maxEntries: 5000 },
  { type: "site/evidence", site: "example.com" },
  { type: "site/set-limits", site: "example.com", dailyBudgetBytes: 1_048_576, monthlyBudgetBytes: null, rateLimitBps: 0 },
  { type: "settings/set-global-limits", globalMonthlyCapBytes: 2 ** 50, meteredBudgetBytes: 0 },
  { type: "metered/set-manual", on: true, until: "2026-03-15T13:00:00.000Z" },
  { type: "budgets/site", site: "example.com" },
  { type: "budgets/overview" },
];

describe.each([
  ["parseFrameMessage", parseFrameMessage, validFrame],
  ["parseBackgroundMessage", parseBackgroundMessage, validBackground],
  ["parseUiRequest", parseUiRequest, validUi],
] as const)("%s accepts every variant", (_name, parse, valid) => {
  test.each(valid.map((m) => [m.type, m] as const))("%s", (_type, message) => {
    const parsed = parse(message);
    expect(parsed).toEqual(message);
    expect(parsed).not.toBe(message);
  });
});

const throwing = { type: "lease/request", get need(): number { throw new Error("boom"); } };
const proxied = new Proxy({ type: "lease/request", need: 1 }, { ownKeys: () => { throw new Error("trap"); } });
const hugeSparse: unknown[] = [];
hugeSparse.length = 2 ** 32 - 1;
const classy = new (class { type = "lease/recall"; })();

describe("parseFrameMessage refuses", () => {
  test.each<[string, unknown]>([
    ["undefined", undefined],
    ["null", null],
    ["a string", "usage"],
    ["an array", [{ type: "usage", conns: [] }]],
    ["no type", { need: 1 }],
    ["an unknown type", { type: "lease/steal", bytes: 1 }],
    ["a background message", { type: "lease/grant", bytes: 1, pool: null }],
    ["an extra key", { type: "lease/request", need: 1, grant: true }],
    ["an extra key in a conn", { type: "usage", conns: [{ ...conn, extra: 1 }] }],
    ["a missing key", { type: "conn/open", id: 1, iceServers: [] }],
    ["NaN", { type: "lease/request", need: NaN }],
    ["Infinity", { type: "lease/return", bytes: Infinity }],
    ["a negative count", { type: "usage", conns: [{ ...conn, up: -1 }] }],
    ["-Infinity", { type: "usage", conns: [{ ...conn, down: -Infinity }] }],
    ["a fraction", { type: "lease/request", need: 1.5 }],
    ["an unsafe integer", { type: "lease/request", need: 2 ** 53 }],
    ["a numeric string", { type: "lease/request", need: "100" }],
    ["a bigint", { type: "lease/request", need: 1n }],
    ["a boolean as string", { type: "conn/open", id: 1, iceServers: [], relayOnly: "false" }],
    ["too many conns", { type: "usage", conns: Array.from({ length: MESSAGE_LIMITS.conns + 1 }, (_, id) => ({ ...conn, id })) }],
    ["a huge sparse conns array", { type: "usage", conns: hugeSparse }],
    ["too many ICE servers", { type: "conn/open", id: 1, iceServers: Array(33).fill("stun:x"), relayOnly: false }],
    ["an ICE server too long", { type: "conn/open", id: 1, iceServers: ["stun:" + "x".repeat(512)], relayOnly: false }],
    ["an ICE server that is not a string", { type: "conn/open", id: 1, iceServers: [{ urls: "stun:x" }], relayOnly: false }],
    ["a client name too long", { type: "declare", client: "x".repeat(101) }],
    ["a purpose too long", { type: "declare", client: "x", purpose: "x".repeat(501) }],
    ["a version that is not a string", { type: "declare", client: "x", version: 2 }],
    ["a url too long", { type: "frame/hello", origin: "https://a.example", top: true, url: "https://a.example/" + "x".repeat(4096) }],
    ["a getter that throws", throwing],
    ["a getter that does not throw", { type: "lease/return", get bytes() { return 1; } }],
    ["a proxy whose trap throws", proxied],
    ["a function", () => ({ type: "lease/recall" })],
    ["a deeply nested value", { type: "usage", conns: [{ ...conn, id: { a: { b: { c: { d: { e: 1 } } } } } }] }],
  ])("%s", (_name, raw) => {
    expect(() => parseFrameMessage(raw)).not.toThrow();
    expect(parseFrameMessage(raw)).toBeNull();
  });

  test("prototype-polluting keys: refused as extra keys, nothing polluted", () => {
    for (const text of [
      '{"type":"lease/request","need":1,"__proto__":{"polluted":true}}',
      '{"type":"usage","conns":[{"id":1,"up":1,"down":1,"refused":0,"__proto__":{"polluted":true}}]}',
      '{"type":"lease/request","need":1,"constructor":{"prototype":{"polluted":true}}}',
    ]) {
      expect(parseFrameMessage(JSON.parse(text))).toBeNull();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("an inherited field does not count (only own data properties are read)", () => {
    expect(parseFrameMessage(Object.create({ type: "conn/close", id: 1 }))).toBeNull();
  });

  test("a class instance with the right own fields is plain data", () => {
    expect(parseBackgroundMessage(classy)).toEqual({ type: "lease/recall" });
  });
});

describe("parseBackgroundMessage refuses", () => {
  test.each<[string, unknown]>([
    ["a policy for a non-site", { type: "policy", policy: { ...policy, site: "www.example.com" }, pool: null, resetLease: false }],
    ["a policy with an extra status key", { type: "policy", policy: { ...policy, status: { ...policy.status, forged: true } }, pool: null, resetLease: false }],
    ["a bad seeding value", { type: "policy", policy: { ...policy, status: { ...policy.status, seeding: "yes" } }, pool: null, resetLease: false }],
    ["a bad resetsAt", { type: "policy", policy: { ...policy, status: { ...policy.status, resetsAt: "soon" } }, pool: null, resetLease: false }],
    ["a bad enforcement", { type: "policy", policy: { ...policy, enforcement: "none" }, pool: null, resetLease: false }],
    ["a policy without its probation flag", { type: "policy", policy, pool: null, resetLease: false, epoch: 1 }],
    ["a probation flag that is not a boolean", { type: "policy", policy, pool: null, resetLease: false, epoch: 1, probation: 1 }],
    ["a negative grant", { type: "lease/grant", bytes: -1, pool: null }],
    ["a NaN pool", { type: "lease/pool", pool: NaN }],
    ["a missing pool", { type: "lease/exhausted" }],
    ["an extra key on recall", { type: "lease/recall", bytes: 1 }],
  ])("%s", (_name, raw) => {
    expect(parseBackgroundMessage(raw)).toBeNull();
  });
});

describe("parseUiRequest refuses", () => {
  test.each<[string, unknown]>([
    ["a tab id that is not an integer", { type: "site/get", tabId: 1.5 }],
    ["a negative tab id", { type: "site/get", tabId: -1 }],
    ["an unknown mode", { type: "site/set-mode", site: "example.com", mode: "seed" }],
    ["a host, not a site", { type: "site/set-mode", site: "www.example.com", mode: "allow" }],
    ["__proto__ as a site", { type: "site/remove", site: "__proto__" }],
    ["a hide-IP that is not a boolean", { type: "site/set-hide-ip", site: "example.com", hideIp: 1 }],
    ["allow as the undecided default", { type: "settings/set-default-undecided", value: "allow" }],
    ["an extra key", { type: "sites/list", all: true }],
    ["an unknown private-window rule", { type: "settings/set-private-windows", mode: "allow" }],
    ["log retention of 0 days", { type: "settings/set-log-retention", retentionDays: 0, maxEntries: 5000 }],
    ["log retention over ten years", { type: "settings/set-log-retention", retentionDays: 3651, maxEntries: 5000 }],
    ["log retention of fractional days", { type: "settings/set-log-retention", retentionDays: 1.5, maxEntries: 5000 }],
    ["a log of fewer than 1,000 entries", { type: "settings/set-log-retention", retentionDays: 30, maxEntries: 999 }],
    ["a log of more than 10,000,000 entries", { type: "settings/set-log-retention", retentionDays: 30, maxEntries: 10_000_001 }],
    ["evidence of a host, not a site", { type: "site/evidence", site: "www.example.com" }],
    ...(
      [
        ["a negative budget", -1],
        ["a fractional budget", 1.5],
        ["an absurd budget (over 1 PiB)", 2 ** 50 + 1],
        ["a budget as text", "1048576"],
        ["NaN as a budget", NaN],
        ["Infinity as a budget", Infinity],
      ] as const
    ).flatMap(([what, v]): [string, unknown][] => [
      [`${what}: daily`, { type: "site/set-limits", site: "example.com", dailyBudgetBytes: v, monthlyBudgetBytes: null, rateLimitBps: null }],
      [`${what}: rate`, { type: "site/set-limits", site: "example.com", dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: v }],
      [`${what}: global cap`, { type: "settings/set-global-limits", globalMonthlyCapBytes: v, meteredBudgetBytes: 0 }],
      [`${what}: metered budget`, { type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: v }],
    ]),
    ["no metered budget (null is not 0)", { type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: null }],
    ["a metered end that is not a time", { type: "metered/set-manual", on: true, until: "tomorrow" }],
  ])("%s", (_name, raw) => {
    expect(parseUiRequest(raw)).toBeNull();
  });
});

describe("detection messages", () => {
  const detect = { type: "detect", scripts: ["https://cdn.example/p2p.js"], sockets: ["wss://tracker.example/"], globals: ["peer5"], metas: [{ name: "p2p-cdn", content: "x" }], channels: [{ conn: 1, label: "abc", dir: "up", hex: "1342" }, { conn: 1, label: "", dir: "down", text: "{}" }], conns: [{ id: 1, up: 10, messages: 1, media: false }] } as const;
  test("a well-formed detect message and probe list pass", () => {
    expect(parseFrameMessage(structuredClone(detect))).toEqual(detect);
    expect(parseBackgroundMessage({ type: "detect/probe", paths: ["peer5", "WebTorrent.WEBRTC_SUPPORT"], metaNames: ["og:platform"] })).not.toBeNull();
  });
  test.each<[string, Record<string, unknown>]>([
    ["too many scripts", { scripts: Array.from({ length: MESSAGE_LIMITS.detectUrls + 1 }, (_, i) => `https://x/${i}`) }],
    ["a URL too long", { sockets: ["w".repeat(MESSAGE_LIMITS.url + 1)] }],
    ["uppercase or odd hex", { channels: [{ conn: 1, label: "", dir: "up", hex: "ABC" }] }],
    ["a first message too long", { channels: [{ conn: 1, label: "", dir: "up", text: "x".repeat(MESSAGE_LIMITS.detectFirst + 1) }] }],
    ["an unknown direction", { channels: [{ conn: 1, label: "", dir: "sideways" }] }],
    ["negative bytes", { conns: [{ id: 1, up: -1, messages: 0, media: false }] }],
    ["a missing list", { globals: undefined }],
    ["an extra field", { extra: 1 }],
  ])("refused: %s", (_n, patch) => {
    expect(parseFrameMessage({ ...structuredClone(detect), ...patch })).toBeNull();
  });
});
