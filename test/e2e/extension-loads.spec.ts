// Node (jest e2e), Chromium and Firefox with the built extension: the extension loads under its id with the built
// manifest, and the harness of the browser dimension can do what specs rely on: tell tabs apart by their
// browser.tabs id, open the popup for a tab, read a badge, stop the background (it answers again on the next
// message) and restart the browser on the same profile.
import { readFileSync } from "node:fs";
import path from "node:path";
import { forEachBrowser, skipIn } from "./harness/browsers";
import { extensionIdFor } from "./harness/extension";
import { distChrome, distFirefox, geckoId } from "./harness/paths";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { restartable: true });
  const dist = browser === "chromium" ? distChrome : distFirefox;

  test("the extension runs under its id, with the manifest that was built", async () => {
    const onDisk = JSON.parse(readFileSync(path.join(dist, "manifest.json"), "utf8")) as Record<string, unknown>;
    const id = await s.extension.evaluate(() => chrome.runtime.id);
    if (browser === "firefox") {
      expect(id).toBe(geckoId);
      expect(geckoId).not.toMatch(/\.invalid$/);
      expect(s.extension.origin).toMatch(/^moz-extension:\/\/[0-9a-f-]{36}$/);
    } else {
      expect(id).toBe(extensionIdFor(distChrome, onDisk));
      expect(s.extension.origin).toBe(`chrome-extension://${id}`);
    }
    // Firefox answers the files of background and content scripts as full URLs of the add-on.
    const loaded = JSON.parse(JSON.stringify(await s.extension.evaluate(() => chrome.runtime.getManifest())).replaceAll(`${s.extension.origin}/`, "")) as Record<string, unknown>;
    expect(loaded).toMatchObject({ name: onDisk.name, version: onDisk.version, manifest_version: 3, background: onDisk.background, content_scripts: onDisk.content_scripts });
    // The description is __MSG_extDescription__ on disk: the browser resolves it from _locales (English here).
    expect(onDisk.description).toBe("__MSG_extDescription__");
    expect(loaded.description).toMatch(/P2P CDN/);
  });

  test("tabIdOf tells tabs apart, and the id is the tab's own", async () => {
    const first = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    const second = await s.browser.newPage(`${s.server.siteB}/first-script.html`);
    const ids = [await s.extension.tabIdOf(first), await s.extension.tabIdOf(second)];
    expect(new Set(ids).size).toBe(2);
    expect(await s.extension.tabIdOf(first)).toBe(ids[0]); // stable whatever tab is active
    // Closing the page removes exactly that tab.
    await second.close();
    const left = await waitFor(() => s.extension.evaluate(() => chrome.tabs.query({})), { message: "the closed tab gone" }, (tabs) => !tabs.some((t) => t.id === ids[1]));
    expect(left.map((t) => t.id)).toContain(ids[0]);
    await first.close();
  });

  test("the popup opens for a given tab and shows that tab's site", async () => {
    const site = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    const tabId = await s.extension.tabIdOf(site);
    const popup = await s.extension.openPopup(tabId);
    try {
      expect(popup.url()).toBe(`${s.extension.origin}/${s.extension.manifest.action?.default_popup}?tabId=${tabId}`);
      const text = await waitFor(() => popup.evaluate(() => document.body?.innerText ?? ""), { message: "the popup rendered" }, (t) => t.includes("127.0.0.1"));
      expect(text).toContain("127.0.0.1");
    } finally {
      await Promise.all([popup.close(), site.close()]);
    }
  });

  test("the options page opens", async () => {
    const options = await s.extension.openOptions();
    try {
      expect(await waitFor(() => options.evaluate(() => document.querySelector("h1, h2")?.textContent ?? ""), { message: "the options page rendered" })).not.toBe("");
    } finally {
      await options.close();
    }
  });

  test("the badge of a tab can be read", async () => {
    const site = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    const badge = await s.extension.badge(await s.extension.tabIdOf(site));
    expect(typeof badge.text).toBe("string");
    expect(badge.color).toHaveLength(4);
    await site.close();
  });

  test("the background can be stopped, and answers again on the next message", async () => {
    await s.extension.send({ type: "site/set-mode", site: "kept.example", mode: "block" });
    await s.extension.stopBackground();
    const view = await s.extension.send({ type: "sites/list" });
    expect(JSON.stringify(view)).toContain("kept.example");
  });

  skipIn(browser, "firefox", "BiDi has no handle on the event page's own global (only on extension tabs)")("the stopped service worker starts again from scratch", async () => {
    // A global set now is gone after the restart: the worker really ran again from scratch.
    await s.extension.evaluate(() => ((globalThis as unknown as { e2eMarker: number }).e2eMarker = 42));
    await s.extension.stopBackground();
    expect(await s.extension.evaluate(() => (globalThis as unknown as { e2eMarker?: number }).e2eMarker ?? null)).toBeNull();
  });

  test("after a browser restart on the same profile the extension runs again with its settings", async () => {
    await s.restart();
    expect(await s.extension.evaluate(() => 2 + 2)).toBe(4);
    const view = await s.extension.send({ type: "sites/list" });
    expect(JSON.stringify(view)).toContain("kept.example");
  });
});
