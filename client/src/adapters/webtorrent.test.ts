import { EventEmitter } from "node:events";
import type { P2PConsentStatus } from "../status";
import { FALLBACKS } from "@seedgate/p2p-consent";
import { FakeConsentApi, settle, status } from "../testing/fake-consent-api";
import { planWebTorrent, respectConsentWebTorrent, WEBTORRENT_RESERVE_BYTES, type WebTorrentPlan } from "@seedgate/p2p-consent/webtorrent";

const KiB = 1024;
const MiB = () => 1024 * KiB;

class FakeWire {
  type = "webrtc";
  amChoking = true;
  peerInterested = true;
  choke() {
    this.amChoking = true;
  }
  unchoke() {
    this.amChoking = false;
  }
}

class FakeTorrent extends EventEmitter {
  wires: FakeWire[] = [new FakeWire(), Object.assign(new FakeWire(), { type: "webSeed", amChoking: false })];
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
  /** WebTorrent's own choking: it unchokes interested peers every so often. */
  rechoke() {
    for (const t of this.torrents) for (const w of t.wires) if (w.peerInterested) w.unchoke();
  }
  get seeding() {
    return this.torrents.every((t) => t.wires.every((w) => w.type === "webSeed" || !w.amChoking));
  }
  get choked() {
    return this.torrents.every((t) => t.wires.every((w) => w.type === "webSeed" || w.amChoking));
  }
  /** Sends `bytes` in 16 KiB blocks while a wire is unchoked; `inFlight` blocks leave after the wires are choked. */
  seed(bytes: number, inFlight = 0): number {
    let sent = 0;
    let late = inFlight;
    while (sent < bytes && (!this.choked || late-- > 0)) {
      sent += 16 * KiB;
      this.emit("upload", 16 * KiB);
    }
    return sent;
  }
}

describe("planWebTorrent", () => {
  const on = (uploadRate = -1): WebTorrentPlan => ({ seeding: true, uploadRate, paused: false });
  const off: WebTorrentPlan = { seeding: false, uploadRate: -1, paused: false };
  test.each<[string, P2PConsentStatus, number, WebTorrentPlan]>([
    ["allowed, no budget", status(), Infinity, on()],
    ["allowed with a rate limit (rounded down)", status({ uploadRateLimitBps: 50_000.7 }), Infinity, on(50_000)],
    ["allowed, budget above the reserve", status({ uploadBudgetBytes: MiB() }), MiB(), on()],
    ["allowed, budget at the reserve", status({ uploadBudgetBytes: MiB() }), WEBTORRENT_RESERVE_BYTES, off],
    ["quota reached", status({ uploadBudgetBytes: 0, reason: "quota" }), 0, off],
    ["download only", status({ seeding: "download-only", uploadBudgetBytes: 65536 }), 65536, off],
    ["undecided", status({ seeding: "undecided", reason: "default" }), Infinity, off],
    ["blocked", status({ seeding: "blocked", uploadBudgetBytes: 0 }), 0, { seeding: false, uploadRate: -1, paused: true }],
  ])("%s", (_n, s, left, plan) => {
    expect(planWebTorrent(s, left)).toEqual(plan);
  });

  test("the site's own cap is kept when the visitor allows more", () => {
    expect(planWebTorrent(status(), Infinity, { uploadLimit: 10_000 }).uploadRate).toBe(10_000);
    expect(planWebTorrent(status({ uploadRateLimitBps: 5_000 }), Infinity, { uploadLimit: 10_000 }).uploadRate).toBe(5_000);
  });
});

describe("respectConsentWebTorrent", () => {
  test("nothing is seeded before the decision, even when WebTorrent rechokes; allowed unchokes", async () => {
    const client = new FakeWebTorrent();
    const binding = respectConsentWebTorrent(client, { api: new FakeConsentApi(status()) });
    client.rechoke();
    expect(client.choked).toBe(true);
    await settle();
    expect(client.seeding).toBe(true);
    expect(client.rate).toBe(-1);
    expect(binding.status?.seeding).toBe("allowed");
  });

  test("web seeds are never touched: downloads over HTTP go on whatever the decision", async () => {
    const client = new FakeWebTorrent();
    respectConsentWebTorrent(client, { api: new FakeConsentApi(status({ seeding: "blocked", uploadBudgetBytes: 0 })) });
    await settle();
    const webSeeds = client.torrents.flatMap((t) => t.wires.filter((w) => w.type === "webSeed"));
    expect(webSeeds.every((w) => !w.amChoking)).toBe(true);
    expect(client.rates.every((r) => r !== 0)).toBe(true);
  });

  test("block pauses the torrents it finds and those added later; allow resumes only what it paused", async () => {
    const api = new FakeConsentApi(status());
    const client = new FakeWebTorrent();
    client.torrents[1]!.paused = true; // the site paused this one itself
    const sitePaused = client.torrents[1]!;
    respectConsentWebTorrent(client, { api });
    await settle();
    api.change(status({ seeding: "blocked", uploadBudgetBytes: 0 }));
    expect(client.choked).toBe(true);
    expect(client.torrents.every((t) => t.paused)).toBe(true);
    const late = new FakeTorrent();
    client.torrents.push(late);
    client.emit("add", late);
    expect(late.paused).toBe(true);
    api.change(status());
    expect(client.seeding).toBe(true);
    expect(client.torrents[0]!.paused).toBe(false);
    expect(late.paused).toBe(false);
    expect(sitePaused.paused).toBe(true);
  });

  test("download-only and undecided choke every peer, new ones too, without pausing", async () => {
    const client = new FakeWebTorrent();
    respectConsentWebTorrent(client, { api: new FakeConsentApi(status({ seeding: "undecided", reason: "default", uploadBudgetBytes: 65536 })) });
    await settle();
    const wire = new FakeWire();
    wire.amChoking = false;
    client.torrents[0]!.wires.push(wire);
    client.torrents[0]!.emit("wire", wire);
    client.rechoke();
    expect(client.choked).toBe(true);
    expect(client.torrents.some((t) => t.paused)).toBe(false);
  });

  test("uploads stop before the budget runs out, even with blocks in flight, and start again when it refills", async () => {
    const api = new FakeConsentApi(status({ uploadBudgetBytes: MiB(), reason: "user" }));
    const client = new FakeWebTorrent();
    const applied: boolean[] = [];
    respectConsentWebTorrent(client, { api, onApply: (p) => applied.push(p.seeding) });
    await settle();
    const sent = client.seed(10 * MiB(), 8); // 8 blocks (128 KiB) already on their way
    expect(sent).toBeLessThanOrEqual(MiB());
    expect(client.choked).toBe(true);
    api.change(status({ uploadBudgetBytes: 4 * MiB() }));
    expect(client.seeding).toBe(true);
    api.change(status({ uploadBudgetBytes: 0, reason: "quota" }));
    expect(client.choked).toBe(true);
    expect(applied).toEqual([true, false, true, false]);
  });

  test("without Seedgate: the site's fallback", async () => {
    const a = new FakeWebTorrent();
    respectConsentWebTorrent(a, { api: null });
    const b = new FakeWebTorrent();
    respectConsentWebTorrent(b, { api: null, fallback: "download-only" });
    await settle();
    expect([a.seeding, b.choked]).toEqual([true, true]);
    expect(FALLBACKS.allowed.uploadBudgetBytes).toBeNull();
  });

  test("stop() detaches and gives the wires their own unchoke back", async () => {
    const api = new FakeConsentApi(status({ seeding: "undecided", reason: "default" }));
    const client = new FakeWebTorrent();
    const binding = respectConsentWebTorrent(client, { api });
    await settle();
    binding.stop();
    api.change(status());
    expect(client.choked).toBe(true);
    expect(client.listenerCount("upload") + client.listenerCount("add")).toBe(0);
    client.rechoke();
    expect(client.seeding).toBe(true);
  });
});
