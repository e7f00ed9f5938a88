// The hub with budgets, killed at any moment (the budget must hold exactly, both ways): storage.session (site ledgers) and storage.local (budget counters)
// are two areas whose writes land on their own, in order within an area but in any order between them, and a
// stopped background loses what had not landed. For many seeded schedules (requests, spends, reports, recalls and
// returns of two tabs of one site), the background is killed at a random step, a new one starts from what landed,
// the tabs settle their old leases as the guard does (engine.ts, "policy" with resetLease), and both drain what is
// left. The bytes the tabs spent in both lives never exceed the daily budget, and fall short of it by less than
// one 64 KiB lease (as when never killed).
// Checked to fail without the write order of LeaseDesk.write (lease-desk.ts of the parent commit, both areas written
// at once): a returned lease whose refund landed before the ledger's state made a restarted background lease it
// again; seeds 8, 14, 17, 21, 24 (and more) of the 100 spent up to 1,176,064 B of the 1,048,576 B budget. CI met it
// in Firefox (budgets.spec, "the service worker stopped in the middle of the transfer": 1,097,728 B arrived).
// The lower bound fails without the reconciliation at restart (BudgetBook.reconcile) and the settle's `returned`:
// with the write order alone, schedules lost up to 693,264 B (355,312 B spent), and a CI run's receivers got
// 1,015,808 B of 1,048,576 with 32 KiB refused.
import type { Runtime } from "../platform/browser";
import type { BackgroundMessage } from "../shared/messages";
import { DEFAULT_SETTINGS, withSiteRule, type Settings } from "../core/settings";
import { BudgetBook, type BudgetStorage } from "./allowance/budget-book";
import { openLedgerStore } from "./allowance/ledger-store";
import { FrameHub } from "./frame-hub";
import type { SettingsStore } from "./settings-store";
import { TabState } from "./tab-state";
import { prng } from "../../test/e2e/harness/fuzz-gen";

jest.mock("../platform/browser", () => ({ browser: {} }));

const KiB = 1024;
const BUDGET = 1024 * KiB;
const SITE = "a.example";
const NOW = new Date("2026-03-15T12:00:00");

beforeEach(() => jest.useFakeTimers({ now: NOW }));
afterEach(() => {
  jest.clearAllTimers();
  jest.useRealTimers();
});

/** A storage area whose writes wait until the test lands them (in order); a kill drops those still waiting. */
class Area implements BudgetStorage {
  landed: Record<string, unknown> = {};
  private readonly waiting: { items: Record<string, unknown>; done: () => void }[] = [];
  constructor(from: Record<string, unknown> = {}) {
    this.landed = JSON.parse(JSON.stringify(from)) as Record<string, unknown>;
  }
  async get(key: string) {
    return key in this.landed ? { [key]: JSON.parse(JSON.stringify(this.landed[key])) as unknown } : {};
  }
  /** Writes land at once (while a background opens its stores). */
  direct = false;
  set(items: Record<string, unknown>): Promise<void> {
    const copy = JSON.parse(JSON.stringify(items)) as Record<string, unknown>;
    if (this.direct) {
      Object.assign(this.landed, copy);
      return Promise.resolve();
    }
    return new Promise((done) => this.waiting.push({ items: copy, done }));
  }
  get pending(): number {
    return this.waiting.length;
  }
  landOne(): void {
    const w = this.waiting.shift();
    if (!w) return;
    Object.assign(this.landed, w.items);
    w.done();
  }
}

/** A tab's guard as far as leases go: it spends only what it holds, and settles old leases as engine.ts does. */
class Tab {
  inbox: BackgroundMessage[] = [];
  private read = 0;
  private say: (m: unknown) => void = () => {};
  private close: () => void = () => {};
  epoch = 0;
  granted = 0;
  returned = 0;
  lease = 0;
  unreported = 0;
  constructor(
    readonly id: number,
    private readonly spent: { total: number },
  ) {}

  connect(hub: FrameHub): void {
    this.inbox = [];
    this.read = 0;
    const on: ((m: unknown) => void)[] = [];
    const off: (() => void)[] = [];
    const port = {
      name: "seedgate/frame",
      sender: { tab: { id: this.id, incognito: false }, frameId: 0 },
      postMessage: (m: BackgroundMessage) => void this.inbox.push(m),
      onMessage: { addListener: (fn: (m: unknown) => void) => void on.push(fn) },
      onDisconnect: { addListener: (fn: () => void) => void off.push(fn) },
      disconnect() {},
    } as unknown as Runtime.Port;
    hub.attach(port);
    this.say = (m) => on.forEach((fn) => fn(m));
    this.close = () => off.forEach((fn) => fn());
    this.say({ type: "frame/hello", origin: `https://${SITE}`, top: true, url: `https://${SITE}/` });
  }

  /** The port died with the background: nothing more arrives from it. */
  disconnect(): void {
    this.say = () => {};
    this.close = () => {};
  }

  /** Handles what the background sent since last time. */
  hear(): void {
    while (this.read < this.inbox.length) {
      const msg = this.inbox[this.read++]!;
      if (msg.type === "policy") {
        if (msg.resetLease) {
          this.report();
          if (this.epoch !== 0) this.say({ type: "lease/settle", epoch: this.epoch, granted: this.granted, returned: this.returned, left: this.lease });
          this.lease = 0;
          this.granted = 0;
          this.returned = 0;
        }
        this.epoch = msg.epoch;
      } else if (msg.type === "lease/grant") {
        this.granted += msg.bytes;
        this.lease += msg.bytes;
      } else if (msg.type === "lease/recall") {
        this.giveBack(this.lease);
      }
    }
  }

  request(need = 16 * KiB): void {
    this.say({ type: "lease/request", need });
  }

  spend(bytes: number): void {
    const n = Math.min(bytes, this.lease);
    this.lease -= n;
    this.unreported += n;
    this.spent.total += n;
  }

  report(): void {
    if (this.unreported === 0) return;
    this.say({ type: "usage", conns: [{ id: 1, up: this.unreported, down: 0, refused: 0 }], epoch: this.epoch });
    this.unreported = 0;
  }

  giveBack(bytes: number): void {
    const n = Math.min(bytes, this.lease);
    if (n === 0) return;
    this.lease -= n;
    this.returned += n;
    this.say({ type: "lease/return", bytes: n, epoch: this.epoch });
  }

  gone(): void {
    this.close();
  }
}

function settingsStore(settings: Settings): SettingsStore {
  return {
    settings,
    userSettings: settings,
    managed: null,
    update: async () => settings,
    onChange: () => {},
  };
}

async function start(local: Area, session: Area): Promise<FrameHub> {
  const settings = withSiteRule(DEFAULT_SETTINGS, SITE, {
    mode: "allow",
    hideIp: false,
    dailyBudgetBytes: BUDGET,
    monthlyBudgetBytes: null,
    rateLimitBps: null,
    decidedAt: "2026-01-01T00:00:00Z",
    decidedBy: "options",
  });
  session.direct = local.direct = true;
  const [budgets, ledgers] = await Promise.all([BudgetBook.open(local, () => new Date()), openLedgerStore(() => true, "ledgers", session)]);
  session.direct = local.direct = false;
  return new FrameHub({ store: settingsStore(settings), tabs: new TabState({ set() {} }, () => null, () => new Date()), ledgers, budgets, now: () => new Date() });
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** One schedule: `steps` random actions, a kill at `killAt`, then both tabs drain in the new life. */
async function run(seed: number, kill = true): Promise<{ spent: number; killAt: number }> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const spent = { total: 0 };
  let local = new Area();
  let session = new Area();
  let hub = await start(local, session);
  const tabs = [new Tab(1, spent), new Tab(2, spent)];
  for (const t of tabs) t.connect(hub);
  const steps = 40 + Math.floor(rnd() * 80);
  const killAt = kill ? Math.floor(rnd() * steps) : -1;
  for (let step = 0; step < steps; step++) {
    if (step === killAt) {
      // The background stops: what has not landed is lost; the ports die; a new one starts from what landed.
      for (const t of tabs) t.disconnect();
      local = new Area(local.landed);
      session = new Area(session.landed);
      hub = await start(local, session);
      for (const t of tabs) t.connect(hub);
    }
    const t = pick(tabs);
    const action = pick(["request", "request", "spend", "spend", "report", "return", "land", "land", "land"] as const);
    if (action === "request") t.request(pick([1, 16 * KiB, 64 * KiB, 200 * KiB]));
    else if (action === "spend") t.spend(pick([1 * KiB, 16 * KiB, 64 * KiB]));
    else if (action === "report") t.report();
    else if (action === "return") t.giveBack(pick([1 * KiB, 16 * KiB, t.lease]));
    else for (let n = Math.floor(rnd() * 4); n >= 0; n--) pick([local, session]).landOne();
    await flush();
    if (rnd() < 0.2) jest.advanceTimersByTime(1100);
    for (const x of tabs) x.hear();
  }
  // The new life runs on: every write lands; both tabs ask, spend all they get and report, until refused.
  for (let round = 0; round < 400; round++) {
    for (const t of tabs) {
      t.hear();
      t.spend(Infinity);
      t.report();
      t.request(16 * KiB);
    }
    for (let i = 0; i < 8; i++) {
      while (local.pending || session.pending) {
        local.landOne();
        session.landOne();
        await flush();
      }
      await flush();
    }
    jest.advanceTimersByTime(1100);
    for (const t of tabs) t.hear();
    if (tabs.every((t) => t.inbox.slice(-3).some((m) => m.type === "lease/exhausted")) && tabs.every((t) => t.lease === 0)) break;
  }
  return { spent: spent.total, killAt };
}

test("killed at any step, a restarted background never lets two tabs spend more than the daily budget", async () => {
  const over: { seed: number; spent: number; killAt: number }[] = [];
  const spent: number[] = [];
  for (let seed = 1; seed <= 100; seed++) {
    const r = await run(seed);
    spent.push(r.spent);
    if (r.spent > BUDGET) over.push({ seed, ...r });
  }
  expect(over.slice(0, 5)).toEqual([]);
  // And nothing is lost: what the counters held beyond the ledger's landed state is refunded at the restart, and
  // the tabs' settles bring back leases granted but never delivered and returns whose write never landed.
  spent.sort((x, y) => x - y);
  console.log(`killed: spent ${spent[0]}–${spent.at(-1)} B (median ${spent[50]}) of a ${BUDGET} B budget over 100 schedules`);
  expect(spent[0]).toBeGreaterThanOrEqual(BUDGET - 64 * KiB);
}, 60_000);

test("never killed, the same schedules spend the budget within one 64 KiB lease", async () => {
  const off: { seed: number; spent: number }[] = [];
  for (let seed = 1; seed <= 50; seed++) {
    const r = await run(seed, false);
    if (r.spent > BUDGET || r.spent < BUDGET - 64 * KiB) off.push({ seed, spent: r.spent });
  }
  expect(off).toEqual([]);
}, 60_000);
