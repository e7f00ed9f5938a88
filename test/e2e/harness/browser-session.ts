// Node (jest e2e): the browser dimension. One interface over Chromium (playwright-core, harness/chromium.ts and
// harness/extension.ts) and Firefox ESR (puppeteer-core over WebDriver BiDi, harness/firefox.ts), so one spec file
// runs in both: tabs, the extension's own pages (popup, options), its requests (shared/ui-messages), code run with
// its APIs, badges, tab ids, stopping its background, and a restart on the same profile.
import type { Page as PlaywrightPage } from "playwright-core";
import type { Page as PuppeteerPage } from "puppeteer-core";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { UiReply, UiRequest } from "../../../extension/shared/ui-messages";
import { launchChromium, type ChromiumSession } from "./chromium";
import { extensionOf, type Badge, type ExtensionHandle, type ExtensionManifest } from "./extension";
import { launchFirefox, SPEC_PREFS, type FirefoxSession } from "./firefox";
import { distFirefox } from "./paths";

export type BrowserKind = "chromium" | "firefox";

/**
 * What specs use of a tab. Playwright's and Puppeteer's pages both have these with the same call shapes
 * (evaluate takes one serializable argument, or a script's source); setViewport and emulateColorScheme are added
 * to each page by this file (Playwright names and shapes them otherwise; Puppeteer's media emulation is CDP-only).
 * Anything else is browser-specific and goes through the session.
 */
export interface TestPage {
  goto(url: string): Promise<unknown>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Runs a script's source in the page (both drivers evaluate it past the page's CSP). */
  evaluate<R = unknown>(source: string): Promise<R>;
  url(): string;
  bringToFront(): Promise<void>;
  reload(): Promise<unknown>;
  close(): Promise<void>;
  isClosed(): boolean;
  /**
   * Real key presses, as the browser delivers a user's (Playwright's keyboard over CDP; Puppeteer's over BiDi's
   * input.performActions): default actions follow (Tab moves focus, Enter and Space activate). Key names as
   * KeyboardEvent.key ("Enter", "ArrowDown", "Shift"; a space is " "); harness/keyboard.ts's press() also takes
   * "Space" and chords ("Shift+Tab"). type() types text.
   */
  readonly keyboard: { press(key: string): Promise<void>; down(key: string): Promise<void>; up(key: string): Promise<void>; type(text: string): Promise<void> };
  /** A PNG of the viewport, or of the whole page with fullPage (for people to look at: harness/axe.ts's shot()). */
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  /** The viewport's size in CSS pixels. */
  setViewport(size: { width: number; height: number }): Promise<void>;
  /** What the page's prefers-color-scheme media queries answer. */
  emulateColorScheme(scheme: "light" | "dark"): Promise<void>;
}

export interface BrowserOptions {
  /** Default true; false: the browser alone (the fixtures' own specs), and `extension` throws when used. */
  extension?: boolean;
  /** Chromium: extra command-line flags. */
  chromiumArgs?: string[];
  /** Firefox: extra about:config preferences. */
  firefoxPrefs?: Record<string, unknown>;
  /** Firefox: install the add-on so that it survives restart() (see harness/firefox.ts). */
  restartable?: boolean;
  /** Another launcher for the browser (e.g. the policy sandbox's wrapper, harness/policy-sandbox.ts). */
  executablePath?: string;
}

/** The extension as a spec reaches it, in either browser. */
export interface ExtensionApi {
  /** chrome-extension://ID or moz-extension://UUID */
  readonly origin: string;
  readonly manifest: ExtensionManifest;
  /** A request of the popup or options page (shared/ui-messages), sent from a real extension page. */
  send<R extends UiRequest>(req: R): Promise<UiReply[R["type"]]>;
  /**
   * Runs `fn` with the extension's APIs (`chrome.*`): in Chromium in its service worker; in Firefox in an
   * extension page (BiDi has no handle on the background page), which has the same APIs and storage.
   */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  badge(tabId: number): Promise<Badge>;
  tabIdOf(page: TestPage): Promise<number>;
  /** Opens `path` of the extension (e.g. "popup/popup.html?tabId=3") in a new tab. */
  openPage(pathAndQuery: string): Promise<TestPage>;
  /** The popup for a tab, in a tab of its own (as the Chromium specs always did). */
  openPopup(tabId: number): Promise<TestPage>;
  openOptions(): Promise<TestPage>;
  /** A tab already showing `path` of the extension (e.g. a page the extension opened itself), or null. */
  findPage(pathAndQuery: string): Promise<TestPage | null>;
  /** Navigates the tab of `page` to `path` of the extension (Firefox: from its privileged scope; BiDi refuses it). */
  navigate(page: TestPage, pathAndQuery: string): Promise<void>;
  /** Stops the background (Chromium: the service worker, over CDP; Firefox: the event page). */
  stopBackground(): Promise<void>;
}

export interface BrowserSession {
  readonly kind: BrowserKind;
  readonly extension: ExtensionApi;
  /**
   * A new tab, optionally navigated to `url` and loaded; `{ waitUntil: "commit" }` returns once the document is
   * there (Firefox: parsed) without waiting for its subresources and frames.
   */
  newPage(url?: string, options?: { waitUntil?: "commit" }): Promise<TestPage>;
  /** Every open tab. */
  pages(): Promise<TestPage[]>;
  /** Quits and starts the browser again on the same profile; this session is then closed. */
  restart(): Promise<BrowserSession>;
  close(): Promise<void>;
  /** The underlying session, for what only one browser has (e.g. CDP). */
  readonly chromium: ChromiumSession | null;
  readonly firefox: FirefoxSession | null;
}

export async function launchBrowser(kind: BrowserKind, options: BrowserOptions = {}): Promise<BrowserSession> {
  const extension = options.extension ?? true;
  return kind === "chromium"
    ? wrapChromium(await launchChromium({ extension, args: options.chromiumArgs, executablePath: options.executablePath }), options)
    : wrapFirefox(await launchFirefox({ extension, prefs: { ...SPEC_PREFS, ...options.firefoxPrefs }, restartable: options.restartable, executablePath: options.executablePath }), options);
}

/** The extension of a session launched without one: every use says so. */
const NO_EXTENSION = new Proxy({} as ExtensionApi, {
  get(_target, key) {
    throw new Error(`this browser was launched without the extension (extension.${String(key)})`);
  },
});

/** A Playwright page as a TestPage (with what Playwright names otherwise). */
function chromiumPage(page: PlaywrightPage): TestPage {
  return Object.assign(page, {
    setViewport: (size: { width: number; height: number }) => page.setViewportSize(size),
    emulateColorScheme: (colorScheme: "light" | "dark") => page.emulateMedia({ colorScheme }),
  }) as unknown as TestPage;
}

/** A Puppeteer page (Firefox) as a TestPage: its own setViewport; the colour scheme through the session. */
function firefoxPage(session: FirefoxSession, page: PuppeteerPage): TestPage {
  return Object.assign(page, {
    emulateColorScheme: (scheme: "light" | "dark") => session.emulateColorScheme(page, scheme),
  }) as unknown as TestPage;
}

/** The open pages of either browser. */
function pagesOf(kind: BrowserKind, session: ChromiumSession | FirefoxSession): () => Promise<TestPage[]> {
  if (kind === "chromium") return async () => (session as ChromiumSession).context.pages().map(chromiumPage);
  const firefox = session as FirefoxSession;
  return async () => (await firefox.browser.pages()).map((p) => firefoxPage(firefox, p));
}

function bare(kind: BrowserKind, session: ChromiumSession | FirefoxSession): BrowserSession {
  return {
    kind,
    extension: NO_EXTENSION,
    newPage: async (url) =>
      kind === "chromium" ? chromiumPage(await (session as ChromiumSession).newPage(url)) : firefoxPage(session as FirefoxSession, await (session as FirefoxSession).newPage(url)),
    pages: pagesOf(kind, session),
    restart: () => Promise.reject(new Error("restart() needs the extension's session")),
    close: () => session.close(),
    chromium: kind === "chromium" ? (session as ChromiumSession) : null,
    firefox: kind === "firefox" ? (session as FirefoxSession) : null,
  };
}

/**
 * One extension page, opened on first use and reopened when it was closed or died: a reload of the extension
 * (allowing it in private windows does one, harness/incognito.ts) leaves its open pages without chrome.runtime.
 */
function extensionPage(open: () => Promise<TestPage>) {
  let page: TestPage | null = null;
  return async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
    for (let attempt = 1; ; attempt++) {
      if (!page || page.isClosed()) page = await open();
      const alive = await page.evaluate(() => typeof chrome === "object" && Boolean(chrome.runtime?.id)).catch(() => false);
      if (alive) return page.evaluate(fn, arg);
      await page.close().catch(() => {});
      page = null;
      if (attempt === 3) throw new Error("the extension's page has no chrome.runtime, even freshly opened (is the extension loaded?)");
    }
  };
}

/** A channel to the background from one extension page (see extensionPage). */
function messenger(open: () => Promise<TestPage>) {
  const onPage = extensionPage(open);
  // Right after a (re)start the background may not listen yet ("Receiving end does not exist"): ask again for a while.
  return async <R extends UiRequest>(req: R): Promise<UiReply[R["type"]]> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        return (await onPage((r) => chrome.runtime.sendMessage(r), req as never)) as never;
      } catch (err) {
        if (!/Receiving end does not exist/.test(String(err)) || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
}

async function wrapChromium(session: ChromiumSession, options: BrowserOptions): Promise<BrowserSession> {
  if (options.extension === false) return bare("chromium", session);
  let handle: ExtensionHandle;
  try {
    handle = await extensionOf(session);
  } catch (err) {
    await session.close();
    throw err;
  }
  const asTest = chromiumPage;
  const openPage = async (pathAndQuery: string) => asTest(await session.newPage(`${handle.origin}/${pathAndQuery.replace(/^\//, "")}`));
  const extension: ExtensionApi = {
    origin: handle.origin,
    manifest: handle.manifest,
    send: messenger(() => openPage(handle.manifest.options_ui?.page ?? "options/options.html")),
    evaluate: (fn, arg) => handle.evaluate(fn, arg),
    badge: (tabId) => handle.badge(tabId),
    tabIdOf: (page) => handle.tabIdOf(page as unknown as PlaywrightPage),
    openPage,
    openPopup: async (tabId) => asTest(await handle.openPopup(tabId)),
    openOptions: () => openPage(handle.manifest.options_ui?.page ?? "options/options.html"),
    async findPage(pathAndQuery) {
      const url = `${handle.origin}/${pathAndQuery.replace(/^\//, "")}`;
      const page = session.context.pages().find((p) => p.url() === url);
      return page ? asTest(page) : null;
    },
    navigate: async (page, pathAndQuery) => {
      await (page as unknown as PlaywrightPage).goto(`${handle.origin}/${pathAndQuery.replace(/^\//, "")}`);
    },
    stopBackground: () => handle.stopServiceWorker(),
  };
  return {
    kind: "chromium",
    extension,
    async newPage(url, { waitUntil } = {}) {
      const page = await session.newPage();
      if (url) await page.goto(url, waitUntil ? { waitUntil } : {});
      return asTest(page);
    },
    pages: pagesOf("chromium", session),
    restart: async () => wrapChromium(await session.restart(), options),
    close: () => session.close(),
    chromium: session,
    firefox: null,
  };
}

async function wrapFirefox(session: FirefoxSession, options: BrowserOptions): Promise<BrowserSession> {
  if (options.extension === false) return bare("firefox", session);
  let origin: string;
  try {
    origin = await session.extensionOrigin();
  } catch (err) {
    await session.close();
    throw err;
  }
  // What was asked to load (Firefox serves manifest.json through its JSON viewer, not as data).
  const manifest = JSON.parse(readFileSync(path.join(distFirefox, "manifest.json"), "utf8")) as ExtensionManifest;
  const asTest = (p: PuppeteerPage) => firefoxPage(session, p);
  const openPage = async (pathAndQuery: string) => asTest(await session.openExtensionPage(pathAndQuery));
  const optionsPath = manifest.options_ui?.page ?? "options/options.html";
  // One extension page kept for evaluate (send has its own, so a spec's evaluate never races a UI request).
  const onApiPage = extensionPage(() => openPage(optionsPath));
  const extension: ExtensionApi = {
    origin,
    manifest,
    send: messenger(() => openPage(optionsPath)),
    evaluate: (fn, arg) => onApiPage(fn, arg),
    async badge(tabId) {
      return extension.evaluate(
        async (tab) => {
          const color = await chrome.action.getBadgeBackgroundColor({ tabId: tab });
          return { text: await chrome.action.getBadgeText({ tabId: tab }), color: [...color] as [number, number, number, number] };
        },
        tabId,
      );
    },
    tabIdOf: (page) => session.tabIdOf(page as unknown as PuppeteerPage),
    openPage,
    // A popup overlays its page, which stays in front (and unthrottled) as it does for a person.
    openPopup: async (tabId) => asTest(await session.openExtensionPage(`${manifest.action?.default_popup ?? "popup/popup.html"}?tabId=${tabId}`, { front: false })),
    openOptions: () => openPage(optionsPath),
    async findPage(pathAndQuery) {
      const page = await session.findExtensionPage(pathAndQuery);
      return page ? asTest(page) : null;
    },
    navigate: (page, pathAndQuery) => session.gotoExtensionPage(page as unknown as PuppeteerPage, pathAndQuery),
    stopBackground: () => session.stopBackground(),
  };
  return {
    kind: "firefox",
    extension,
    async newPage(url, { waitUntil } = {}) {
      const page = await session.newPage();
      // BiDi's "interactive" (DOMContentLoaded) is the earliest point Puppeteer waits for.
      if (url) await page.goto(url, waitUntil ? { waitUntil: "domcontentloaded" } : {});
      return asTest(page);
    },
    pages: pagesOf("firefox", session),
    restart: async () => wrapFirefox(await session.restart(), options),
    close: () => session.close(),
    chromium: null,
    firefox: session,
  };
}
