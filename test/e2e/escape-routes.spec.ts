// Node (jest e2e), Chromium and Firefox with the built extension: a page on an undecided site (64 KiB bound) tries every route out of
// the guard it can reach and sends 512 KiB to a receiver on another site. Counted at the receiver, none gets past
// the bound; without the defence each route covers, the whole 512 KiB would arrive.
import type { TestPage as Page } from "./harness/browser-session";
import { randomUUID } from "node:crypto";
import { waitFor } from "./harness/wait-for";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";

const KiB = 1024;
const BOUND = 64 * KiB;
const ATTEMPT = { n: 32, size: 16 * KiB }; // 512 KiB

interface RunResult {
  sent: number;
  threw: number;
  errors: string[];
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  /** A receiver tab on the other site for each room; returns the total bytes they counted. */
  async function receivers(rooms: string[]): Promise<{ pages: Page[]; bytes(): Promise<number> }> {
    const pages = await Promise.all(rooms.map(async (room) => s.browser.newPage(`${s.server.siteB}/receiver.html?room=${room}`)));
    return {
      pages,
      async bytes() {
        let total = 0;
        for (const p of pages) total += await p.evaluate(() => (window as unknown as { peer: { bytes(): number } }).peer.bytes());
        return total;
      },
    };
  }

  /** Runs `fn` in a fresh sender tab on site A, with what the site had left before (the page API's figure). */
  async function withSender<T>(fn: (page: Page) => Promise<T>): Promise<{ result: T; left: number }> {
    const page = await s.browser.newPage(`${s.server.siteA}/escape.html`);
    try {
      const left = await page.evaluate(async () => (await navigator.p2pConsent.query()).uploadBudgetBytes ?? Infinity);
      return { result: await fn(page), left };
    } finally {
      await page.close();
    }
  }

  /**
   * The site's bound is shared by every test here (one profile, one site, one day): each route must deliver no
   * more than what the site had left when it started — 64 KiB for the first, nothing for the later ones — while
   * a route past the guard would deliver all 512 KiB.
   */
  async function expectBounded(rooms: string[], run: (page: Page) => Promise<RunResult>) {
    const rx = await receivers(rooms);
    try {
      const { result, left } = await withSender(run);
      // Everything the guard let through has arrived once the receivers stop growing.
      let last = -1;
      const total = await waitFor(
        async () => {
          const b = await rx.bytes();
          const settled = b === last;
          last = b;
          return { b, settled };
        },
        { interval: 300, message: "receivers settle" },
        (x) => x.settled,
      );
      expect(left).toBeLessThanOrEqual(BOUND);
      expect(total.b).toBeLessThanOrEqual(left);
      expect(result.threw).toBeGreaterThan(0);
      expect(result.errors[0]).toMatch(/^QuotaExceededError/);
      return total.b;
    } finally {
      for (const p of rx.pages) await p.close();
    }
  }

  const room = () => randomUUID();
  const run = (route: string, r: string) => async (page: Page): Promise<RunResult> => {
    const out = await page.evaluate(
      ([route, room, n, size]) => (window as unknown as { escape: { run(route: string, o: object): Promise<RunResult | string> } }).escape.run(route, { room, n, size }),
      [route, r, ATTEMPT.n, ATTEMPT.size] as const,
    );
    return typeof out === "string" ? (JSON.parse(out) as RunResult) : out;
  };

  test.each([
    ["top", "the page's own RTCPeerConnection (baseline)"],
    ["blank-iframe", "a script-made about:blank iframe"],
    ["srcdoc-iframe", "a srcdoc iframe, before its document loads"],
    ["navigating-iframe", "an iframe's initial document while its navigation is pending (never completes)"],
    ["sandboxed-iframe", "a sandboxed (allow-same-origin) iframe's initial document"],
    ["nested-iframe", "a frame inside a frame, reached through frames[0]"],
    ["parser-iframe", "a frame inserted by innerHTML, reached through window[i]"],
    // The check of inserted frames right after the call (frame-birth.ts finishBirths, issue 12) is what guards this
    // frame before window[i] reaches it; the page takes the realm's send too, so wrappers installed later cannot help.
    // Checked 2026-12-02: a build that skips that check delivered 524,288 B (the whole attempt) on this route.
    ["lone-frame-index", "one frame with a URL appended alone, reached at once through window[i]"],
    ["popup", "a popup's initial document (window.open)"],
    ["removed-iframe", "send() borrowed from an iframe that was then removed, called on this realm's channel"],
    ["borrowed-send", "send() borrowed from another realm, called on this realm's channel"],
    ["subclass", "a page subclass of RTCPeerConnection"],
    ["polyfill", "a page polyfill that wraps RTCPeerConnection"],
    ["forged-handshake", "forged handshake ports, grants and change events"],
    ["poisoned-builtins", "built-ins replaced after the channel opens: sizes read 0, maps forget, events carry forged grants"],
  ])("%s: %s", async (route) => {
    const r = room();
    await expectBounded([r], run(route, r));
  });

  test("a blob: document made by the page", async () => {
    const r = room();
    await expectBounded([r], (page) => page.evaluate(([room, n, size]) => (window as unknown as { escape: { blob(o: object): Promise<RunResult> } }).escape.blob({ room, n, size }), [r, ATTEMPT.n, ATTEMPT.size] as const));
  });

  test("a cross-site frame (a third-party player) follows the top-level site's decision", async () => {
    const r = room();
    await expectBounded([r], (page) =>
      page.evaluate(([origin, room, n, size]) => (window as unknown as { escape: { crossSite(origin: string, o: object): Promise<RunResult> } }).escape.crossSite(origin, { room, n, size }), [s.server.siteB, r, ATTEMPT.n, ATTEMPT.size] as const),
    );
  });

  test("many connections share one allowance", async () => {
    const r = room();
    const rooms = [0, 1, 2, 3].map((i) => `${r}-${i}`);
    await expectBounded(rooms, (page) =>
      page.evaluate(([room, n, size]) => (window as unknown as { escape: { many(c: number, o: object): Promise<RunResult> } }).escape.many(4, { room, n, size }), [r, ATTEMPT.n / 4, ATTEMPT.size] as const),
    );
  });

  test("many tabs of one site share one allowance", async () => {
    const [a, b] = [room(), room()];
    const rx = await receivers([a, b]);
    const [p1, p2] = await Promise.all([s.browser.newPage(`${s.server.siteA}/escape.html`), s.browser.newPage(`${s.server.siteA}/escape.html`)]);
    try {
      const left = await p1.evaluate(async () => (await navigator.p2pConsent.query()).uploadBudgetBytes ?? Infinity);
      const results = await Promise.all([run("top", a)(p1), run("top", b)(p2)]);
      expect(results[0]!.threw + results[1]!.threw).toBeGreaterThan(0);
      let last = -1;
      const total = await waitFor(async () => { const b2 = await rx.bytes(); const s = b2 === last; last = b2; return { b: b2, s }; }, { interval: 300 }, (x) => x.s);
      expect(total.b).toBeLessThanOrEqual(left);
    } finally {
      await Promise.all([p1.close(), p2.close(), ...rx.pages.map((p) => p.close())]);
    }
  });

  test("workers: no RTCPeerConnection there, and a data channel cannot be transferred to one", async () => {
    const { result } = await withSender((page) => page.evaluate(() => (window as unknown as { escape: { worker(): Promise<{ pc: string; transfer: string }> } }).escape.worker()));
    expect(result).toMatchObject({ pc: "undefined", transfer: "DataCloneError" });
  });
});
