// Node (jest e2e): launches Firefox ESR through puppeteer-core over WebDriver BiDi, with or without the built
// add-on (from dist/firefox). BiDi refuses to navigate a tab to moz-extension://, so this harness reaches the
// add-on through Firefox's own window instead: started with -remote-allow-system-access, BiDi lists the browser
// window as a "chrome" context (browsingContext.getTree with "moz:scope": "chrome") and runs privileged script in
// it. From there it opens the add-on's pages in ordinary tabs (gBrowser.addTab with the system principal), which
// BiDi then drives like any page; it stops the add-on's background (Extension.terminateBackground, as Firefox's
// own tests do) and maps a tab to the id browser.tabs uses. Nothing of this is in the shipped add-on
// (docs/browser-facts.md, "Driving the add-on's pages in Firefox").
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertManifestFilesExist } from "./manifest-check";
import { distFirefox, firefoxPath } from "./paths";
import { waitFor } from "./wait-for";

export interface FirefoxOptions {
  /** true (default): dist/firefox; false: no add-on; a string: that unpacked add-on. */
  extension?: boolean | string;
  /** Extra about:config preferences. */
  prefs?: Record<string, unknown>;
  /** The browser's environment (default: this process's), e.g. another HOME for a managed-storage manifest. */
  env?: Record<string, string | undefined>;
  /** Another launcher for Firefox (e.g. the policy sandbox's wrapper, harness/policy-sandbox.ts). */
  executablePath?: string;
  /**
   * Installs the add-on permanently (an .xpi zipped from the directory, unsigned: ESR honours
   * xpinstall.signatures.required=false) so that restart() finds it again; a temporary add-on and its storage
   * are gone when Firefox quits. Default false (temporary, as `web-ext run` does).
   */
  restartable?: boolean;
}

export interface FirefoxSession {
  readonly browser: Browser;
  /** The add-on's id as Firefox installed it, or null without one. */
  readonly addonId: string | null;
  /** A new tab, optionally navigated to `url`. */
  newPage(url?: string): Promise<Page>;
  /**
   * Runs `fn` in the browser window's privileged scope (system principal: Services, gBrowser,
   * WebExtensionPolicy...). `fn` is sent as source: it sees only its JSON argument; the result is JSON.
   */
  chrome<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** moz-extension://UUID (the add-on's origin in this profile). */
  extensionOrigin(): Promise<string>;
  /**
   * Opens `path` of the add-on (e.g. "popup/popup.html?tabId=3") in a new tab, loaded, as a page BiDi drives. In front
   * (as a page a person opens is) unless `front` is false: a popup overlays its page, which stays in front.
   */
  openExtensionPage(pathAndQuery: string, options?: { front?: boolean }): Promise<Page>;
  /** A tab already showing `path` of the add-on (e.g. one the add-on opened itself), loaded, or null. */
  findExtensionPage(pathAndQuery: string): Promise<Page | null>;
  /** Navigates the tab of `page` to `path` of the add-on (as the add-on's own tabs.update would), once loaded. */
  gotoExtensionPage(page: Page, pathAndQuery: string): Promise<void>;
  /** The id browser.tabs gives the tab of `page`. */
  tabIdOf(page: Page): Promise<number>;
  /** What prefers-color-scheme answers in the tab of `page` (its browsing context's override, as devtools sets it). */
  emulateColorScheme(page: Page, scheme: "light" | "dark"): Promise<void>;
  /** Terminates the add-on's background (an event page); it starts again on the next event. */
  stopBackground(): Promise<void>;
  /** Quits Firefox and starts it again on the same profile (restartable sessions only); this session is then closed. */
  restart(): Promise<FirefoxSession>;
  close(): Promise<void>;
}

/** Preferences every session gets (specs add their own). */
const BASE_PREFS: Record<string, unknown> = {
  // Self-contained: no update checks, telemetry or remote settings (nothing can leave the namespace anyway).
  "app.update.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "toolkit.telemetry.enabled": false,
  "extensions.update.enabled": false,
  // An unsigned .xpi (restartable sessions): ESR allows it with this preference.
  "xpinstall.signatures.required": false,
};

/** What the specs of the browser dimension run with (harness/browser-session.ts), as Chromium's flags do there. */
export const SPEC_PREFS: Record<string, unknown> = {
  // Host candidates as plain addresses: both peers are on this machine, with no mDNS responder here.
  "media.peerconnection.ice.obfuscate_host_addresses": false,
  // The fake camera and microphone, without a permission prompt (Chromium: --use-fake-device-for-media-stream).
  "media.navigator.streams.fake": true,
  "media.navigator.permission.disabled": true,
  // Both ends of a call, a game or a transfer are foreground tabs on their own machines; here all but one are
  // background tabs, whose timers Firefox would otherwise stretch to a second.
  "dom.min_background_timeout_value": 4,
  "dom.min_background_timeout_value_without_budget_throttling": 4,
  "dom.timeout.enable_budget_timer_throttling": false,
};

/** Puppeteer's BiDi connection (not in its public types): for Firefox's own commands and parameters. */
const bidi = (browser: Browser) => (browser as unknown as { connection: { send(method: string, params: object): Promise<unknown> } }).connection;

function extensionPathOf(extension: FirefoxOptions["extension"]): string | null {
  if (extension === false) return null;
  const dir = path.resolve(typeof extension === "string" ? extension : distFirefox);
  if (!existsSync(path.join(dir, "manifest.json"))) throw new Error(`no built add-on at ${dir}: run \`npm run build\` first`);
  assertManifestFilesExist(dir);
  return dir;
}

/**
 * A warmed profile to copy: Firefox's first start on an empty profile spends seconds creating it (databases,
 * caches, the add-on registry), every launch again. The template is made once per Firefox binary (keyed by its
 * path, size and time, so an upgrade makes a new one), by one launch with the base preferences and no add-on, and
 * renamed into place whole so that two jest workers never see half of it. Spec preferences still come from each
 * launch's user.js, which Puppeteer writes over the copy.
 */
async function profileTemplate(executable: string): Promise<string> {
  const bin = statSync(executable);
  const key = `${path.resolve(executable)}-${bin.size}-${Math.floor(bin.mtimeMs)}`.replace(/[^\w.-]+/g, "_");
  const dir = path.join(os.tmpdir(), `seedgate-firefox-template-${key}`);
  if (existsSync(path.join(dir, "prefs.js"))) return dir;
  const building = mkdtempSync(path.join(os.tmpdir(), "seedgate-firefox-warming-"));
  try {
    const browser = await puppeteer.launch({ browser: "firefox", executablePath: executable, headless: true, userDataDir: building, extraPrefsFirefox: BASE_PREFS });
    await browser.close();
    renameSync(building, dir);
  } catch (err) {
    rmSync(building, { recursive: true, force: true });
    // Another worker renamed its template into place first: use that one.
    if (!existsSync(path.join(dir, "prefs.js"))) throw err;
  }
  return dir;
}

/** A new profile directory for one session: a copy of the warmed template (made by the plain firefoxPath, also
 * for sessions launched through a wrapper such as the policy sandbox, so no policy shapes the template). */
async function newProfile(): Promise<string> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "seedgate-firefox-"));
  // Not the template's lock (a live process may hold its pid, and Firefox would wait for it) nor its session.
  const skip = new Set(["lock", ".parentlock", "sessionstore.jsonlz4", "sessionstore-backups", "sessionCheckpoints.json"]);
  cpSync(await profileTemplate(firefoxPath), profile, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
  return profile;
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxSession> {
  const extensionPath = extensionPathOf(options.extension);
  const profile = await newProfile();
  try {
    return await launchOn(profile, extensionPath, options, true);
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

async function launchOn(profile: string, extensionPath: string | null, options: FirefoxOptions, install: boolean): Promise<FirefoxSession> {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: options.executablePath ?? firefoxPath,
    headless: true,
    userDataDir: profile,
    args: ["--remote-allow-system-access"],
    ...(options.env ? { env: options.env } : {}),
    extraPrefsFirefox: { ...BASE_PREFS, ...options.prefs },
  });
  // Puppeteer backs up a profile's prefs.js when it launches on one that has it (each copy of the template does)
  // and puts the backup back when Firefox quits: a restart would then lose what Firefox stored there, such as the
  // add-on's moz-extension UUID, and the add-on's background, cached with the old UUID, would not load. Without
  // the backups the profile keeps what Firefox wrote, as a person's profile does.
  for (const file of ["prefs.js.puppeteer", "user.js.puppeteer"]) rmSync(path.join(profile, file), { force: true });
  let closed = false;
  try {
    let addonId: string | null = null;
    if (extensionPath && install) {
      if (options.restartable) {
        const xpi = path.join(profile, "..", `${path.basename(profile)}.xpi`);
        execFileSync("zip", ["-qr", xpi, "."], { cwd: extensionPath });
        try {
          const reply = (await bidi(browser).send("webExtension.install", { extensionData: { type: "archivePath", path: xpi }, "moz:permanent": true })) as { result: { extension: string } };
          addonId = reply.result.extension;
        } finally {
          rmSync(xpi, { force: true });
        }
      } else {
        addonId = await browser.installExtension(extensionPath);
      }
    } else if (extensionPath) {
      addonId = ((await readManifestId(extensionPath)) ?? null);
    }

    let chromeContext: string | null = null;
    const chrome = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
      if (!chromeContext) {
        const tree = (await bidi(browser).send("browsingContext.getTree", { "moz:scope": "chrome" })) as {
          result: { contexts: { context: string; url: string }[] };
        };
        const top = tree.result.contexts.find((c) => c.url === "chrome://browser/content/browser.xhtml");
        if (!top) throw new Error("no browser window among BiDi's chrome contexts (is -remote-allow-system-access passed?)");
        chromeContext = top.context;
      }
      const reply = (await bidi(browser).send("script.callFunction", {
        functionDeclaration: `async (json) => JSON.stringify((await (${fn.toString()})(JSON.parse(json))) ?? null)`,
        arguments: [{ type: "string", value: JSON.stringify(arg ?? null) }],
        target: { context: chromeContext },
        awaitPromise: true,
        resultOwnership: "none",
      })) as { result: { type: string; result?: { value: string }; exceptionDetails?: { text: string } } };
      if (reply.result.type !== "success") throw new Error(`privileged script failed: ${reply.result.exceptionDetails?.text ?? JSON.stringify(reply.result)}`);
      return JSON.parse(reply.result.result!.value) as R;
    };

    const needAddon = (): string => {
      if (!addonId) throw new Error("this Firefox session was launched without the add-on");
      return addonId;
    };

    /** The BiDi context id of a Puppeteer page (its main frame's browsing context). */
    const contextIdOf = (page: Page) => (page.mainFrame() as unknown as { _id: string })._id;

    /**
     * The add-on page's URL once its document is loaded, else null. Puppeteer misses the navigation of a tab it did
     * not start (its url() stays about:blank): this asks the document itself, and makes url() answer from it.
     */
    const loadedExtensionPage = async (page: Page): Promise<string | null> => {
      const href = await page.evaluate(() => (location.protocol === "moz-extension:" && document.readyState === "complete" ? location.href : null)).catch(() => null);
      if (href) Object.defineProperty(page, "url", { value: () => href, configurable: true });
      return href;
    };

    /** Waits until `page` shows the add-on's `url`, loaded. */
    const loadedAt = (page: Page, url: string) =>
      waitFor(() => loadedExtensionPage(page), { timeout: 30_000, message: `${url} loaded` }, (h) => h !== null && new URL(h).href === new URL(url).href);

    const session: FirefoxSession = {
      browser,
      addonId,
      async newPage(url) {
        const page = await browser.newPage();
        if (url) await page.goto(url);
        return page;
      },
      chrome,
      async extensionOrigin() {
        const id = needAddon();
        return waitFor(
          () => chrome((addon) => (globalThis as unknown as ChromeScope).WebExtensionPolicy.getByID(addon)?.getURL("").replace(/\/$/, "") ?? null, id),
          { timeout: 30_000, message: `the add-on ${id} enabled` },
        ) as Promise<string>;
      },
      async openExtensionPage(pathAndQuery, { front = true } = {}) {
        const origin = await session.extensionOrigin();
        const url = `${origin}/${pathAndQuery.replace(/^\//, "")}`;
        const contextId = await chrome(
          ([u, select]) => {
            const { gBrowser, Services, ChromeUtils } = globalThis as unknown as ChromeScope;
            const tab = gBrowser.addTab(u, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
            // Firefox throttles a background tab's timers and scroll events: the tab a person looks at is in front.
            if (select) gBrowser.selectedTab = tab;
            const { NavigableManager } = ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");
            return NavigableManager!.getIdForBrowser!(tab.linkedBrowser) as string;
          },
          [url, front] as const,
        );
        const page = await waitFor(
          async () => (await browser.pages()).find((p) => contextIdOf(p) === contextId),
          { timeout: 10_000, message: `a tab for ${url}` },
        ).catch(() => undefined);
        if (page) {
          await loadedAt(page, url);
          return page;
        }
        // Now and then (about once in a CI run, under load) Puppeteer never hears of a tab the browser opened: its
        // page never appears. Close that tab and open the page in one Puppeteer made itself.
        await chrome((ctx) => {
          const { gBrowser, ChromeUtils } = globalThis as unknown as ChromeScope;
          const { NavigableManager } = ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");
          const context = NavigableManager!.getBrowsingContextById!(ctx) as { top: { embedderElement: unknown } } | null;
          const tab = context && gBrowser.getTabForBrowser(context.top.embedderElement);
          if (tab) gBrowser.removeTab(tab);
        }, contextId);
        const fresh = await browser.newPage();
        await session.gotoExtensionPage(fresh, pathAndQuery);
        return fresh;
      },
      async findExtensionPage(pathAndQuery) {
        const url = `${await session.extensionOrigin()}/${pathAndQuery.replace(/^\//, "")}`;
        for (const page of await browser.pages()) if ((await loadedExtensionPage(page)) === url) return page;
        return null;
      },
      async emulateColorScheme(page, scheme) {
        await chrome(
          ([ctx, value]) => {
            const { NavigableManager } = (globalThis as unknown as ChromeScope).ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");
            const context = NavigableManager!.getBrowsingContextById!(ctx) as { top: { prefersColorSchemeOverride: string } } | null;
            if (!context) throw new Error(`no browsing context ${ctx}`);
            context.top.prefersColorSchemeOverride = value;
          },
          [contextIdOf(page), scheme] as const,
        );
        await waitFor(() => page.evaluate((s) => matchMedia(`(prefers-color-scheme: ${s})`).matches, scheme), { timeout: 10_000, message: `prefers-color-scheme: ${scheme}` }, (yes) => yes);
      },
      async gotoExtensionPage(page, pathAndQuery) {
        const url = `${await session.extensionOrigin()}/${pathAndQuery.replace(/^\//, "")}`;
        await chrome(
          ([ctx, u]) => {
            const { Services, ChromeUtils } = globalThis as unknown as ChromeScope;
            const { NavigableManager } = ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");
            const browsingContext = NavigableManager!.getBrowsingContextById!(ctx) as { top: { embedderElement: { loadURI(uri: unknown, o: object): void } } } | null;
            if (!browsingContext) throw new Error(`no tab for BiDi context ${ctx}`);
            browsingContext.top.embedderElement.loadURI(Services.io.newURI(u), { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
          },
          [contextIdOf(page), url] as const,
        );
        await loadedAt(page, url);
      },
      async tabIdOf(page) {
        const id = contextIdOf(page);
        return chrome((ctx) => {
          const { gBrowser, ChromeUtils } = globalThis as unknown as ChromeScope;
          const { NavigableManager } = ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");
          const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
          const browsingContext = NavigableManager!.getBrowsingContextById!(ctx) as { top: { embedderElement: unknown } } | null;
          const tab = browsingContext && gBrowser.getTabForBrowser(browsingContext.top.embedderElement);
          if (!tab) throw new Error(`no tab for BiDi context ${ctx}`);
          const tracker = (ExtensionParent as unknown as { apiManager: { global: { tabTracker: { getId(t: unknown): number } } } }).apiManager.global.tabTracker;
          return tracker.getId(tab);
        }, id);
      },
      async stopBackground() {
        const state = await chrome(async (addon) => {
          const extension = (globalThis as unknown as ChromeScope).WebExtensionPolicy.getByID(addon)!.extension;
          await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
          return extension.backgroundState;
        }, needAddon());
        if (state !== "stopped") throw new Error(`the add-on's background is ${state} after terminateBackground`);
      },
      async restart() {
        if (!options.restartable) throw new Error("restart() needs a session launched with { restartable: true }");
        closed = true;
        await browser.close();
        return launchOn(profile, extensionPath, options, false);
      },
      async close() {
        if (closed) return;
        closed = true;
        if (browser.connected) await browser.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
    return session;
  } catch (err) {
    await browser.close();
    throw err;
  }
}

async function readManifestId(extensionPath: string): Promise<string | undefined> {
  const { readFile } = await import("node:fs/promises");
  const manifest = JSON.parse(await readFile(path.join(extensionPath, "manifest.json"), "utf8")) as { browser_specific_settings?: { gecko?: { id?: string } } };
  return manifest.browser_specific_settings?.gecko?.id;
}

/** What the privileged functions passed to chrome() use of Firefox's window scope, typed just enough. */
interface ChromeScope {
  WebExtensionPolicy: {
    getByID(id: string): { getURL(path: string): string; extension: { terminateBackground(o: object): Promise<void>; backgroundState: string } } | null;
  };
  gBrowser: {
    addTab(url: string, options: { triggeringPrincipal: unknown }): { linkedBrowser: unknown };
    selectedTab: unknown;
    getTabForBrowser(browser: unknown): unknown;
    removeTab(tab: unknown): void;
  };
  Services: { scriptSecurityManager: { getSystemPrincipal(): unknown }; io: { newURI(url: string): unknown } };
  ChromeUtils: { importESModule(url: string): Record<string, Record<string, (...args: unknown[]) => unknown>> };
}
