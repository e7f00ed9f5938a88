// Node (jest e2e), Chromium and Firefox with the built extension: the popup, opened for a given tab
// (popup.html?tabId=N), shows that tab's site, its three choices as buttons (aria-pressed) in one labelled group,
// hide-my-IP, the tab's bytes as the receiving peer counted them, why the site counts as a P2P CDN, and a way to the
// site in the options; a choice made in it reaches the open page live. A tab without a site shows that there is
// nothing to control. Elements are found by role and accessible name (harness/by-role.ts), keys are real key presses.
import type { P2PConsentStatus } from "../../extension/shared/status";
import type { TestPage } from "./harness/browser-session";
import { forEachBrowser, pause } from "./harness/browsers";
import { getByRole, getByTestId, getByText, locate } from "./harness/by-role";
import { press } from "./harness/keyboard";
import { connectPeers, type PeerPair } from "./harness/peers";
import { waitFor } from "./harness/wait-for";
import { useBrowserSession } from "./harness/session";

jest.setTimeout(90_000);

/** The page API as page.evaluate callbacks see it (the guard installs it; DOM's Navigator does not know it). */
interface ConsentNavigator {
  p2pConsent: EventTarget & {
    query(): Promise<P2PConsentStatus>;
    request(decl: { client: string; version?: string; purpose?: string }): Promise<P2PConsentStatus>;
  };
}
interface ChangeLog {
  changes: { at: number; seeding: string }[];
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);
  const opened: TestPage[] = [];
  let pair: PeerPair<TestPage> | null = null;

  afterEach(async () => {
    await pair?.close();
    pair = null;
    await Promise.all(opened.splice(0).map((p) => p.close()));
    for (const site of ["127.0.0.1", "localhost"]) await s.extension.send({ type: "site/remove", site });
  });

  /** The popup for `tabId`, once it shows `site` (or, for null, once it has loaded). */
  async function popupFor(tabId: number, site: string | null): Promise<TestPage> {
    const popup = await s.extension.openPopup(tabId);
    opened.push(popup);
    if (site !== null) await getByRole(popup, "heading", { name: site, exact: true }).waitFor();
    else await locate(popup, "main[aria-busy=false]").waitFor();
    return popup;
  }

  const group = (popup: TestPage) => getByRole(popup, "group", { name: "What may this site do?" });
  const choice = (popup: TestPage, name: string) => group(popup).getByRole("button", { name, exact: true });
  const pressedNames = (popup: TestPage) => group(popup).locator('button[aria-pressed="true"]').allTexts();
  /** A site with no P2P seen keeps its controls behind one button: open it when it is there. */
  async function showControls(popup: TestPage): Promise<void> {
    const open = getByRole(popup, "button", { name: "Choose what this site may do" });
    if ((await open.count()) > 0 && (await open.attr("aria-expanded")) === "false") await open.click();
  }
  async function showTraffic(popup: TestPage): Promise<void> {
    await showControls(popup);
    await getByRole(popup, "button", { name: "Traffic and upload budget" }).click();
  }

  /** Records every `change` event of the page's navigator.p2pConsent with the page's Date.now(). */
  async function recordChanges(page: TestPage): Promise<void> {
    await page.evaluate(() => {
      const w = window as unknown as ChangeLog;
      w.changes = [];
      (navigator as unknown as ConsentNavigator).p2pConsent.addEventListener("change", (e) => {
        w.changes.push({ at: Date.now(), seeding: (e as Event & { status: P2PConsentStatus }).status.seeding });
      });
    });
  }

  /** The page's Date.now() at its first `change` event with `seeding` (Node's Date.now() reads the same clock). */
  async function changeAt(page: TestPage, seeding: string): Promise<number> {
    const changes = await waitFor(
      () => page.evaluate(() => (window as unknown as ChangeLog).changes),
      { timeout: 5_000, message: `a change event with seeding "${seeding}"` },
      (c) => c.some((x) => x.seeding === seeding),
    );
    return changes.find((x) => x.seeding === seeding)!.at;
  }

  const storedMode = (tabId: number) => s.extension.send({ type: "site/get", tabId }).then((v) => v.mode);

  test("shows the tab's site, three choices in one group, hide my IP, the tab's bytes as the receiver counted them, and the site in the options", async () => {
    pair = await connectPeers(s.browser, s.server);
    // Undecided allows 64 KiB to the site: 900 bytes go out, and "900 B" is exact in the popup.
    expect(await pair.sender.send(3, 300)).toMatchObject({ sent: 3, threw: 0 });
    const received = await waitFor(() => pair!.receiver.bytes(), { message: "900 bytes at the receiver" }, (b) => b === 900);
    const senderTab = await s.extension.tabIdOf(pair.sender.page);
    const receiverTab = await s.extension.tabIdOf(pair.receiver.page);

    const popup = await popupFor(senderTab, "127.0.0.1");
    // One group of the three choices and Allow for this visit, all plain buttons; none pressed while undecided, and
    // the popup says what applies instead. No radio semantics (arrow keys would select).
    expect(await getByRole(popup, "group", { name: "What may this site do?" }).count()).toBe(1);
    expect(await group(popup).getByRole("button").count()).toBe(4);
    for (const name of ["Allow seeding", "Allow for this visit", "Download only", "Block P2P"]) {
      expect(await choice(popup, name).attr("aria-pressed")).toBe("false");
    }
    expect(await getByRole(popup, "radio").count()).toBe(0);
    expect(await getByRole(popup, "radiogroup").count()).toBe(0);
    expect(await getByTestId(popup, "now").text()).toMatch(/^Now: Download only — you have not decided/);

    const hideIp = getByRole(popup, "switch", { name: "Hide my IP address" });
    expect(await hideIp.attr("aria-checked")).toBe("false");

    // The tab's bytes, as the background counted them (reported in batches: poll), equal the receiver's count.
    await showTraffic(popup);
    await waitFor(() => getByTestId(popup, "bytes-up").text(), { message: "popup: bytes up" }, (t) => t === `${received} B`);
    expect(await getByTestId(popup, "bytes-down").text()).toBe("0 B");
    // The receiving tab's popup: its own site, and what it downloaded.
    const receiverPopup = await popupFor(receiverTab, "localhost");
    await showTraffic(receiverPopup);
    await waitFor(() => getByTestId(receiverPopup, "bytes-down").text(), { message: "popup: bytes down" }, (t) => t === `${received} B`);
    expect(await getByTestId(receiverPopup, "bytes-up").text()).toBe("0 B");

    // The way to the site in the options page's Sites view.
    const optionsUrl = `${s.extension.origin}/${s.extension.manifest.options_ui?.page}#/sites/127.0.0.1`;
    const existing = new Set(await s.browser.pages());
    // A tab's address read from its document (Puppeteer's url() misses navigations it did not start).
    const newOptionsPage = async () => {
      for (const p of await s.browser.pages()) {
        if (!existing.has(p) && (await p.evaluate(() => location.href).catch(() => null)) === optionsUrl) return p;
      }
      return undefined;
    };
    await getByRole(popup, "button", { name: "This site in Options" }).click();
    const options = await waitFor(newOptionsPage, { message: "the options page opened at the site in a new tab" });
    opened.push(options!);
  });

  test("keys choose only by activation: arrows do nothing; Enter on Block reaches the open page at once and closes its channel", async () => {
    pair = await connectPeers(s.browser, s.server);
    await recordChanges(pair.sender.page);
    const tabId = await s.extension.tabIdOf(pair.sender.page);
    const popup = await popupFor(tabId, "127.0.0.1");
    await popup.bringToFront();

    // Focus on Block, arrows pressed: focus may move, the mode never does (the old radio group wrapped to Allow here).
    await choice(popup, "Block P2P").focus();
    for (const key of ["ArrowDown", "ArrowDown", "ArrowUp", "ArrowRight", "Home", "End"]) await press(popup, key);
    await pause(300);
    expect(await storedMode(tabId)).toBe("undecided");
    expect(await pressedNames(popup)).toEqual([]);

    await choice(popup, "Download only").focus();
    await press(popup, "Space");
    await waitFor(() => storedMode(tabId), { message: "download-only stored" }, (m) => m === "download-only");
    await changeAt(pair.sender.page, "download-only");
    expect(await pressedNames(popup)).toEqual(["Download only"]);
    expect(await choice(popup, "Download only").isFocused()).toBe(true);
    expect((await pair.sender.state()).channel).toBe("open");

    await choice(popup, "Block P2P").focus();
    const before = Date.now();
    await press(popup, "Enter");
    const lag = (await changeAt(pair.sender.page, "blocked")) - before;
    // Printed, not asserted to the millisecond (a timing on a shared machine, here beside another browser); the
    // bound catches only a decision that arrives late or never. Typical: tens of ms.
    console.log(`popup (keyboard) -> page change event: ${lag} ms`);
    expect(lag).toBeLessThan(5_000);
    expect(await pressedNames(popup)).toEqual(["Block P2P"]);
    expect(await choice(popup, "Block P2P").isFocused()).toBe(true);
    await waitFor(() => pair!.sender.state(), { message: "the sender's channel closed" }, (s) => s.channel === "closed");
    expect(await storedMode(tabId)).toBe("block");
  });

  test("a click on Block reaches the open page at once, closes its channel and stops its uploads", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    pair = await connectPeers(s.browser, s.server);
    expect(await pair.sender.send(4, 16 * 1024)).toMatchObject({ sent: 4, threw: 0 });
    await waitFor(() => pair!.receiver.bytes(), { message: "64 KiB at the receiver" }, (b) => b === 64 * 1024);
    await recordChanges(pair.sender.page);
    const tabId = await s.extension.tabIdOf(pair.sender.page);
    const popup = await popupFor(tabId, "127.0.0.1");
    expect(await pressedNames(popup)).toEqual(["Allow seeding"]);

    const block = choice(popup, "Block P2P");
    await block.waitFor();
    const before = Date.now();
    await block.click();
    const lag = (await changeAt(pair.sender.page, "blocked")) - before;
    console.log(`popup (click) -> page change event: ${lag} ms (pushed; see the keyboard test)`);
    expect(lag).toBeLessThan(5_000);
    expect(await pressedNames(popup)).toEqual(["Block P2P"]);
    await waitFor(() => pair!.sender.state(), { message: "the sender's channel closed" }, (s) => s.channel === "closed");
    // Nothing more reaches the receiver. A send on the closed channel: Chromium throws; Firefox drops its data
    // without throwing (peers-fixture.spec).
    const after = await pair.sender.send(1, 1024);
    expect(after).toMatchObject(browser === "chromium" ? { sent: 0, threw: 1 } : { sent: 1, threw: 0 });
    await pause(500);
    expect(await pair.receiver.bytes()).toBe(64 * 1024);
    expect(await storedMode(tabId)).toBe("block");
  });

  test("the hide-my-IP switch stores the site's flag and shows it when the popup opens again", async () => {
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    opened.push(page);
    const tabId = await s.extension.tabIdOf(page);
    const popup = await popupFor(tabId, "127.0.0.1");
    await showControls(popup);
    const toggle = getByRole(popup, "switch", { name: "Hide my IP address" });
    expect(await toggle.attr("aria-checked")).toBe("false");
    await toggle.click();
    expect(await toggle.attr("aria-checked")).toBe("true");
    await waitFor(() => s.extension.send({ type: "site/get", tabId }), { message: "hideIp stored" }, (v) => v.hideIp);
    // The open page's new connections get relay-only ICE once its guard heard the new policy. Stored is not yet
    // heard: the background pushes it when the settings change, so the page is asked until it has it (5 s at most;
    // CI, 2026-12-03: Firefox once made its connection before the push arrived).
    const stored = Date.now();
    const policy = await waitFor(
      () =>
        page.evaluate(async () => {
          await (navigator as unknown as ConsentNavigator).p2pConsent.query();
          const pc = new RTCPeerConnection({ iceServers: [], iceTransportPolicy: "all" });
          const p = pc.getConfiguration().iceTransportPolicy;
          pc.close();
          return p;
        }),
      { timeout: 5_000, message: "a new connection of the open page is relay-only" },
      (p) => p === "relay",
    );
    expect(policy).toBe("relay");
    console.log(`hide-my-IP stored -> the page's new connection relay-only: ${Date.now() - stored} ms (${browser})`);
    const again = await popupFor(tabId, "127.0.0.1");
    await showControls(again);
    expect(await getByRole(again, "switch", { name: "Hide my IP address" }).attr("aria-checked")).toBe("true");
  });

  test("a site that declared itself shows the declaration in the popup's why list", async () => {
    // localhost: the fixture sender pages of the tests above (127.0.0.1) declare themselves with <meta name="p2p-cdn">.
    const page = await s.browser.newPage(`${s.server.siteB}/first-script.html`);
    opened.push(page);
    const tabId = await s.extension.tabIdOf(page);
    const popup = await popupFor(tabId, "localhost");
    const whyButton = getByRole(popup, "button", { name: "Why does Seedgate think so?" });
    const why = getByRole(popup, "list", { name: "Why Seedgate thinks so" });
    expect(await whyButton.count()).toBe(0);
    expect(await getByText(popup, "No peer-to-peer use seen on this site").count()).toBe(1);
    // The choices wait one click away.
    expect(await getByRole(popup, "button", { name: "Block P2P", exact: true }).count()).toBe(0);
    expect(await getByRole(popup, "button", { name: "Choose what this site may do" }).count()).toBe(1);

    await page.evaluate(() => (navigator as unknown as ConsentNavigator).p2pConsent.request({ client: "webtorrent", version: "2.8.5" }));
    // The open popup re-fetches every second; the evidence waits behind Why?.
    await whyButton.waitFor({ timeout: 5_000 });
    expect(await why.count()).toBe(0);
    await whyButton.click();
    await why.waitFor();
    const items = await why.getByRole("listitem").allTexts();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatch(/^Declared by the site: .*webtorrent 2\.8\.5/);
    expect(await getByText(popup, "This site uses a peer-to-peer CDN").count()).toBe(1);
    expect(await choice(popup, "Block P2P").count()).toBe(1);
  });

  describe("a tab Seedgate has nothing to control in", () => {
    async function expectNothingToControl(tabId: number): Promise<void> {
      const popup = await popupFor(tabId, null);
      expect(await getByText(popup, "nothing to control on this page").count()).toBe(1);
      expect(await getByRole(popup, "group").count()).toBe(0);
      expect(await getByRole(popup, "button", { name: "Block P2P", exact: true }).count()).toBe(0);
      expect(await getByRole(popup, "switch").count()).toBe(0);
      expect(await getByRole(popup, "heading", { level: 2 }).count()).toBe(0);
      // The way to the options stays.
      expect(await getByRole(popup, "button", { name: "Options and all sites" }).count()).toBe(1);
    }

    test("about:blank", async () => {
      const page = await s.browser.newPage("about:blank");
      opened.push(page);
      await expectNothingToControl(await s.extension.tabIdOf(page));
    });

    test("the extension's own page", async () => {
      const page = await s.extension.openOptions();
      opened.push(page);
      await expectNothingToControl(await s.extension.tabIdOf(page));
    });

    test("a tab that left a P2P site for a page without one", async () => {
      const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
      opened.push(page);
      const tabId = await s.extension.tabIdOf(page);
      await page.evaluate(() => (navigator as unknown as ConsentNavigator).p2pConsent.request({ client: "webtorrent", version: "2.8.5" }));
      // While on the site, the popup shows it with its controls (the state below must differ from this).
      const before = await popupFor(tabId, "127.0.0.1");
      expect(await group(before).getByRole("button").count()).toBe(4);
      await s.extension.navigate(page, s.extension.manifest.options_ui?.page ?? "options/options.html");
      await expectNothingToControl(tabId);
    });
  });
});
