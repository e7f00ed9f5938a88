import type { P2PConsentStatus } from "../status";
import { FakeConsentApi, settle, status } from "../testing/fake-consent-api";
import { P2PML_RESERVE, planP2PMediaLoader, respectConsentP2PMediaLoader, type P2PMLEngineLike, type P2PMLSwitches } from "@seedgate/p2p-consent/p2p-media-loader";

const KiB = 1024;
const MiB = 1024 * KiB;
const ON = { isP2PDisabled: false, isP2PUploadDisabled: false };
const NO_UPLOAD = { isP2PDisabled: false, isP2PUploadDisabled: true };
const OFF = { isP2PDisabled: true, isP2PUploadDisabled: true };

/** A p2p-media-loader 2.x engine as the adapter sees it: applyDynamicConfig and its core events. */
class FakeEngine implements P2PMLEngineLike {
  config: P2PMLSwitches = { isP2PDisabled: false, isP2PUploadDisabled: false };
  calls: unknown[] = [];
  private listeners = new Set<(bytes: number, peerId: string) => void>();
  applyDynamicConfig(c: { core?: Partial<P2PMLSwitches> }) {
    this.calls.push(c);
    this.config = { ...this.config, ...c.core };
  }
  addEventListener(_e: "onChunkUploaded", l: (bytes: number, peerId: string) => void) {
    this.listeners.add(l);
  }
  removeEventListener(_e: "onChunkUploaded", l: (bytes: number, peerId: string) => void) {
    this.listeners.delete(l);
  }
  /** Uploads 64 KiB chunks while upload is on; a segment already started finishes (`inFlight` chunks). */
  seed(bytes: number, inFlight = 0): number {
    let sent = 0;
    let late = inFlight;
    while (sent < bytes && !this.config.isP2PDisabled && (!this.config.isP2PUploadDisabled || late-- > 0)) {
      sent += 64 * KiB;
      for (const l of this.listeners) l(64 * KiB, "peer");
    }
    return sent;
  }
}

describe("planP2PMediaLoader", () => {
  test.each<[string, P2PConsentStatus, number, P2PMLSwitches]>([
    ["allowed, no budget", status(), Infinity, ON],
    ["allowed, a segment's worth left", status({ uploadBudgetBytes: 2 * MiB }), 2 * MiB, ON],
    ["allowed, less than a segment left", status({ uploadBudgetBytes: 2 * MiB }), P2PML_RESERVE.uploadBytes, NO_UPLOAD],
    ["allowed, only control messages left", status({ uploadBudgetBytes: 2 * MiB }), 80 * KiB, OFF],
    ["quota reached", status({ uploadBudgetBytes: 0, reason: "quota" }), 0, OFF],
    ["download only", status({ seeding: "download-only", uploadBudgetBytes: 64 * KiB }), 64 * KiB, NO_UPLOAD],
    ["undecided", status({ seeding: "undecided", reason: "default", uploadBudgetBytes: 64 * KiB }), 64 * KiB, NO_UPLOAD],
    ["download only, bound used up", status({ seeding: "download-only", uploadBudgetBytes: 64 * KiB }), 10 * KiB, OFF],
    ["blocked", status({ seeding: "blocked", uploadBudgetBytes: 0 }), 0, OFF],
  ])("%s", (_n, s, left, expected) => {
    expect(planP2PMediaLoader(s, left)).toEqual(expected);
  });
});

describe("respectConsentP2PMediaLoader", () => {
  test("upload is off until the decision is known, then follows it", async () => {
    const api = new FakeConsentApi(status({ seeding: "undecided", reason: "default", uploadBudgetBytes: 64 * KiB }));
    const engine = new FakeEngine();
    respectConsentP2PMediaLoader(engine, { api });
    expect(engine.calls).toEqual([{ core: NO_UPLOAD }]);
    await settle();
    api.change(status());
    expect(engine.config).toEqual(ON);
    api.change(status({ seeding: "blocked", uploadBudgetBytes: 0 }));
    expect(engine.config).toEqual(OFF);
    api.change(status({ seeding: "download-only", uploadBudgetBytes: 64 * KiB }));
    expect(engine.config).toEqual(NO_UPLOAD);
    expect(engine.calls).toHaveLength(4); // no call when nothing changes
  });

  test("a segment in flight still fits the budget; refilled, uploads resume", async () => {
    const api = new FakeConsentApi(status({ uploadBudgetBytes: 3 * MiB }));
    const engine = new FakeEngine();
    respectConsentP2PMediaLoader(engine, { api });
    await settle();
    const sent = engine.seed(100 * MiB, 12); // the segment on its way: 768 KiB more after upload goes off
    expect(sent).toBeLessThanOrEqual(3 * MiB);
    expect(engine.config.isP2PUploadDisabled).toBe(true);
    api.change(status({ uploadBudgetBytes: 50 * MiB }));
    expect(engine.config).toEqual(ON);
  });

  test("an upload that would not stop turns P2P off before the budget is gone", async () => {
    const api = new FakeConsentApi(status({ uploadBudgetBytes: 2 * MiB }));
    const engine = new FakeEngine();
    respectConsentP2PMediaLoader(engine, { api });
    await settle();
    expect(engine.seed(100 * MiB, 1000)).toBeLessThanOrEqual(2 * MiB);
    expect(engine.config).toEqual(OFF);
  });

  test("an engine without events is still switched; stop() detaches", async () => {
    const api = new FakeConsentApi(status());
    const calls: unknown[] = [];
    const binding = respectConsentP2PMediaLoader({ applyDynamicConfig: (c) => calls.push(c) }, { api });
    await settle();
    binding.stop();
    api.change(status({ seeding: "blocked" }));
    expect(calls).toEqual([{ core: NO_UPLOAD }, { core: ON }]);
  });

  test("without Seedgate: the site's fallback", async () => {
    const engine = new FakeEngine();
    respectConsentP2PMediaLoader(engine, { api: null, fallback: "download-only" });
    await settle();
    expect(engine.config).toEqual(NO_UPLOAD);
  });
});
