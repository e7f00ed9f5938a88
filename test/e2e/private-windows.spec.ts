// Node (jest e2e), Chromium and Firefox with the built extension, allowed in private windows as the user allows it
// (harness/incognito.ts): frames in a private window get the private-window rule (settings/set-private-windows):
// by default the same as normal windows ("follow"), else a ceiling (block, download only) over the site's rule,
// while a normal window of the same site keeps its own. The `Sec-P2P-Consent` header of a private window's
// requests says the private rule's value, a normal window's its own (core/private-header). What the private page
// sees is reported by pages/private-probe.html to the fixture server (Playwright does not drive incognito pages).
//
// Checked to fail without its defence: built with the private rule ignored in core/policy decide() (incognito
// treated as a normal window), the block test saw {"seeding":"allowed"} and a constructed connection. Built with
// privateHeaderRules returning [] (no session rules: the header as before this fix), the header test failed in
// Firefox: the private window's document and fetch carried "seeding=allowed, metered=?0".
//
// Chromium is skipped: with Debian's Chromium 156.0.8078.114 (2026-12-02), once chrome.developerPrivate grants an
// unpacked extension incognito access, every navigation to its pages answers ERR_BLOCKED_BY_CLIENT while
// developerPrivate still lists it ENABLED, also after a browser restart on the same profile (156.0.8078.73 passed).
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import type { SeenRequest } from "./harness/fixture-server";
import { waitFor } from "./harness/wait-for";
import { allowInPrivate, closeWindow, openPrivateWindow } from "./harness/incognito";

jest.setTimeout(120_000);

type Status = { seeding: string; reason: string; uploadBudgetBytes: number | null };
interface Probe {
  status: Status | null;
  made: string;
  /** The Sec-P2P-Consent header of the probe's own document, of its report (a fetch), and of its `also` request. */
  header: { document: string | undefined; fetch: string | undefined; also: string | undefined };
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);
  let round = 0;

  beforeAll(async () => {
    await allowInPrivate(s.browser);
    s.server.page("/none.txt", "x");
  }, 150_000);

  afterEach(async () => {
    await s.extension.send({ type: "settings/set-private-windows", mode: "follow" });
    for (const site of ["127.0.0.1", "localhost"]) await s.extension.send({ type: "site/remove", site });
  });

  const headerOf = (r: SeenRequest | undefined) => r?.headers["sec-p2p-consent"] as string | undefined;

  /** The query of the first /report the fixture pages sent with `tag`. */
  async function reportOf(tag: string): Promise<{ query: URLSearchParams; request: SeenRequest }> {
    const request = await waitFor(
      () => Promise.resolve(s.server.requests.find((r) => r.path.startsWith("/report?") && new URLSearchParams(r.path.slice(8)).get("tag") === tag)),
      { timeout: 60_000, message: `the private page's report ${tag}` },
      (r) => r !== undefined,
    );
    return { query: new URLSearchParams(request!.path.slice(8)), request: request! };
  }

  /** Opens the probe in a private window (directly at its URL, as a link opened there would) and returns what it reported. */
  async function probePrivately(tag: string): Promise<Probe> {
    const n = ++round;
    const also = `${s.server.siteB}/none.txt?probe=${n}`;
    const windowId = await openPrivateWindow(s.browser, `${s.server.siteA}/private-probe.html?${new URLSearchParams({ tag: `${tag}-${n}`, also })}`);
    try {
      const { query: q, request: report } = await reportOf(`${tag}-${n}`);
      const doc = s.server.requests.find((r) => r.path.startsWith(`/private-probe.html?tag=${tag}-${n}&`));
      const alsoSeen = s.server.requests.find((r) => r.path === `/none.txt?probe=${n}`);
      return { status: JSON.parse(q.get("status")!), made: q.get("made")!, header: { document: headerOf(doc), fetch: headerOf(report), also: headerOf(alsoSeen) } };
    } finally {
      await closeWindow(s.browser, windowId);
    }
  }

  /** The header of a normal window's document request, from a tab the extension already knows (see below). */
  async function normalDocumentHeader(): Promise<string | undefined> {
    const n = ++round;
    const page = await s.browser.newPage();
    try {
      // A normal tab is exempt from the private windows' rules by id once the background heard of it; its very first
      // request may carry the stricter private value before that (core/private-header), which is not what this checks.
      const tabId = await s.extension.tabIdOf(page);
      await waitFor(
        () =>
          s.extension.evaluate(
            () => (chrome as unknown as { declarativeNetRequest: { getSessionRules(): Promise<{ condition: { excludedTabIds?: number[] } }[]> } }).declarativeNetRequest.getSessionRules(),
          ),
        { timeout: 15_000, message: `the normal tab ${tabId} exempt from the private windows' header rules` },
        (rules) => rules.every((r) => r.condition.excludedTabIds?.includes(tabId)),
      );
      await page.goto(`${s.server.siteA}/first-script.html?normal=${n}`);
      return headerOf(s.server.requests.find((r) => r.path === `/first-script.html?normal=${n}`));
    } finally {
      await page.close();
    }
  }

  test("by default a private window follows the normal rule, and so does its header", async () => {
    expect(await s.extension.send({ type: "settings/get" })).toMatchObject({ privateWindows: "follow" });
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const r = await probePrivately("follow");
    expect(r).toMatchObject({ status: { seeding: "allowed", reason: "user" }, made: "constructed" });
    expect(r.header).toEqual({ document: "seeding=allowed, metered=?0", fetch: "seeding=allowed, metered=?0", also: undefined });
  });

  test("block in private windows: an allowed site is blocked there, and still allowed in a normal window", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    await s.extension.send({ type: "settings/set-private-windows", mode: "block" });
    const r = await probePrivately("block");
    expect(r).toMatchObject({ status: { seeding: "blocked", reason: "private", uploadBudgetBytes: 0 }, made: "NotAllowedError" });
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    expect(await page.evaluate(() => navigator.p2pConsent.query())).toMatchObject({ seeding: "allowed", reason: "user" });
    await page.close();
  });

  test("download only in private windows caps an allowed site there", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    await s.extension.send({ type: "settings/set-private-windows", mode: "download-only" });
    const r = await probePrivately("download-only");
    expect(r).toMatchObject({ status: { seeding: "download-only", reason: "private" }, made: "constructed" });
    expect(r.status!.uploadBudgetBytes).toBeLessThanOrEqual(64 * 1024);
  });

  test("the header of a private window's requests says the private rule's value; a normal window's keeps its own", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    for (const [mode, value] of [
      ["block", "seeding=blocked, metered=?0"],
      ["download-only", "seeding=download-only, metered=?0"],
    ] as const) {
      await s.extension.send({ type: "settings/set-private-windows", mode });
      const r = await probePrivately(`header-${mode}`);
      expect([mode, r.status?.seeding, r.header]).toEqual([mode, value.slice(8, value.indexOf(",")), { document: value, fetch: value, also: undefined }]);
      expect([mode, await normalDocumentHeader()]).toEqual([mode, "seeding=allowed, metered=?0"]);
    }
  });

  test("a private window spends its own budget counters (bytes counted at the peer), which go with the last private window", async () => {
    const BUDGET = 256 * 1024;
    const SENT = 8 * 16 * 1024;
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    await s.extension.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: BUDGET, monthlyBudgetBytes: null, rateLimitBps: null });
    const normalLeft = async () => {
      const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
      try {
        return ((await page.evaluate(() => navigator.p2pConsent.query())) as Status).uploadBudgetBytes;
      } finally {
        await page.close();
      }
    };
    expect(await normalLeft()).toBe(BUDGET);

    // The sender in a private window, the receiver (which counts what arrives) in a normal one on another site.
    const n = ++round;
    const room = `private-${browser}-${n}`;
    const receiver = await s.browser.newPage(`${s.server.siteB}/receiver.html?room=${room}`);
    const windowId = await openPrivateWindow(s.browser, `${s.server.siteA}/private-sender.html?${new URLSearchParams({ room, tag: `sender-${n}`, n: "8", size: String(16 * 1024) })}`);
    try {
      const { query } = await reportOf(`sender-${n}`);
      expect([query.get("error"), query.get("sent"), query.get("threw")]).toEqual([null, "8", "0"]);
      const received = await waitFor(
        () => receiver.evaluate(() => (window as unknown as { peer: { bytes(): number } }).peer.bytes()),
        { timeout: 30_000, message: "the bytes at the receiving peer" },
        (b) => b >= SENT,
      );
      expect(received).toBe(SENT);
      // Spent in private windows (the sender's window is still open, so their counters are kept)...
      const spent = await probePrivately("spent");
      expect(spent.status!.uploadBudgetBytes).toBeLessThanOrEqual(BUDGET - SENT);
      // ...and not in normal windows: their counters (what the popup and options page show) saw no byte. (Not what a
      // normal page is told it has left: that also counts leases other normal frames hold, which in Firefox a page
      // closed just before may still do.)
      expect(await s.extension.send({ type: "budgets/site", site: "127.0.0.1" })).toMatchObject({ left: BUDGET, usedToday: 0, usedThisMonth: 0 });
    } finally {
      await receiver.close();
      await closeWindow(s.browser, windowId);
    }
    // The last private window closed: private windows' ledgers and counters (in storage.session, where normal
    // windows keep none) are forgotten, so a new private window starts from the whole budget again.
    await waitFor(
      () =>
        s.extension.evaluate(async () => {
          const held = (await chrome.storage.session.get(["privateLedgers", "budgetUsage"])) as { privateLedgers?: object; budgetUsage?: { usage?: { sites?: object } } };
          return { ledgers: Object.keys(held.privateLedgers ?? {}), counted: Object.keys(held.budgetUsage?.usage?.sites ?? {}) };
        }),
      { timeout: 30_000, message: "private windows' ledgers and counters forgotten" },
      (held) => held.ledgers.length === 0 && held.counted.length === 0,
    );
    expect((await probePrivately("fresh")).status!.uploadBudgetBytes).toBe(BUDGET);
  });
}, { chromium: "Chromium 156.0.8078.114 blocks the extension's pages once incognito access is granted (see the header)" });
