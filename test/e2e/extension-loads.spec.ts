// Node (jest e2e), Chromium with dist/chrome: the built extension loads, its service worker runs with the
// expected id and manifest, the popup opens for a given tab, and the harness can stop and restart it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { extensionOf, type ExtensionHandle } from "./harness/extension";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { distChrome } from "./harness/paths";

jest.setTimeout(60_000);

let browser: ChromiumSession;
let extension: ExtensionHandle;
let server: FixtureServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startFixtureServer()]);
  extension = await extensionOf(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("the service worker runs under the extension's id", async () => {
  const worker = await extension.worker();
  expect(worker.url()).toBe(`chrome-extension://${extension.id}/${extension.manifest.background?.service_worker}`);
  expect(await extension.evaluate(() => chrome.runtime.id)).toBe(extension.id);
});

test("the manifest that loaded is dist/chrome/manifest.json", async () => {
  // The browser hands back the manifest with its __MSG_name__ strings resolved in the UI language (English here), and adds the locale it chose.
  const messages = JSON.parse(readFileSync(path.join(distChrome, "_locales/en/messages.json"), "utf8")) as Record<string, { message: string }>;
  const text = readFileSync(path.join(distChrome, "manifest.json"), "utf8").replace(/__MSG_(\w+)__/g, (_, k: string) => messages[k]!.message);
  const loaded = await extension.evaluate(() => chrome.runtime.getManifest());
  expect(loaded).toEqual({ ...JSON.parse(text), current_locale: "en_US" });
  expect(loaded.description).toMatch(/P2P CDN/);
  expect(browser.extensionPath).toBe(path.resolve(distChrome));
});

test("tabIdOf tells tabs apart, and the id is the tab's own", async () => {
  const first = await browser.newPage(`${server.siteA}/first-script.html`);
  const second = await browser.newPage(`${server.siteB}/first-script.html`);
  const ids = [await extension.tabIdOf(first), await extension.tabIdOf(second)];
  expect(new Set(ids).size).toBe(2);
  expect(await extension.tabIdOf(first)).toBe(ids[0]); // stable whatever tab is active
  // Closing the page removes exactly that tab.
  await second.close();
  const left = await extension.evaluate(() => chrome.tabs.query({}));
  expect(left.map((t) => t.id)).toContain(ids[0]);
  expect(left.map((t) => t.id)).not.toContain(ids[1]);
  await first.close();
});

test("the popup opens for a given tab", async () => {
  const site = await browser.newPage(`${server.siteA}/first-script.html`);
  const tabId = await extension.tabIdOf(site);
  const errors: string[] = [];
  const popup = await browser.context.newPage();
  popup.on("pageerror", (err) => errors.push(err.message));
  const response = await popup.goto(extension.popupUrl(tabId));
  expect(response?.ok()).toBe(true);
  expect(popup.url()).toBe(`chrome-extension://${extension.id}/${extension.manifest.action?.default_popup}?tabId=${tabId}`);
  await popup.waitForFunction(() => document.body !== null && document.body.innerText.trim().length > 0);
  expect(errors).toEqual([]);
  await Promise.all([popup.close(), site.close()]);
});

test("the badge of a tab can be read", async () => {
  const site = await browser.newPage(`${server.siteA}/first-script.html`);
  const badge = await extension.badge(await extension.tabIdOf(site));
  expect(typeof badge.text).toBe("string");
  expect(badge.color).toHaveLength(4);
  await site.close();
});

test("the service worker can be stopped and starts again", async () => {
  // A global set now is gone after the restart: the worker really ran again from scratch.
  await extension.evaluate(() => ((globalThis as unknown as { e2eMarker: number }).e2eMarker = 42));
  await extension.stopServiceWorker();
  await extension.wake();
  expect(await extension.running()).toBe(true);
  expect(await extension.evaluate(() => (globalThis as unknown as { e2eMarker?: number }).e2eMarker ?? null)).toBeNull();
});

test("after a browser restart on the same profile the extension runs again", async () => {
  const profile = browser.userDataDir;
  browser = await browser.restart();
  expect(browser.userDataDir).toBe(profile);
  extension = await extensionOf(browser);
  expect(await extension.evaluate(() => 2 + 2)).toBe(4);
});
