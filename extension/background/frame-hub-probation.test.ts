// The hub, the lease desk and the detector together, driven through fake frame ports: an undetected site nobody
// decided on runs on one probation allowance for all its tabs and frames; a request past it is held (never
// refused) until the site is judged, then every frame hears its default and the site's total stays bounded.
import type { Runtime } from "../platform/browser";
import type { BackgroundMessage } from "../shared/messages";
import type { Evidence } from "../shared/ui-messages";
import { DEFAULT_SETTINGS, type Settings } from "../core/settings";
import { PROBATION_UPLOAD_BYTES } from "../core/detection/behaviour";
import { DOWNLOAD_ONLY_BASE_BYTES } from "../shared/status";
import { FrameHub } from "./frame-hub";
import type { LedgerState, LedgerStore } from "./allowance/ledger-store";
import type { SettingsStore } from "./settings-store";
import type { EvidenceStore } from "./evidence-store";
import { TabState } from "./tab-state";
import { detectorFor } from "./detector-wiring";

const KiB = 1024;
const MiB = 1024 * KiB;

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  jest.clearAllTimers();
  jest.useRealTimers();
});

type Policy = Extract<BackgroundMessage, { type: "policy" }>;

function setup(settings: Settings = DEFAULT_SETTINGS, saved: Record<string, LedgerState> = {}) {
  const store: SettingsStore = { settings, userSettings: settings, managed: null, update: async () => settings, onChange: () => {} };
  const ledgers: LedgerStore = { saved, save: async (k, s) => void (saved[k] = s) };
  const bySite = new Map<string, Evidence[]>();
  const evidence: EvidenceStore = {
    of: (site) => bySite.get(site) ?? [],
    sites: () => [...bySite.keys()],
    privateSites: () => [],
    forgetPrivate: () => {},
    add: (site, e) => {
      bySite.set(site, [...(bySite.get(site) ?? []), e]);
      return true;
    },
  };
  const tabs = new TabState({ set() {} }, () => evidence, () => new Date("2026-03-15T12:00:00"));
  const hub = new FrameHub({
    store,
    tabs,
    ledgers,
    now: () => new Date("2026-03-15T12:00:00"),
    isDetected: (site) => evidence.of(site).length > 0,
    detector: detectorFor(tabs, evidence),
  });
  let nextTab = 1;
  const open = (site: string, tabId = nextTab++, frameId = 0) => {
    const inbox: BackgroundMessage[] = [];
    const on: ((m: unknown) => void)[] = [];
    const port = {
      name: "seedgate/frame",
      sender: { tab: { id: tabId, incognito: false }, frameId },
      postMessage: (m: BackgroundMessage) => void inbox.push(m),
      onMessage: { addListener: (fn: (m: unknown) => void) => void on.push(fn) },
      onDisconnect: { addListener: () => {} },
      disconnect() {},
    } as unknown as Runtime.Port;
    hub.attach(port);
    const say = (m: unknown) => on.forEach((fn) => fn(m));
    say({ type: "frame/hello", origin: `https://${site}`, top: frameId === 0, url: `https://${site}/` });
    return {
      inbox,
      say,
      policy: () => inbox.filter((m): m is Policy => m.type === "policy").at(-1)!,
      granted: () => inbox.reduce((a, m) => a + (m.type === "lease/grant" ? m.bytes : 0), 0),
      exhausted: () => inbox.some((m) => m.type === "lease/exhausted"),
    };
  };
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { hub, open, settle, evidence, saved };
}

type Fake = ReturnType<ReturnType<typeof setup>["open"]>;

/** A sender that asks for `need` at a time and spends all it gets, until a request is not granted. */
async function drain(f: Fake, settle: () => Promise<void>, need = 16 * KiB, rounds = 400): Promise<number> {
  let spent = 0;
  for (let i = 0; i < rounds; i++) {
    const before = f.granted();
    f.say({ type: "lease/request", need });
    await settle();
    const got = f.granted() - before;
    if (got === 0) break;
    f.say({ type: "usage", conns: [{ id: 1, up: got, down: 0, refused: 0 }], epoch: f.policy().epoch });
    spent += got;
  }
  return spent;
}

test("an undetected site's first policy puts it on probation: leased, told its default, nothing refused", async () => {
  const { open } = setup();
  const a = open("a.example");
  expect(a.policy()).toMatchObject({ probation: true, policy: { enforcement: "leased", status: { seeding: "undecided", uploadBudgetBytes: DOWNLOAD_ONLY_BASE_BYTES } } });
});

test("one allowance for the whole site: two tabs and a frame spend it together; past it the site is judged and gets its default", async () => {
  const { open, settle, evidence } = setup();
  const tab1 = open("a.example");
  const tab2 = open("a.example");
  const frame = open("a.example", 1, 3);
  const spent = (await drain(tab1, settle, 64 * KiB, 20)) + (await drain(tab2, settle, 64 * KiB, 20)) + (await drain(frame, settle));
  // The allowance is the site's, not a tab's or a connection's: 20 + 20 chunks of 64 KiB were asked for (2.5 MiB).
  expect(spent).toBe(PROBATION_UPLOAD_BYTES);
  // The last request was held, then the judgement: behaviour evidence, the default pushed to every frame.
  expect(evidence.of("a.example")).toEqual([expect.objectContaining({ kind: "behaviour", detail: expect.stringMatching(/probation allowance: 3072 KiB/) })]);
  for (const f of [tab1, tab2, frame]) expect(f.policy()).toMatchObject({ probation: false, policy: { enforcement: "leased", status: { seeding: "undecided", uploadBudgetBytes: 0 } } });
  // The held request is answered under the default's bound, which the probation bytes already used up.
  expect(frame.exhausted()).toBe(true);
  expect(await drain(tab1, settle)).toBe(0);
  expect(tab1.granted() + tab2.granted() + frame.granted()).toBeLessThanOrEqual(4 * MiB);
});

test("a request is held while the site is judged, never refused before the judgement", async () => {
  const { open, settle, evidence } = setup();
  const a = open("a.example");
  expect(await drain(a, settle, 64 * KiB)).toBe(PROBATION_UPLOAD_BYTES);
  const judged = a.inbox.findIndex((m) => m.type === "policy" && !m.probation);
  const refused = a.inbox.findIndex((m) => m.type === "lease/exhausted");
  expect(evidence.of("a.example")).toHaveLength(1);
  expect(judged).toBeGreaterThan(0);
  // The refusal (of the held request) comes only after the new regime, from the default's bound.
  expect(refused).toBeGreaterThan(judged);
});

test("with the default 'block', a site judged on its uploads is blocked in every frame", async () => {
  const settings: Settings = { ...DEFAULT_SETTINGS, defaults: { ...DEFAULT_SETTINGS.defaults, undecided: "block" } };
  const { open, settle } = setup(settings);
  const a = open("a.example");
  const b = open("a.example");
  expect(a.policy()).toMatchObject({ probation: true, policy: { enforcement: "leased" } });
  expect(await drain(a, settle, 64 * KiB)).toBe(PROBATION_UPLOAD_BYTES);
  for (const f of [a, b]) expect(f.policy()).toMatchObject({ probation: false, policy: { enforcement: "block" } });
});

test("a video call's 1 MiB file and chat stay inside the allowance: granted, nothing held, no evidence", async () => {
  const { open, settle, evidence } = setup();
  const a = open("call.example");
  let spent = 0;
  while (spent < MiB + 20 * KiB) {
    const before = a.granted();
    a.say({ type: "lease/request", need: 16 * KiB });
    await settle();
    const got = a.granted() - before;
    expect(got).toBeGreaterThan(0);
    a.say({ type: "usage", conns: [{ id: 1, up: got, down: 0, refused: 0 }], epoch: a.policy().epoch });
    spent += got;
  }
  expect(a.exhausted()).toBe(false);
  expect(evidence.of("call.example")).toEqual([]);
  expect(a.policy().probation).toBe(true);
});

test("a restarted background resumes the site's probation ledger: the allowance is not renewed", async () => {
  const first = setup();
  const a = first.open("a.example");
  await drain(a, first.settle, 64 * KiB, 40); // 2.5 MiB
  await first.settle();
  // A new background life with what the old one stored (storage.session), the site still undetected.
  const second = setup(DEFAULT_SETTINGS, first.saved);
  const b = second.open("a.example");
  const more = await drain(b, second.settle, 64 * KiB);
  expect(more).toBe(PROBATION_UPLOAD_BYTES - 40 * 64 * KiB);
  expect(second.evidence.of("a.example")).toHaveLength(1);
});
