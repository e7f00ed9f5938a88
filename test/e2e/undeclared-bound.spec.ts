// Node (jest e2e), Chromium with dist/chrome: an undeclared, unsigned seeder (no meta, no request(), no known
// library) on a site nobody decided on is bounded by volume, for the whole site: it may upload its probation
// allowance (3 MiB), then it is judged (behaviour evidence, badge) and gets its default, download only, whose
// bound its probation bytes already used. Counted at the receiving peers on another site: at most 4 MiB, whatever
// the pacing, message sizes, connections, tabs, frames or media tracks (harness/undeclared.ts VARIANTS).
//
// Checked without the defence: with core/policy.ts giving an undetected site enforcement "open" again (as before
// the probation ledger; `untouched ? "open" : enforcement`), rebuilt, this spec failed every variant: the receivers
// counted 8 MiB for each (numbers in the commit that added this spec), and no behaviour evidence for the bursts.
import type { Page } from "playwright-core";
import { forwardSite, runVariant, VARIANTS, CEILING, type AnyPage } from "./harness/undeclared";
import { useExtensionSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

const s = useExtensionSession({ ui: true });

describe.each(VARIANTS.map((v, i) => [v.name, v, i] as const))("undeclared seeder: %s", (_name, v, i) => {
  test("the receivers on another site get at most 4 MiB; the site is flagged by its volume and badged", async () => {
    const site = await forwardSite(`127.0.0.${20 + i}`, s.server.port);
    const open = async (url: string): Promise<AnyPage> => {
      const p = await s.browser.context.newPage();
      await p.goto(url);
      return p as unknown as AnyPage;
    };
    let seeders: AnyPage[] = [];
    try {
      const run = await runVariant(v, site.origin, s.server.siteB, open);
      seeders = run.seeders;
      console.log(`Chromium, ${v.name}: attempted ${run.result.attempted} B, the receivers got ${run.received} B (${(run.received / 1048576).toFixed(2)} MiB); refused at once ${run.result.threw} (${run.result.errors.join(", ")}); media tracks seen ${run.tracks}`);
      expect(run.result.attempted).toBeGreaterThanOrEqual(2 * CEILING);
      if (v.track === "canvas") expect(run.tracks).toBeGreaterThan(0);
      expect(run.received).toBeLessThanOrEqual(CEILING);
      const tabId = await s.extension.tabIdOf(seeders[0] as unknown as Page);
      const view = await waitFor(() => s.ui.send({ type: "site/get", tabId }), { message: "behaviour evidence" }, (x) => x.evidence.some((e) => e.kind === "behaviour"));
      expect(view.detected).toBe(true);
      expect(["?", "!"]).toContain((await waitFor(() => s.extension.badge(tabId), { message: "a badge" }, (b) => b.text !== "")).text);
    } finally {
      await Promise.all(seeders.map((p) => p.close()));
      await site.close();
    }
  });
});
