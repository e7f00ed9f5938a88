// Node (jest e2e), Chromium and Firefox with the built extension: the toolbar badge of a tab tells its state at a glance — nothing,
// undecided, allowed (with the bytes uploaded), download only, blocked, and a page that ignored the user's choice —
// each with its own text and colour, read back from chrome.action for that tab. The background repaints at most
// every 250 ms: every check polls.
import type { TestPage as Page } from "./harness/browser-session";
import { BADGE_COLORS, badgeBytes } from "../../extension/core/badge";
import type { P2PConsentStatus } from "../../extension/shared/status";
import type { Badge } from "./harness/extension";
import type { TestPage } from "./harness/browser-session";
import { connectPeers, type PeerPair } from "./harness/peers";
import { waitFor } from "./harness/wait-for";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";

jest.setTimeout(60_000);

const KiB = 1024;

interface ConsentNavigator {
  p2pConsent: { request(decl: { client: string; version?: string }): Promise<P2PConsentStatus> };
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);
  let pair: PeerPair<TestPage> | null = null;
  const opened: Page[] = [];
  /** What each state looked like, for the last test: every state must look different. */
  const seen = new Map<string, Badge>();

  afterEach(async () => {
    await pair?.close();
    pair = null;
    await Promise.all(opened.splice(0).map((p) => p.close()));
    for (const site of ["127.0.0.1", "localhost"]) await s.extension.send({ type: "site/remove", site });
  });

  /** "#RRGGBB" as chrome.action.getBadgeBackgroundColor answers it. */
  function rgba(hex: string): Badge["color"] {
    const n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
  }

  /** Polls the tab's badge until it shows `text` on `color`; records it as `state`. */
  async function badgeBecomes(state: string, tabId: number, text: string, color: string): Promise<Badge> {
    const want = { text, color: rgba(color) };
    const badge = await waitFor(() => s.extension.badge(tabId), { timeout: 5_000, message: `badge "${text}" ${color} (${state})` }, (b) => b.text === want.text && b.color.every((c, i) => c === want.color[i]));
    expect(badge).toEqual(want);
    seen.set(state, badge);
    return badge;
  }

  /** The page says it is a P2P CDN client (declared evidence), as WebTorrent with the client library would. */
  const declare = (page: Page) =>
    page.evaluate(() => (navigator as unknown as ConsentNavigator).p2pConsent.request({ client: "webtorrent", version: "2.8.5" }));

  /** Two peers; the sender (127.0.0.1) declares itself. Returns the sender's tab id. */
  async function declaredPair(): Promise<number> {
    pair = await connectPeers(s.browser, s.server);
    await declare(pair.sender.page);
    return s.extension.tabIdOf(pair.sender.page);
  }

  test("no P2P activity: no text, even on a site the user blocked, and a tab that leaves a P2P page goes back to none", async () => {
    // A page with no peer connection on a blocked site: the badge is painted (the colour is set) but says nothing.
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" });
    const quiet = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    opened.push(quiet);
    await badgeBecomes("none", await s.extension.tabIdOf(quiet), "", BADGE_COLORS.blocked);
    await s.extension.send({ type: "site/remove", site: "127.0.0.1" });

    // A tab whose page was a P2P CDN ("?") navigates to a site never seen using P2P: none again. (Evidence is kept
    // per site, so another page of the same site keeps its "?".)
    const tabId = await declaredPair();
    await badgeBecomes("undecided", tabId, "?", BADGE_COLORS.undecided);
    await pair!.sender.page.goto(`${s.server.siteB}/first-script.html`);
    await badgeBecomes("none", tabId, "", BADGE_COLORS.blocked);
  });

  test('undecided with a connection: "?"', async () => {
    const tabId = await declaredPair();
    expect((await pair!.sender.state()).channel).toBe("open");
    await badgeBecomes("undecided", tabId, "?", BADGE_COLORS.undecided);
  });

  test("allowed: the bytes the tab uploaded, as the core badge module writes them", async () => {
    expect(badgeBytes(16 * KiB)).toBe("16K");
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const tabId = await declaredPair();
    await badgeBecomes("allowed, nothing sent", tabId, "0", BADGE_COLORS.allowed);

    expect(await pair!.sender.send(1, 16 * KiB)).toMatchObject({ sent: 1, threw: 0 });
    await waitFor(() => pair!.receiver.bytes(), { message: "16 KiB at the receiver" }, (b) => b === 16 * KiB);
    await badgeBecomes("allowed", tabId, "16K", BADGE_COLORS.allowed);

    // 1.5 MiB more: the count keeps up with what the receiver got.
    expect(await pair!.sender.send(96, 16 * KiB)).toMatchObject({ sent: 96, threw: 0 });
    const received = await waitFor(() => pair!.receiver.bytes(), { message: "all of it at the receiver" }, (b) => b === 97 * 16 * KiB);
    expect(badgeBytes(received)).toBe("1.5M");
    await badgeBecomes("allowed, 1.5 MiB", tabId, "1.5M", BADGE_COLORS.allowed);
  });

  test('download only: "↓"', async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "download-only" });
    const tabId = await declaredPair();
    await badgeBecomes("download only", tabId, "↓", BADGE_COLORS.downloadOnly);
  });

  test('blocked: "OFF", live on an open P2P page, whose connection closes', async () => {
    const tabId = await declaredPair();
    await badgeBecomes("undecided", tabId, "?", BADGE_COLORS.undecided);
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" });
    await badgeBecomes("blocked", tabId, "OFF", BADGE_COLORS.blocked);
    await waitFor(() => pair!.sender.state(), { message: "the sender's channel closed" }, (s) => s.channel === "closed");
  });

  // Spends the site's download-only bound for today (one ledger per site and day): keep it last of the sending tests.
  test('the page ignored the choice: "!" once a send was refused with QuotaExceededError', async () => {
    const tabId = await declaredPair();
    await badgeBecomes("undecided", tabId, "?", BADGE_COLORS.undecided);
    const result = await pair!.sender.send(8, 16 * KiB); // 128 KiB against a 64 KiB bound
    expect(result.errors).toContain("QuotaExceededError");
    await badgeBecomes("ignored", tabId, "!", BADGE_COLORS.refused);
  });

  test("every state looks different: distinct texts, and distinct colours wherever there is text", () => {
    const states = ["none", "undecided", "allowed", "download only", "blocked", "ignored"];
    expect(states.filter((s) => !seen.has(s))).toEqual([]);
    const badges = states.map((s) => seen.get(s)!);
    expect(new Set(badges.map((b) => b.text)).size).toBe(states.length);
    const withText = badges.filter((b) => b.text !== "");
    expect(withText).toHaveLength(states.length - 1);
    expect(new Set(withText.map((b) => b.color.join(","))).size).toBe(withText.length);
  });
});
