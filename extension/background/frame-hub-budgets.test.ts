// The hub with budgets, driven through fake frame ports: exact caps across sites, refills at local midnight,
// settled leases coming back after a regime change; one decision per frame per push.
import type { Runtime } from "../platform/browser";
import type { BackgroundMessage } from "../shared/messages";
import { DEFAULT_SETTINGS, withSiteRule, type Settings, type SiteRule } from "../core/settings";
import { BudgetBook, type BudgetStorage } from "./allowance/budget-book";
import { FrameHub } from "./frame-hub";
import type { LedgerState, LedgerStore } from "./allowance/ledger-store";
import type { SettingsStore } from "./settings-store";
import { TabState } from "./tab-state";
import { decideFrame } from "../core/allowance/frame-decision";

// The real decision, counted: a push decides each frame once (the hub once probed and decided again, ~5 calls).
jest.mock("../core/allowance/frame-decision", () => {
  const actual = jest.requireActual<typeof import("../core/allowance/frame-decision")>("../core/allowance/frame-decision");
  return { ...actual, decideFrame: jest.fn(actual.decideFrame) };
});
const decisions = decideFrame as jest.MockedFunction<typeof decideFrame>;

const KiB = 1024;

// The hub keeps a refill timer: fake timers, cleared after each test, so none outlives the file.
beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  jest.clearAllTimers();
  jest.useRealTimers();
});

function memoryArea(): BudgetStorage {
  const data: Record<string, unknown> = {};
  return {
    async get(key) {
      return key in data ? { [key]: data[key] } : {};
    },
    async set(items) {
      Object.assign(data, JSON.parse(JSON.stringify(items)));
    },
  };
}

function rule(patch: Partial<SiteRule>): SiteRule {
  return { mode: "allow", hideIp: false, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: "2026-01-01T00:00:00Z", decidedBy: "options", ...patch };
}

interface FakeFrame {
  inbox: BackgroundMessage[];
  say(msg: unknown): void;
  close(): void;
  /** The last policy message. */
  policy(): Extract<BackgroundMessage, { type: "policy" }>;
  granted(): number;
}

async function setup(settings: Settings, start: Date) {
  let now = start;
  const listeners: (() => void)[] = [];
  let current = settings;
  const store: SettingsStore = {
    get settings() {
      return current;
    },
    get userSettings() {
      return current;
    },
    managed: null,
    async update(fn) {
      current = fn(current);
      listeners.forEach((l) => l());
      return current;
    },
    onChange: (fn) => void listeners.push(fn),
  };
  const saved: Record<string, LedgerState> = {};
  let ledgerWrites = 0;
  const ledgers: LedgerStore = {
    saved,
    save: async (k, s) => {
      ledgerWrites++;
      saved[k] = s;
    },
  };
  const tabs = new TabState({ set() {} }, () => null, () => now);
  const book = await BudgetBook.open(memoryArea(), () => now);
  const hub = new FrameHub({ store, tabs, ledgers, now: () => now, budgets: book });
  store.onChange(() => hub.pushAll());
  let nextTab = 1;
  const open = (site: string): FakeFrame => {
    const inbox: BackgroundMessage[] = [];
    const on: ((m: unknown) => void)[] = [];
    const off: (() => void)[] = [];
    const port = {
      name: "seedgate/frame",
      sender: { tab: { id: nextTab++, incognito: false }, frameId: 0 },
      postMessage: (m: BackgroundMessage) => void inbox.push(m),
      onMessage: { addListener: (fn: (m: unknown) => void) => void on.push(fn) },
      onDisconnect: { addListener: (fn: () => void) => void off.push(fn) },
      disconnect() {},
    } as unknown as Runtime.Port;
    hub.attach(port);
    const say = (m: unknown) => on.forEach((fn) => fn(m));
    say({ type: "frame/hello", origin: `https://${site}`, top: true, url: `https://${site}/` });
    return {
      inbox,
      say,
      close: () => off.forEach((fn) => fn()),
      policy: () => inbox.filter((m): m is Extract<BackgroundMessage, { type: "policy" }> => m.type === "policy").at(-1)!,
      granted: () => inbox.reduce((a, m) => a + (m.type === "lease/grant" ? m.bytes : 0), 0),
    };
  };
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { hub, book, store, tabs, open, settle, setNow: (d: Date) => void (now = d), ledgerWrites: () => ledgerWrites, saved };
}

/** A client that ignores the API: asks for 16 KiB at a time and spends all it gets, until refused. */
async function drain(f: FakeFrame, settle: () => Promise<void>): Promise<number> {
  let spent = 0;
  for (let i = 0; i < 200; i++) {
    const before = f.granted();
    f.say({ type: "lease/request", need: 16 * KiB });
    await settle();
    const got = f.granted() - before;
    if (got === 0) break;
    f.say({ type: "usage", conns: [{ id: 1, up: got, down: 0, refused: 0 }], epoch: f.policy().epoch });
    spent += got;
  }
  return spent;
}

test("one push decides each frame once: mode, budgets and lease view in one call", async () => {
  let s = withSiteRule(DEFAULT_SETTINGS, "a.example", rule({ dailyBudgetBytes: 100 * KiB }));
  s = withSiteRule(s, "b.example", rule({ mode: "download-only" }));
  const { open, settle, hub } = await setup(s, new Date("2026-03-15T12:00:00"));
  decisions.mockClear();
  const frames = [open("a.example"), open("a.example"), open("b.example"), open("c.example")];
  await settle();
  // Each frame's hello pushes its policy once.
  expect(decisions).toHaveBeenCalledTimes(frames.length);
  decisions.mockClear();
  hub.pushAll();
  await settle();
  expect(decisions).toHaveBeenCalledTimes(frames.length);
  decisions.mockClear();
  hub.pushSite("a.example");
  expect(decisions).toHaveBeenCalledTimes(2);
  // Every frame heard a policy decided for its own site.
  for (const f of frames) expect(f.policy().policy.site).toMatch(/^[abc]\.example$/);
});

/** Two allowed sites, a.example and b.example, under a global monthly cap, each with one frame open. */
async function twoSitesUnderCap(capBytes: number) {
  let s = withSiteRule(DEFAULT_SETTINGS, "a.example", rule({}));
  s = withSiteRule(s, "b.example", rule({}));
  const { open, settle } = await setup({ ...s, globalMonthlyCapBytes: capBytes }, new Date("2026-03-15T12:00:00"));
  const a = open("a.example");
  const b = open("b.example");
  await settle();
  return { a, b, settle };
}

test("the global monthly cap holds exactly across two sites", async () => {
  const { a, b, settle } = await twoSitesUnderCap(300 * KiB);
  expect(a.policy().policy.status.uploadBudgetBytes).toBe(300 * KiB);
  const [x, y] = [await drain(a, settle), await drain(b, settle)];
  expect(x + y).toBeLessThanOrEqual(300 * KiB);
  expect(x + y).toBeGreaterThan(300 * KiB - 16 * KiB);
});

test("the global monthly cap holds when two sites ask at once, before either grant's writes land", async () => {
  // Both requests reach the desk in the same turn: the second site's cap must already count the first one's lease,
  // although neither write has landed yet. (Fails when the desk charges the counters only at its write's turn: the
  // two sites then get one message over the cap, as CI's budgets.spec saw: 540,672 B for a 524,288 B cap.)
  const { a, b, settle } = await twoSitesUnderCap(100 * KiB);
  let spent = 0;
  for (let round = 0; round < 50; round++) {
    const before = [a.granted(), b.granted()];
    // Every other round only the first site asks, so both ask when what is left is less than two requests.
    a.say({ type: "lease/request", need: 40 * KiB });
    if (round % 2 === 1) b.say({ type: "lease/request", need: 40 * KiB });
    await settle();
    const got = [a.granted() - before[0]!, b.granted() - before[1]!];
    if (got[0] === 0 && got[1] === 0 && round % 2 === 1) break;
    if (got[0]) a.say({ type: "usage", conns: [{ id: 1, up: got[0], down: 0, refused: 0 }], epoch: a.policy().epoch });
    if (got[1]) b.say({ type: "usage", conns: [{ id: 1, up: got[1], down: 0, refused: 0 }], epoch: b.policy().epoch });
    spent += got[0]! + got[1]!;
  }
  expect(spent).toBeLessThanOrEqual(100 * KiB);
  expect(spent).toBeGreaterThan(100 * KiB - 40 * KiB);
});

test("a daily budget refills at local midnight: open frames hear it (timer), with no upload needed", async () => {
  const s = withSiteRule(DEFAULT_SETTINGS, "a.example", rule({ dailyBudgetBytes: 100 * KiB }));
  const { open, settle, setNow } = await setup(s, new Date("2026-03-15T23:59:00"));
  const a = open("a.example");
  await settle();
  const spent = await drain(a, settle);
  expect(spent).toBeLessThanOrEqual(100 * KiB);
  expect(spent).toBeGreaterThan(100 * KiB - 16 * KiB);
  expect(a.inbox.some((m) => m.type === "lease/exhausted")).toBe(true);
  const resetsAt = Date.parse(a.policy().policy.status.resetsAt!);
  expect(resetsAt).toBe(new Date("2026-03-16T00:00:00").getTime());
  setNow(new Date("2026-03-16T00:00:00.010"));
  jest.advanceTimersByTime(60_000);
  await settle();
  const p = a.policy();
  expect(p.resetLease).toBe(true);
  expect(p.policy.status.uploadBudgetBytes).toBe(100 * KiB);
  expect(await drain(a, settle)).toBe(spent);
});

test("leases settled by a regime change come back under their epoch, and only as much as was out", async () => {
  const s = withSiteRule(DEFAULT_SETTINGS, "a.example", rule({ dailyBudgetBytes: 200 * KiB }));
  const { open, settle, store, book } = await setup(s, new Date("2026-03-15T12:00:00"));
  const a = open("a.example");
  await settle();
  const oldEpoch = a.policy().epoch;
  a.say({ type: "lease/request", need: 1 });
  await settle();
  const lease = a.granted();
  expect(lease).toBeGreaterThan(0);
  // Blocking the site moves the frame off its ledger: its lease is settled (counted as spent).
  await store.update((x) => withSiteRule(x, "a.example", rule({ mode: "block", dailyBudgetBytes: 200 * KiB })));
  await settle();
  expect(a.policy().resetLease).toBe(true);
  expect(a.policy().epoch).not.toBe(oldEpoch);
  const used = () => book.state(store.settings, "a.example", true).lines[0]!.used;
  expect(used()).toBe(lease); // settled: counted as spent
  // The guard reports 10 KiB sent under the old lease and hands back the rest, then claims far more.
  a.say({ type: "usage", conns: [{ id: 1, up: 10 * KiB, down: 0, refused: 0 }], epoch: oldEpoch });
  a.say({ type: "lease/return", bytes: lease - 10 * KiB, epoch: oldEpoch });
  a.say({ type: "lease/return", bytes: 1_000_000, epoch: oldEpoch });
  await settle();
  expect(used()).toBe(10 * KiB);
});

test("uploads of an open site reported after a budget was set are counted once, not as a violation", async () => {
  const s = withSiteRule(DEFAULT_SETTINGS, "a.example", rule({}));
  const { open, settle, store, book, hub, tabs } = await setup(s, new Date("2026-03-15T12:00:00"));
  const a = open("a.example");
  await settle();
  expect(a.policy().policy.enforcement).toBe("open");
  const openEpoch = a.policy().epoch;
  await store.update((x) => withSiteRule(x, "a.example", rule({ dailyBudgetBytes: 100 * KiB })));
  await settle();
  expect(a.policy().policy.enforcement).toBe("leased");
  a.say({ type: "usage", conns: [{ id: 1, up: 10 * KiB, down: 0, refused: 0 }], epoch: openEpoch });
  await settle();
  expect(book.state(store.settings, "a.example", true).budgetLeft).toBe(90 * KiB);
  expect(hub.statusOfTab(1)?.uploadBudgetBytes).toBe(90 * KiB);
  expect(tabs.get(1)).toMatchObject({ up: 10 * KiB, overdraft: 0 });
});

test("a grant stored but never delivered (the worker stopped in between) comes back when the frame settles", async () => {
  const s = withSiteRule(DEFAULT_SETTINGS, "a.example", rule({ dailyBudgetBytes: 200 * KiB }));
  const { open, settle, store, book } = await setup(s, new Date("2026-03-15T12:00:00"));
  const a = open("a.example");
  await settle();
  const oldEpoch = a.policy().epoch;
  a.say({ type: "lease/request", need: 1 });
  a.say({ type: "lease/request", need: 1 });
  await settle();
  const grants = a.inbox.filter((m) => m.type === "lease/grant").map((m) => (m as { bytes: number }).bytes);
  expect(grants.length).toBe(2);
  await store.update((x) => withSiteRule(x, "a.example", rule({ mode: "block", dailyBudgetBytes: 200 * KiB })));
  await settle();
  const used = () => book.state(store.settings, "a.example", true).lines[0]!.used;
  expect(used()).toBe(grants[0]! + grants[1]!);
  // The frame only ever received the first grant, sent 1 KiB of it and kept the rest.
  a.say({ type: "usage", conns: [{ id: 1, up: KiB, down: 0, refused: 0 }], epoch: oldEpoch });
  a.say({ type: "lease/settle", epoch: oldEpoch, granted: grants[0]!, returned: 0, left: grants[0]! - KiB });
  await settle();
  expect(used()).toBe(KiB);
  // Settling again, or claiming more, gives nothing more back.
  a.say({ type: "lease/settle", epoch: oldEpoch, granted: 0, returned: 0, left: 10 * grants[0]! });
  await settle();
  expect(used()).toBe(KiB);
});

test("a frame that held no lease leaves without a ledger write; one that was granted bytes is stored", async () => {
  const s = withSiteRule(DEFAULT_SETTINGS, "a.example", rule({ dailyBudgetBytes: 100 * KiB }));
  const { open, settle, ledgerWrites, saved } = await setup(s, new Date("2026-03-15T12:00:00"));
  const seeder = open("a.example");
  const adSlots = [open("a.example"), open("a.example"), open("a.example")];
  await settle();
  const before = ledgerWrites();
  for (const f of adSlots) f.close();
  await settle();
  // Nothing they left changed what the ledger stores (issue 12: a write per frame that went away).
  expect(ledgerWrites()).toBe(before);
  seeder.say({ type: "lease/request", need: 16 * KiB });
  await settle();
  const got = seeder.granted();
  expect(got).toBeGreaterThanOrEqual(16 * KiB);
  const granted = ledgerWrites();
  expect(granted).toBeGreaterThan(before);
  seeder.close();
  await settle();
  // Its lease counts as spent: stored.
  expect(ledgerWrites()).toBeGreaterThan(granted);
  const state = Object.values(saved).at(-1)!;
  expect(state.committed).toBe(got);
});
