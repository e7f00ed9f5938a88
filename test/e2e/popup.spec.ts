// Node (jest e2e), Chromium with dist/chrome: the popup, opened for a given tab (popup.html?tabId=N), shows that
// tab's site, its four modes as one accessible radio group, hide-my-IP, the tab's bytes as the receiving peer
// counted them, why the site counts as a P2P CDN, and a way to the options; a choice made in it reaches the
// open page live. A tab without a site shows that there is nothing to control.
import type { Locator, Page } from "playwright-core";
import type { P2PConsentStatus } from "../../extension/shared/status";
import { connectPeers, type PeerPair } from "./harness/peers";
import { waitFor } from "./harness/wait-for";
import { useExtensionSession } from "./harness/session";

jest.setTimeout(60_000);

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

const s = useExtensionSession({ ui: true });
const opened: Page[] = [];
let pair: PeerPair | null = null;

afterEach(async () => {
  await pair?.close();
  pair = null;
  await Promise.all(opened.splice(0).map((p) => p.close()));
  for (const site of ["127.0.0.1", "localhost"]) await s.ui.send({ type: "site/remove", site });
});

/** The popup for `tabId`, once it shows `site` (or, for null, once it has loaded). */
async function popupFor(tabId: number, site: string | null): Promise<Page> {
  const popup = await s.extension.openPopup(tabId);
  opened.push(popup);
  if (site !== null) await popup.getByRole("heading", { name: site, exact: true }).waitFor();
  else await popup.locator("main[aria-busy=false]").waitFor();
  return popup;
}

const group = (popup: Page) => popup.getByRole("radiogroup", { name: "What may this site do?" });
const radio = (popup: Page, name: string) => group(popup).getByRole("radio", { name, exact: true });
const checkedNames = (popup: Page) =>
  group(popup)
    .locator('[role="radio"][aria-checked="true"]')
    .evaluateAll((els) => els.map((el) => el.querySelector(".radio-label")?.textContent ?? ""));
const isFocused = (el: Locator) => el.evaluate((node) => node === document.activeElement);

/** Records every `change` event of the page's navigator.p2pConsent with the page's Date.now(). */
async function recordChanges(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as ChangeLog;
    w.changes = [];
    (navigator as unknown as ConsentNavigator).p2pConsent.addEventListener("change", (e) => {
      w.changes.push({ at: Date.now(), seeding: (e as Event & { status: P2PConsentStatus }).status.seeding });
    });
  });
}

/** The page's Date.now() at its first `change` event with `seeding` (Node's Date.now() reads the same clock). */
async function changeAt(page: Page, seeding: string): Promise<number> {
  const changes = await waitFor(
    () => page.evaluate(() => (window as unknown as ChangeLog).changes),
    { timeout: 5_000, message: `a change event with seeding "${seeding}"` },
    (c) => c.some((x) => x.seeding === seeding),
  );
  return changes.find((x) => x.seeding === seeding)!.at;
}

const storedMode = (tabId: number) => s.ui.send({ type: "site/get", tabId }).then((v) => v.mode);

test("shows the tab's site, the four modes as one radio group, hide my IP, the tab's bytes as the receiver counted them, and the options", async () => {
  pair = await connectPeers(s.browser.context, s.server);
  // Undecided allows 64 KiB to the site: 900 bytes go out, and "900 B" is exact in the popup.
  expect(await pair.sender.send(3, 300)).toMatchObject({ sent: 3, threw: 0 });
  const received = await waitFor(() => pair!.receiver.bytes(), { message: "900 bytes at the receiver" }, (b) => b === 900);
  const senderTab = await s.extension.tabIdOf(pair.sender.page);
  const receiverTab = await s.extension.tabIdOf(pair.receiver.page);

  const popup = await popupFor(senderTab, "127.0.0.1");
  // One group of exactly four radios, and no radio outside it; exactly one is checked: the stored mode.
  expect(await popup.getByRole("radiogroup").count()).toBe(1);
  expect(await group(popup).getByRole("radio").count()).toBe(4);
  expect(await popup.getByRole("radio").count()).toBe(4);
  for (const name of ["Allow seeding", "Download only", "Block P2P", "Undecided (use default)"]) {
    expect(await radio(popup, name).count()).toBe(1);
  }
  expect(await checkedNames(popup)).toEqual(["Undecided (use default)"]);
  // One tab stop: the checked radio.
  expect(await group(popup).locator('[role="radio"][tabindex="0"]').count()).toBe(1);
  expect(await radio(popup, "Undecided (use default)").getAttribute("tabindex")).toBe("0");

  const hideIp = popup.getByRole("switch", { name: "Hide my IP address" });
  expect(await hideIp.getAttribute("aria-checked")).toBe("false");

  // The tab's bytes, as the background counted them (reported in batches: poll), equal the receiver's count.
  await waitFor(() => popup.getByTestId("bytes-up").textContent(), { message: "popup: bytes up" }, (t) => t === `${received} B`);
  expect(await popup.getByTestId("bytes-down").textContent()).toBe("0 B");
  // The receiving tab's popup: its own site, and what it downloaded.
  const receiverPopup = await popupFor(receiverTab, "localhost");
  await waitFor(() => receiverPopup.getByTestId("bytes-down").textContent(), { message: "popup: bytes down" }, (t) => t === `${received} B`);
  expect(await receiverPopup.getByTestId("bytes-up").textContent()).toBe("0 B");

  // The way to the options page.
  const optionsUrl = `${s.extension.origin}/${s.extension.manifest.options_ui?.page}`;
  const existing = new Set(s.browser.context.pages());
  const newOptionsPage = () => s.browser.context.pages().find((p) => !existing.has(p) && p.url() === optionsUrl);
  await popup.getByRole("button", { name: "Options and all sites" }).click();
  const options = await waitFor(newOptionsPage, { message: "the options page opened in a new tab" });
  opened.push(options!);
});

test("the arrow keys move the choice; Block by keyboard reaches the open page within 200 ms and closes its channel", async () => {
  pair = await connectPeers(s.browser.context, s.server);
  await recordChanges(pair.sender.page);
  const tabId = await s.extension.tabIdOf(pair.sender.page);
  const popup = await popupFor(tabId, "127.0.0.1");
  await popup.bringToFront();
  const undecided = radio(popup, "Undecided (use default)");
  await undecided.focus();

  // Undecided is last: ArrowDown wraps to Allow. Focus and the check move together, and the choice is stored.
  await popup.keyboard.press("ArrowDown");
  expect(await checkedNames(popup)).toEqual(["Allow seeding"]);
  expect(await isFocused(radio(popup, "Allow seeding"))).toBe(true);
  await waitFor(() => storedMode(tabId), { message: "allow stored" }, (m) => m === "allow");
  await changeAt(pair.sender.page, "allowed");

  await popup.keyboard.press("ArrowRight");
  expect(await checkedNames(popup)).toEqual(["Download only"]);
  expect(await isFocused(radio(popup, "Download only"))).toBe(true);
  await waitFor(() => storedMode(tabId), { message: "download-only stored" }, (m) => m === "download-only");
  await changeAt(pair.sender.page, "download-only");
  expect((await pair.sender.state()).channel).toBe("open");

  const before = Date.now();
  await popup.keyboard.press("ArrowDown");
  const lag = (await changeAt(pair.sender.page, "blocked")) - before;
  console.log(`popup (keyboard) -> page change event: ${lag} ms`);
  expect(lag).toBeLessThan(200);
  expect(await checkedNames(popup)).toEqual(["Block P2P"]);
  expect(await isFocused(radio(popup, "Block P2P"))).toBe(true);
  await waitFor(() => pair!.sender.state(), { message: "the sender's channel closed" }, (s) => s.channel === "closed");
  expect(await storedMode(tabId)).toBe("block");

  // And back up: ArrowUp moves to the previous mode.
  await popup.keyboard.press("ArrowUp");
  expect(await checkedNames(popup)).toEqual(["Download only"]);
  await waitFor(() => storedMode(tabId), { message: "download-only stored again" }, (m) => m === "download-only");
});

test("a click on Block reaches the open page within 200 ms, closes its channel and stops its uploads", async () => {
  await s.ui.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
  pair = await connectPeers(s.browser.context, s.server);
  expect(await pair.sender.send(4, 16 * 1024)).toMatchObject({ sent: 4, threw: 0 });
  await waitFor(() => pair!.receiver.bytes(), { message: "64 KiB at the receiver" }, (b) => b === 64 * 1024);
  await recordChanges(pair.sender.page);
  const tabId = await s.extension.tabIdOf(pair.sender.page);
  const popup = await popupFor(tabId, "127.0.0.1");
  expect(await checkedNames(popup)).toEqual(["Allow seeding"]);

  const block = radio(popup, "Block P2P");
  await block.waitFor();
  const before = Date.now();
  await block.click();
  const lag = (await changeAt(pair.sender.page, "blocked")) - before;
  console.log(`popup (click) -> page change event: ${lag} ms`);
  expect(lag).toBeLessThan(200);
  expect(await checkedNames(popup)).toEqual(["Block P2P"]);
  await waitFor(() => pair!.sender.state(), { message: "the sender's channel closed" }, (s) => s.channel === "closed");
  // Nothing more reaches the receiver.
  const after = await pair.sender.send(1, 1024);
  expect(after.sent).toBe(0);
  expect(await pair.receiver.bytes()).toBe(64 * 1024);
  expect(await storedMode(tabId)).toBe("block");
});

test("the hide-my-IP switch stores the site's flag and shows it when the popup opens again", async () => {
  const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
  opened.push(page);
  const tabId = await s.extension.tabIdOf(page);
  const popup = await popupFor(tabId, "127.0.0.1");
  const toggle = popup.getByRole("switch", { name: "Hide my IP address" });
  expect(await toggle.getAttribute("aria-checked")).toBe("false");
  await toggle.click();
  expect(await toggle.getAttribute("aria-checked")).toBe("true");
  await waitFor(() => s.ui.send({ type: "site/get", tabId }), { message: "hideIp stored" }, (v) => v.hideIp);
  // New guards get relay-only ICE.
  const policy = await page.evaluate(async () => {
    await (navigator as unknown as ConsentNavigator).p2pConsent.query();
    const pc = new RTCPeerConnection({ iceServers: [], iceTransportPolicy: "all" });
    const p = pc.getConfiguration().iceTransportPolicy;
    pc.close();
    return p;
  });
  expect(policy).toBe("relay");
  const again = await popupFor(tabId, "127.0.0.1");
  expect(await again.getByRole("switch", { name: "Hide my IP address" }).getAttribute("aria-checked")).toBe("true");
});

test("a site that declared itself shows the declaration in the popup's why list", async () => {
  // localhost: the fixture sender pages of the tests above (127.0.0.1) declare themselves with <meta name="p2p-cdn">.
  const page = await s.browser.newPage(`${s.server.siteB}/first-script.html`);
  opened.push(page);
  const tabId = await s.extension.tabIdOf(page);
  const popup = await popupFor(tabId, "localhost");
  const why = popup.getByRole("list", { name: "Why Seedgate thinks so" });
  expect(await why.count()).toBe(0);
  expect(await popup.getByText("No peer-to-peer use seen on this site", { exact: false }).count()).toBe(1);

  await page.evaluate(() => (navigator as unknown as ConsentNavigator).p2pConsent.request({ client: "webtorrent", version: "2.8.5" }));
  // The open popup re-fetches every second.
  await why.waitFor({ timeout: 5_000 });
  const items = await why.getByRole("listitem").allTextContents();
  expect(items).toHaveLength(1);
  expect(items[0]).toMatch(/^Declared by the site: .*webtorrent 2\.8\.5/);
  expect(await popup.getByText("Uses a peer-to-peer CDN").count()).toBe(1);
});

describe("a tab Seedgate has nothing to control in", () => {
  async function expectNothingToControl(tabId: number): Promise<void> {
    const popup = await popupFor(tabId, null);
    expect(await popup.getByText(/nothing to control on this page/).count()).toBe(1);
    expect(await popup.getByRole("radiogroup").count()).toBe(0);
    expect(await popup.getByRole("radio").count()).toBe(0);
    expect(await popup.getByRole("switch").count()).toBe(0);
    expect(await popup.getByRole("heading", { level: 2 }).count()).toBe(0);
    // The way to the options stays.
    expect(await popup.getByRole("button", { name: "Options and all sites" }).count()).toBe(1);
  }

  test("about:blank", async () => {
    const page = await s.browser.newPage("about:blank");
    opened.push(page);
    await expectNothingToControl(await s.extension.tabIdOf(page));
  });

  test("the extension's own page", async () => {
    const page = await s.browser.newPage(`${s.extension.origin}/${s.extension.manifest.options_ui?.page}`);
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
    expect(await group(before).getByRole("radio").count()).toBe(4);
    await page.goto(`${s.extension.origin}/${s.extension.manifest.options_ui?.page}`);
    await expectNothingToControl(tabId);
  });
});
