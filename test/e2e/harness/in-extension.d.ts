// Types only, for callbacks that run inside the extension's service worker (ExtensionHandle.evaluate): there
// `chrome.*` is Chromium's promise-based API, which matches webextension-polyfill's `Browser` for what specs use.
import type { Browser } from "webextension-polyfill";

declare global {
  const chrome: Browser;
}
