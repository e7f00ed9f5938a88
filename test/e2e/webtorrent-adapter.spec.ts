// Node (jest e2e), Chromium and Firefox with the built extension: the demo's WebTorrent seeder following the visitor's decision through
// the client library's adapter (seed.html?adapter=1, client/src/adapters/webtorrent.ts). Undecided (the download-only
// bound: a budget that runs out), then blocked, the page makes Seedgate refuse not one send; allowed, it seeds — and
// after a block, allowed again, it seeds again. Bytes are counted at the leechers.
import type { TestPage as Page } from "./harness/browser-session";
import { counts, openDemo } from "./harness/swarm";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(120_000);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { server: false, demo: true, });

  type Plan = { seeding: boolean; uploadRate: number; paused: boolean } | null;
  const planOf = (page: Page) => page.evaluate(() => (window as unknown as { demo: { adapter(): Plan } }).demo.adapter());
  const SEEDER = "127.0.0.1";

  test("with the adapter, undecided and blocked cause zero refused sends; allowed seeds, and seeds again after a block", async () => {
    const seeder = await openDemo(s.browser, `${s.demo.seederOrigin}/seed.html?adapter=1`);
    const pages: Page[] = [seeder];
    try {
      await waitFor(() => counts(seeder), { timeout: 30_000, message: "the seeder holds the gallery (from the web seed)" }, (c) => c.done);
      const tabId = await s.extension.tabIdOf(seeder);
      const view = () => s.extension.send({ type: "site/get", tabId });
      expect(await planOf(seeder)).toEqual({ seeding: false, uploadRate: -1, paused: false });
      expect((await view()).effective).toMatchObject({ seeding: "undecided", uploadBudgetBytes: 64 * 1024 });

      // Undecided: a leecher arrives; the seeder uploads nothing it would have to be refused.
      const first = await openDemo(s.browser, `${s.demo.leecherOrigin}/watch.html?webseed=0`);
      pages.push(first);
      await waitFor(() => seeder.evaluate(() => (window as unknown as { demo: { peers(): number } }).demo.peers()), { timeout: 20_000, message: "the leecher connected to the seeder" }, (n) => n > 0);
      await new Promise((r) => setTimeout(r, 3_000)); // time enough to have sent the whole gallery (it takes ~1 s)
      const undecided = await view();
      expect((await counts(first)).fromPeers).toBe(0);
      expect(undecided.tab).toMatchObject({ refused: 0 });
      expect(undecided.tab!.up).toBeLessThanOrEqual(64 * 1024);
      console.log(`undecided: seeder uploaded ${undecided.tab!.up} B, refused ${undecided.tab!.refused}`);

      // Allowed: the adapter lifts the throttle, the leecher completes from the seeder.
      await s.extension.send({ type: "site/set-mode", site: SEEDER, mode: "allow" });
      await waitFor(() => planOf(seeder), { message: "the adapter seeds" }, (p) => p?.seeding === true);
      const done = await waitFor(() => counts(first), { timeout: 45_000, message: "the first leecher completes from the seeder" }, (c) => c.done);
      expect(done.fromPeers).toBe(s.demo.torrentBytes);
      expect((await view()).tab).toMatchObject({ refused: 0 });

      // Blocked: the adapter pauses and stops uploading; Seedgate closes the connections; nothing is refused.
      await s.extension.send({ type: "site/set-mode", site: SEEDER, mode: "block" });
      await waitFor(() => planOf(seeder), { message: "the adapter pauses" }, (p) => p?.paused === true && !p.seeding);
      const blocked = await waitFor(() => view(), { message: "the blocked badge" }, (v) => v.effective?.seeding === "blocked");
      expect(blocked.tab).toMatchObject({ refused: 0 });

      // Allowed again: a new visitor gets the gallery from the seeder.
      await s.extension.send({ type: "site/set-mode", site: SEEDER, mode: "allow" });
      await waitFor(() => planOf(seeder), { message: "the adapter seeds again" }, (p) => p?.seeding === true && !p.paused);
      const second = await openDemo(s.browser, `${s.demo.leecherOrigin}/watch.html?webseed=0`);
      pages.push(second);
      const again = await waitFor(() => counts(second), { timeout: 45_000, message: "the second leecher completes from the seeder" }, (c) => c.done);
      expect(again.fromPeers).toBe(s.demo.torrentBytes);
      const end = await view();
      expect(end.tab).toMatchObject({ refused: 0 });
      console.log(`allowed, blocked, allowed: seeder uploaded ${end.tab!.up} B to two leechers (content ${2 * s.demo.torrentBytes!} B), refused ${end.tab!.refused}`);
    } finally {
      await Promise.all(pages.map((p) => p.close()));
    }
  });
});
