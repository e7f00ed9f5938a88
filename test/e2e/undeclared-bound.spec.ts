// Node (jest e2e), Chromium and Firefox with the built extension: an undeclared, unsigned seeder (no meta, no request(), no known
// library) on a site nobody decided on is bounded by volume, for the whole site: it may upload its probation
// allowance (3 MiB), then it is judged (behaviour evidence, badge) and gets its default, download only, whose
// bound its probation bytes already used. Counted at the receiving peers on another site: at most 4 MiB, whatever
// the pacing, message sizes, connections, tabs, frames or media tracks (harness/undeclared.ts VARIANTS).
//
// Checked without the defence: with core/policy.ts giving an undetected site enforcement "open" again (as before
// the probation ledger; `if (m.probation) return "open"` in enforcementOf), built to SEEDGATE_DIST and run, every variant failed:
// the receivers got 5.77 MiB (one unpaced connection: the old per-connection rule flagged it late), 8.00 MiB (16
// bursts, padding, synthetic track, canvas track, tabs with third-party frames) and 5.50 MiB (same-origin frames).
import type { TestPage as Page } from "./harness/browser-session";
import { forwardSite, runVariant, settled, VARIANTS, SAME_ORIGIN_FRAMES, CEILING, type AnyPage, type SeederWindow, type SinkWindow } from "./harness/undeclared";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  // Firefox also runs the site's own-origin frames (the variant its former copy of this spec ran).
  const variants = browser === "firefox" ? [...VARIANTS, SAME_ORIGIN_FRAMES] : VARIANTS;
  describe.each(variants.map((v, i) => [v.name, v, i] as const))("undeclared seeder: %s", (_name, v, i) => {
    test("the receivers on another site get at most 4 MiB; the site is flagged by its volume and badged", async () => {
      const site = await forwardSite(`127.0.0.${20 + i}`, s.server.port);
      // A third party's frame: another site (the top-level site decides for it).
      const third = v.frameOrigin === "cross" ? await forwardSite(`127.0.0.${120 + i}`, s.server.port) : null;
      const open = async (url: string): Promise<AnyPage> => {
        const p = await s.browser.newPage();
        await p.goto(url);
        return p as unknown as AnyPage;
      };
      let seeders: AnyPage[] = [];
      try {
        const run = await runVariant(v, site.origin, s.server.siteB, open, third?.origin);
        seeders = run.seeders;
        console.log(`${browser}, ${v.name}: attempted ${run.result.attempted} B, the receivers got ${run.received} B (${(run.received / 1048576).toFixed(2)} MiB); refused at once ${run.result.threw} (${run.result.errors.join(", ")}); media tracks seen ${run.tracks}`);
        expect(run.result.attempted).toBeGreaterThanOrEqual(2 * CEILING);
        if (v.track === "canvas") expect(run.tracks).toBeGreaterThan(0);
        expect(run.received).toBeLessThanOrEqual(CEILING);
        const tabId = await s.extension.tabIdOf(seeders[0] as unknown as Page);
        const view = await waitFor(() => s.extension.send({ type: "site/get", tabId }), { message: "behaviour evidence" }, (x) => x.evidence.some((e) => e.kind === "behaviour"));
        expect(view.detected).toBe(true);
        expect(["?", "!"]).toContain((await waitFor(() => s.extension.badge(tabId), { message: "a badge" }, (b) => b.text !== "")).text);
      } finally {
        await Promise.all(seeders.map((p) => p.close()));
        await site.close();
        await third?.close();
      }
    });
  });

  // Checked without the defence: with the lease desk not restoring a ledger's stored state (`made.restore(...)` in
  // background/allowance/lease-desk.ts removed), rebuilt, this test failed: the receiver got 2 MiB + 3 MiB = 5 MiB.
  test("a stopped service worker does not renew the probation allowance: 2 MiB, a stop, then 6 MiB more tried", async () => {
    const site = await forwardSite("127.0.0.30", s.server.port);
    const room = `w${Date.now().toString(36)}`;
    const sink = await s.browser.newPage(`${s.server.siteB}/sink.html`);
    const seeder = await s.browser.newPage(`${site.origin}/seeder.html`);
    try {
      await sink.evaluate((b) => (window as unknown as SinkWindow).sink.accept(b, 2), room);
      await seeder.evaluate((b) => (window as unknown as SeederWindow).seeder.connect(b, 2, { track: "none" }), room);
      const MiB = 1024 * 1024;
      const first = await seeder.evaluate((o) => (window as unknown as SeederWindow).seeder.flood(o), { perConn: 1 * MiB, size: 16 * 1024 });
      expect(first.threw).toBe(0);
      await waitFor(() => sink.evaluate(() => (window as unknown as SinkWindow).sink.bytes()), { message: "2 MiB at the receiver" }, (b) => b === 2 * MiB);
      await s.extension.stopBackground();
      const second = await seeder.evaluate((o) => (window as unknown as SeederWindow).seeder.flood(o), { perConn: 3 * MiB, size: 16 * 1024 });
      const received = await settled(() => sink.evaluate(() => (window as unknown as SinkWindow).sink.bytes()));
      console.log(`${browser}, service worker stopped after 2 MiB: ${second.attempted} B more tried, the receiver got ${received} B in all (${(received / MiB).toFixed(2)} MiB)`);
      expect(received).toBeLessThanOrEqual(CEILING);
    } finally {
      await Promise.all([sink.close(), seeder.close()]);
      await site.close();
    }
  });
});
