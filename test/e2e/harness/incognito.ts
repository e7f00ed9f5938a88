// Node (jest e2e): private (incognito) windows in Chromium with the extension. An unpacked extension does not run in
// incognito until the user allows it: chrome://extensions does that through chrome.developerPrivate, which reloads
// the extension. Playwright's persistent context does not see pages of the incognito profile, so specs open a
// fixture page there from the service worker and read what it reports to the fixture server (pages/private-probe.html).
import type { ChromiumSession } from "./chromium";
import type { ExtensionHandle } from "./extension";
import { waitFor } from "./wait-for";

/** Allows the extension in incognito, as the user would on chrome://extensions, and waits for its worker again. */
export async function allowInIncognito(session: ChromiumSession, extension: ExtensionHandle): Promise<void> {
  const page = await session.newPage("chrome://extensions/");
  try {
    await page.evaluate(
      (id) =>
        (globalThis as unknown as { chrome: { developerPrivate: { updateExtensionConfiguration(u: object): Promise<void> } } }).chrome.developerPrivate.updateExtensionConfiguration({
          extensionId: id,
          incognitoAccess: true,
        }),
      extension.id,
    );
    const allowed = await waitFor(
      () => extension.evaluate(() => chrome.extension.isAllowedIncognitoAccess()),
      { timeout: 15_000, message: "the extension allowed in incognito" },
      (v) => v === true,
    );
    if (!allowed) throw new Error("incognito access not granted");
  } finally {
    await page.close();
  }
}

/** Opens `url` in a new incognito window (from the service worker); returns the window's id. */
export async function openIncognito(extension: ExtensionHandle, url: string): Promise<number> {
  return extension.evaluate(async (u) => (await chrome.windows.create({ incognito: true, url: u })).id!, url);
}

export async function closeWindow(extension: ExtensionHandle, windowId: number): Promise<void> {
  await extension.evaluate((id) => chrome.windows.remove(id), windowId);
}
