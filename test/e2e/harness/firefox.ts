// Node (jest e2e): launches Firefox ESR through puppeteer-core over WebDriver BiDi, with or without the built
// add-on (installed temporarily from dist/firefox). BiDi cannot open moz-extension:// pages, so Firefox specs
// observe the add-on through web pages and peers.
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { existsSync } from "node:fs";
import path from "node:path";
import { assertManifestFilesExist } from "./manifest-check";
import { distFirefox, firefoxPath } from "./paths";

export interface FirefoxOptions {
  /** true (default): dist/firefox; false: no add-on; a string: that unpacked add-on. */
  extension?: boolean | string;
  /** Extra about:config preferences. */
  prefs?: Record<string, unknown>;
  /** The browser's environment (default: this process's), e.g. another HOME for a managed-storage manifest. */
  env?: Record<string, string | undefined>;
  /** Another launcher for Firefox (e.g. the policy sandbox's wrapper, harness/policy-sandbox.ts). */
  executablePath?: string;
}

export interface FirefoxSession {
  readonly browser: Browser;
  /** The add-on's id as Firefox installed it, or null without one. */
  readonly addonId: string | null;
  /** A new tab, optionally navigated to `url`. */
  newPage(url?: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxSession> {
  const extensionPath = options.extension === false ? null : path.resolve(typeof options.extension === "string" ? options.extension : distFirefox);
  if (extensionPath && !existsSync(path.join(extensionPath, "manifest.json"))) {
    throw new Error(`no built add-on at ${extensionPath}: run \`npm run build\` first`);
  }
  if (extensionPath) assertManifestFilesExist(extensionPath);
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: options.executablePath ?? firefoxPath,
    headless: true,
    ...(options.env ? { env: options.env } : {}),
    extraPrefsFirefox: {
      // Self-contained: no update checks, telemetry or remote settings (nothing can leave the namespace anyway).
      "app.update.enabled": false,
      "datareporting.policy.dataSubmissionEnabled": false,
      "toolkit.telemetry.enabled": false,
      "extensions.update.enabled": false,
      ...options.prefs,
    },
  });
  try {
    const addonId = extensionPath ? await browser.installExtension(extensionPath) : null;
    return {
      browser,
      addonId,
      async newPage(url) {
        const page = await browser.newPage();
        if (url) await page.goto(url);
        return page;
      },
      async close() {
        if (browser.connected) await browser.close();
      },
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
