// Node (jest e2e): private windows with the extension, in Chromium and Firefox. Neither browser runs an extension
// there until the user allows it, and both reload the extension when allowed:
// - Chromium: chrome://extensions's toggle, chrome.developerPrivate.updateExtensionConfiguration({ incognitoAccess });
// - Firefox: about:addons's "Run in Private Windows", ExtensionPermissions.add(id, internal:privateBrowsingAllowed)
//   then addon.reload(), run in the browser window's privileged scope (harness/firefox.ts chrome()).
// Pages the extension had open die with the reload (they lose chrome.runtime): the session reopens its own on the
// next use (harness/browser-session.ts). Playwright's persistent context does not see incognito pages, so specs
// open a fixture page there from the extension and read what it reports to the fixture server
// (pages/private-probe.html), the same way in both browsers.
import type { BrowserSession } from "./browser-session";
import { pause } from "./browsers";
import { waitFor } from "./wait-for";

/** Allows the extension in private windows, as the user would, and waits until it runs again with the grant. */
export async function allowInPrivate(session: BrowserSession): Promise<void> {
  if (session.chromium) {
    const id = new URL(session.extension.origin).host;
    await onExtensionsPage(session, (extensionId) => (globalThis as unknown as DevScope).chrome.developerPrivate.updateExtensionConfiguration({ extensionId, incognitoAccess: true }), id);
    // The toggle reloads the extension. Now and then Chromium leaves it unloaded after that (every extension URL
    // answers ERR_BLOCKED_BY_CLIENT, pages it had open lose chrome.runtime): reload it once more, as the page's
    // "reload" button would, saying why it was down if it does not come back either.
    const back = await waitForGrant(session, 15_000).then(() => true, () => false);
    if (back) return;
    const state = await onExtensionsPage(
      session,
      async (extensionId) => {
        const api = (globalThis as unknown as DevScope).chrome.developerPrivate;
        const before = await api.getExtensionInfo(extensionId).then((i) => JSON.stringify({ state: i.state, disableReasons: i.disableReasons, incognito: i.incognitoAccess })).catch((e: Error) => `no info: ${e.message}`);
        const error = await api.reload(extensionId, { failQuietly: false, populateErrorForUnpacked: true }).then((e) => (e ? JSON.stringify(e) : null)).catch((e: Error) => e.message);
        return { before, error };
      },
      id,
    );
    console.warn(`allowInPrivate: the extension was not back 15 s after the incognito toggle; reloaded it (${JSON.stringify(state)})`);
    await waitForGrant(session, 30_000);
    return;
  }
  {
    const firefox = session.firefox!;
    await firefox.chrome(async (id) => {
      const { ChromeUtils } = globalThis as unknown as PrivilegedScope;
      const { ExtensionPermissions } = ChromeUtils.importESModule("resource://gre/modules/ExtensionPermissions.sys.mjs");
      const { AddonManager } = ChromeUtils.importESModule("resource://gre/modules/AddonManager.sys.mjs");
      await ExtensionPermissions.add(id, { permissions: ["internal:privateBrowsingAllowed"], origins: [] });
      // about:addons reloads an active add-on after the change, so that its policy sees the new permission.
      const addon = await AddonManager.getAddonByID(id);
      if (addon.isActive) await addon.reload();
      return null;
    }, firefox.addonId!);
  }
  await waitForGrant(session, 30_000);
}

function waitForGrant(session: BrowserSession, timeout: number): Promise<unknown> {
  return waitFor(
    // Bounded: Playwright's handle on a worker that went with the reload may never answer.
    () => Promise.race([session.extension.evaluate(() => chrome.extension.isAllowedIncognitoAccess()).catch(() => false), pause(5_000).then(() => false)]),
    { timeout, message: "the extension running again, allowed in private windows" },
    (v) => v === true,
  );
}

/** chrome://extensions's private API (only that page has it). */
interface DeveloperPrivate {
  updateExtensionConfiguration(u: { extensionId: string; incognitoAccess: boolean }): Promise<void>;
  getExtensionInfo(id: string): Promise<{ state: string; disableReasons: object; incognitoAccess: object }>;
  reload(id: string, options: { failQuietly: boolean; populateErrorForUnpacked: boolean }): Promise<object | undefined>;
}
type DevScope = { chrome: { developerPrivate: DeveloperPrivate } };

/** Runs `fn` (self-contained: Playwright sends its source) in a chrome://extensions page. */
async function onExtensionsPage<R>(session: BrowserSession, fn: (id: string) => Promise<R>, id: string): Promise<R> {
  const page = await session.chromium!.newPage("chrome://extensions/");
  try {
    return await page.evaluate(fn, id);
  } finally {
    await page.close();
  }
}

/** Opens `url` in a new private window (from the extension); returns the window's id. */
export async function openPrivateWindow(session: BrowserSession, url: string): Promise<number> {
  return session.extension.evaluate(async (u) => (await chrome.windows.create({ incognito: true, url: u })).id!, url);
}

export async function closeWindow(session: BrowserSession, windowId: number): Promise<void> {
  await session.extension.evaluate((id) => chrome.windows.remove(id), windowId);
}

/** The ids of the open tabs of private windows. */
export async function privateTabIds(session: BrowserSession): Promise<number[]> {
  return session.extension.evaluate(async () => (await chrome.tabs.query({})).filter((t) => t.incognito).map((t) => t.id!));
}

/** What the privileged function above uses of Firefox's window scope. */
interface PrivilegedScope {
  ChromeUtils: {
    importESModule(url: string): {
      ExtensionPermissions: { add(id: string, perms: { permissions: string[]; origins: string[] }): Promise<void> };
      AddonManager: { getAddonByID(id: string): Promise<{ isActive: boolean; reload(): Promise<void> }> };
    };
  };
}
