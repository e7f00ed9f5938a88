import { EventEmitter } from "node:events";
import type { P2PConsentStatus } from "../status";
import { FALLBACKS } from "../index";
import { FakeConsentApi, settle, status } from "../testing/fake-consent-api";
import { planWebTorrent, respectConsentWebTorrent, WEBTORRENT_RESERVE_BYTES, type WebTorrentPlan } from "./webtorrent";

const KiB = 1024;
const MiB = () => 1024 * KiB;

class FakeTorrent {
  paused = false;
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
}

/** WebTorrent 2.x as far as the adapter sees it; throttleUpload checks its argument like the real one does. */
class FakeWebTorrent extends EventEmitter {
  torrents: FakeTorrent[] = [new FakeTorrent(), new FakeTorrent()];
  rates: number[] = [];
  get rate() {
    return this.rates.at(-1);
  }
  throttleUpload(rate: number) {
    // index.js: NaN, Infinity and < -1 are ignored; speed-limiter's setRate throws on a non-integer.
    if (Number.isNaN(rate) || !Number.isFinite(rate) || rate < -1) return false;
    if (rate >= 0 && !Number.isInteger(rate)) throw new Error("Rate must be an integer bigger than zero");
    this.rates.push(rate);
    return undefined;
  }
  /** Sends `bytes` in 16 KiB blocks while the throttle lets them through; `inFlight` blocks leave after it closes. */
  seed(bytes: number, inFlight = 0): number {
    let sent = 0;
    let late = inFlight;
    while (sent < bytes && (this.rate !== 0 || late-- > 0)) {
      sent += 16 * KiB;
      this.emit("upload", 16 * KiB);
    }
    return sent;
  }
}

describe("planWebTorrent", () => {
  test.each<[string, P2PConsentStatus, number, WebTorrentPlan]>([
    ["allowed, no budget", status(), Infinity, { uploadRate: -1, paused: false }],
    ["allowed with a rate limit (rounded down)", status({ uploadRateLimitBps: 50_000.7 }), Infinity, { uploadRate: 50_000, paused: false }],
    ["allowed, budget above the reserve", status({ uploadBudgetBytes: MiB() }), MiB(), { uploadRate: -1, paused: false }],
    ["allowed, budget at the reserve", status({ uploadBudgetBytes: MiB() }), WEBTORRENT_RESERVE_BYTES, { uploadRate: 0, paused: false }],
    ["quota reached", status({ uploadBudgetBytes: 0, reason: "quota" }), 0, { uploadRate: 0, paused: false }],
    ["download only", status({ seeding: "download-only", uploadBudgetBytes: 65536 }), 65536, { uploadRate: 0, paused: false }],
    ["undecided", status({ seeding: "undecided", reason: "default" }), Infinity, { uploadRate: 0, paused: false }],
    ["blocked", status({ seeding: "blocked", uploadBudgetBytes: 0 }), 0, { uploadRate: 0, paused: true }],
  ])("%s", (_n, s, left, plan) => {
    expect(planWebTorrent(s, left)).toEqual(plan);
  });

  test("the site's own cap is kept when the visitor allows more", () => {
    expect(planWebTorrent(status(), Infinity, { uploadLimit: 10_000 }).uploadRate).toBe(10_000);
    expect(planWebTorrent(status({ uploadRateLimitBps: 5_000 }), Infinity, { uploadLimit: 10_000 }).uploadRate).toBe(5_000);
  });
});

describe("respectConsentWebTorrent", () => {
  test("nothing leaves before the decision; allowed lifts the limit", async () => {
    const client = new FakeWebTorrent();
    const binding = respectConsentWebTorrent(client, { api: new FakeConsentApi(status()) });
    expect(client.rates).toEqual([0]);
    await settle();
    expect(client.rates).toEqual([0, -1]);
    expect(binding.status?.seeding).toBe("allowed");
  });

  test("block pauses the torrents it finds and those added later; allow resumes only what it paused", async () => {
    const api = new FakeConsentApi(status());
    const client = new FakeWebTorrent();
    client.torrents[1]!.paused = true; // the site paused this one itself
    const sitePaused = client.torrents[1]!;
    respectConsentWebTorrent(client, { api });
    await settle();
    api.change(status({ seeding: "blocked", uploadBudgetBytes: 0 }));
    expect(client.rate).toBe(0);
    expect(client.torrents.every((t) => t.paused)).toBe(true);
    const late = new FakeTorrent();
    client.torrents.push(late);
    client.emit("add", late);
    expect(late.paused).toBe(true);
    api.change(status());
    expect(client.rate).toBe(-1);
    expect(client.torrents[0]!.paused).toBe(false);
    expect(late.paused).toBe(false);
    expect(sitePaused.paused).toBe(true);
  });

  test("download-only and undecided stop the wires without pausing", async () => {
    const client = new FakeWebTorrent();
    respectConsentWebTorrent(client, { api: new FakeConsentApi(status({ seeding: "undecided", reason: "default", uploadBudgetBytes: 65536 })) });
    await settle();
    expect(client.rate).toBe(0);
    expect(client.torrents.some((t) => t.paused)).toBe(false);
  });

  test("uploads stop before the budget runs out, even with blocks in flight, and start again when it refills", async () => {
    const api = new FakeConsentApi(status({ uploadBudgetBytes: MiB(), reason: "user" }));
    const client = new FakeWebTorrent();
    const applied: number[] = [];
    respectConsentWebTorrent(client, { api, onApply: (p) => applied.push(p.uploadRate) });
    await settle();
    const sent = client.seed(10 * MiB(), 8); // 8 blocks (128 KiB) already past the throttle
    expect(sent).toBeLessThanOrEqual(MiB());
    expect(client.rate).toBe(0);
    api.change(status({ uploadBudgetBytes: 4 * MiB() }));
    expect(client.rate).toBe(-1);
    api.change(status({ uploadBudgetBytes: 0, reason: "quota" }));
    expect(client.rate).toBe(0);
    expect(applied).toEqual([-1, 0, -1, 0]);
  });

  test("without Seedgate: the site's fallback", async () => {
    const a = new FakeWebTorrent();
    respectConsentWebTorrent(a, { api: null });
    const b = new FakeWebTorrent();
    respectConsentWebTorrent(b, { api: null, fallback: "download-only" });
    await settle();
    expect([a.rate, b.rate]).toEqual([-1, 0]);
    expect(FALLBACKS.allowed.uploadBudgetBytes).toBeNull();
  });

  test("stop() detaches", async () => {
    const api = new FakeConsentApi(status());
    const client = new FakeWebTorrent();
    const binding = respectConsentWebTorrent(client, { api });
    await settle();
    binding.stop();
    api.change(status({ seeding: "blocked" }));
    expect(client.rate).toBe(-1);
    expect(client.listenerCount("upload") + client.listenerCount("add")).toBe(0);
  });
});
