// The hub with private windows, driven through fake frame ports: a private window's frames follow the private
// rule, lease from their own ledgers and budget counters (normal windows' are untouched), nothing of theirs reaches
// the audit log, and their books are forgotten once no private frame is left.
import type { Runtime } from "../platform/browser";
import type { BackgroundMessage } from "../shared/messages";
import type { LogInput } from "../core/log";
import { DEFAULT_SETTINGS, withSiteRule, type Settings } from "../core/settings";
import { BudgetBook, type BudgetStorage } from "./allowance/budget-book";
import { FrameHub } from "./frame-hub";
import type { LedgerState, LedgerStore } from "./allowance/ledger-store";
import type { SettingsStore } from "./settings-store";
import { TabState } from "./tab-state";

const KiB = 1024;
const NOW = new Date("2026-03-15T12:00:00");

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  jest.clearAllTimers();
  jest.useRealTimers();
});

function memoryArea(): BudgetStorage & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => (key in data ? { [key]: data[key] } : {}),
    set: async (items) => void Object.assign(data, JSON.parse(JSON.stringify(items))),
  };
}

function memoryLedgers(): LedgerStore & { saved: Record<string, LedgerState> } {
  const saved: Record<string, LedgerState> = {};
  return { saved, save: async (k, s) => void (saved[k] = s), clear: async () => Object.keys(saved).forEach((k) => delete saved[k]) };
}

async function setup(settings: Settings) {
  const store: SettingsStore = { settings, userSettings: settings, managed: null, update: async () => settings, onChange: () => {} };
  const logged: LogInput[] = [];
  const normalArea = memoryArea();
  const budgets = await BudgetBook.open(normalArea, () => NOW);
  const privateArea = memoryArea();
  const privateBudgets = await BudgetBook.open(privateArea, () => NOW, undefined, budgets);
  const ledgers = memoryLedgers();
  const privateLedgers = memoryLedgers();
  const hub = new FrameHub({
    store,
    tabs: new TabState({ set() {} }, () => null, () => NOW),
    ledgers,
    now: () => NOW,
    audit: { record: (e) => void logged.push(e) },
    budgets,
    privateBooks: { ledgers: privateLedgers, budgets: privateBudgets },
  });
  let nextTab = 1;
  const open = (site: string, incognito: boolean) => {
    const inbox: BackgroundMessage[] = [];
    const on: ((m: unknown) => void)[] = [];
    const off: (() => void)[] = [];
    const port = {
      name: "seedgate/frame",
      sender: { tab: { id: nextTab++, incognito }, frameId: 0 },
      postMessage: (m: BackgroundMessage) => void inbox.push(m),
      onMessage: { addListener: (fn: (m: unknown) => void) => void on.push(fn) },
      onDisconnect: { addListener: (fn: () => void) => void off.push(fn) },
      disconnect() {},
    } as unknown as Runtime.Port;
    hub.attach(port);
    const say = (m: unknown) => on.forEach((fn) => fn(m));
    say({ type: "frame/hello", origin: `https://${site}`, top: true, url: `https://${site}/` });
    const policy = () => inbox.filter((m): m is Extract<BackgroundMessage, { type: "policy" }> => m.type === "policy").at(-1)!;
    const granted = () => inbox.reduce((a, m) => a + (m.type === "lease/grant" ? m.bytes : 0), 0);
    return { inbox, say, policy, granted, close: () => off.forEach((fn) => fn()) };
  };
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  /** Asks for 16 KiB at a time and spends it all until refused; returns what was granted. */
  const drain = async (f: ReturnType<typeof open>) => {
    for (let i = 0; i < 100; i++) {
      const before = f.granted();
      f.say({ type: "lease/request", need: 16 * KiB });
      await settle();
      const got = f.granted() - before;
      if (got === 0) break;
      f.say({ type: "usage", conns: [{ id: 1, up: got, down: 0, refused: 0 }], epoch: f.policy().epoch });
    }
    return f.granted();
  };
  return { hub, open, settle, drain, logged, ledgers, privateLedgers, normalArea, privateArea, budgets, privateBudgets };
}

test("a private window gets the private rule; a normal window of the same site its own", async () => {
  const t = await setup({ ...DEFAULT_SETTINGS, privateWindows: { mode: "block" } });
  expect(t.open("a.example", true).policy().policy).toMatchObject({ enforcement: "block", status: { seeding: "blocked", reason: "private" } });
  expect(t.open("a.example", false).policy().policy.status.seeding).toBe("undecided");
});

test("download-only bounds are separate: a private window's uploads use its own ledger, not the normal one's", async () => {
  const t = await setup({ ...DEFAULT_SETTINGS, privateWindows: { mode: "follow" } });
  const normal = t.open("a.example", false);
  const priv = t.open("a.example", true);
  await t.settle();
  expect(await t.drain(priv)).toBe(64 * KiB);
  // The normal window's bound is whole: the private one spent nothing of it.
  expect(await t.drain(normal)).toBe(64 * KiB);
  expect(Object.keys(t.privateLedgers.saved)).toEqual(["private|a.example|restricted|2026-03-15"]);
  expect(Object.keys(t.ledgers.saved)).toEqual(["a.example|restricted|2026-03-15"]);
});

test("an allowed site's daily budget in a private window counts apart and nothing private is logged", async () => {
  const rule = { mode: "allow" as const, hideIp: false, dailyBudgetBytes: 100 * KiB, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: "2026-01-01T00:00:00Z", decidedBy: "options" as const };
  const t = await setup(withSiteRule({ ...DEFAULT_SETTINGS, privateWindows: { mode: "follow" } }, "a.example", rule));
  const priv = t.open("a.example", true);
  await t.settle();
  const privately = await t.drain(priv);
  expect(privately).toBeGreaterThan(64 * KiB);
  expect(privately).toBeLessThanOrEqual(100 * KiB);
  priv.say({ type: "conn/open", conn: 1, iceServers: [], iceTransportPolicy: "all" });
  priv.say({ type: "conn/blocked", iceServers: [] });
  t.hub.tick();
  await t.settle();
  expect(JSON.stringify(t.normalArea.data)).not.toContain("a.example");
  expect(JSON.stringify(t.privateArea.data)).toContain("a.example");
  expect(t.logged.filter((e) => e.site === "a.example")).toEqual([]);
  const normal = t.open("a.example", false);
  await t.settle();
  // The normal window's budget is whole: the same client gets the same bytes again.
  expect(await t.drain(normal)).toBe(privately);
  // The same in a normal window is logged (so the check above can fail).
  expect(t.logged.some((e) => e.site === "a.example" && e.type.startsWith("budget-"))).toBe(true);
});

test("the private books are forgotten once no private frame is left, and not before", async () => {
  const t = await setup({ ...DEFAULT_SETTINGS, privateWindows: { mode: "follow" } });
  const priv = t.open("a.example", true);
  await t.settle();
  await t.drain(priv);
  expect(await t.hub.forgetPrivate()).toBe(false);
  priv.close();
  expect(await t.hub.forgetPrivate()).toBe(true);
  expect(t.privateLedgers.saved).toEqual({});
  expect(JSON.stringify(t.privateArea.data)).not.toContain("a.example");
  const again = t.open("a.example", true);
  await t.settle();
  expect(await t.drain(again)).toBe(64 * KiB);
});
