// Node (jest e2e): reaches the extension loaded in a ChromiumSession: its service worker and id, badges,
// the tab id of a page, the popup for a tab, and stopping the worker (durability tests).
import type { CDPSession, Page, Worker } from "playwright-core";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ChromiumSession } from "./chromium";
import { waitFor } from "./wait-for";

export interface Badge {
  text: string;
  /** RGBA, as chrome.action.getBadgeBackgroundColor answers. */
  color: [number, number, number, number];
}

export interface ExtensionHandle {
  readonly id: string;
  readonly origin: string;
  /** dist/chrome/manifest.json as read from disk (what was asked to load). */
  readonly manifest: ExtensionManifest;
  /** The service worker, started (see wake) if it is not running. */
  worker(options?: { timeout?: number }): Promise<Worker>;
  /** Whether the service worker runs now (asked of CDP's target list). */
  running(): Promise<boolean>;
  /** Runs `fn` in the service worker (starting it if needed); `chrome` is typed there (in-extension.d.ts). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  badge(tabId: number): Promise<Badge>;
  tabIdOf(page: Page): Promise<number>;
  /** chrome-extension://ID/<action.default_popup>?tabId=N */
  popupUrl(tabId: number): string;
  openPopup(tabId: number): Promise<Page>;
  /** Stops the extension's service worker (CDP ServiceWorker.stopAllWorkers); resolves once CDP reports it stopped. */
  stopServiceWorker(): Promise<void>;
  /** Starts the stopped worker again by posting it a message from an extension page. */
  wake(): Promise<Worker>;
}

export interface ExtensionManifest {
  name: string;
  version: string;
  action?: { default_popup?: string };
  background?: { service_worker?: string };
  options_ui?: { page?: string };
  [key: string]: unknown;
}

/**
 * Chromium's id for an unpacked extension: from the manifest's "key" when it has one, else from its
 * absolute path; the first 128 bits of the SHA-256 written with the letters a-p.
 */
export function extensionIdFor(extensionPath: string, manifest: { [field: string]: unknown }): string {
  const source = typeof manifest.key === "string" ? Buffer.from(manifest.key, "base64") : path.resolve(extensionPath);
  const hex = createHash("sha256").update(source).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join("");
}

/** Finds the extension of a session launched with one and waits for its service worker. */
export async function extensionOf(session: ChromiumSession, { timeout = 15_000 } = {}): Promise<ExtensionHandle> {
  const { context, extensionPath } = session;
  if (!extensionPath) throw new Error("this Chromium session was launched without the extension");
  const manifest = JSON.parse(readFileSync(path.join(extensionPath, "manifest.json"), "utf8")) as ExtensionManifest;
  const id = extensionIdFor(extensionPath, manifest);
  const origin = `chrome-extension://${id}`;
  const popupPath = manifest.action?.default_popup;
  const browser = context.browser();
  if (!browser) throw new Error("no browser behind this context");
  const cdp = await browser.newBrowserCDPSession();

  // Playwright keeps one Worker object per extension worker and rebinds it when the worker starts again,
  // but it does not notice a stop (evaluate then hangs): whether it runs is asked of CDP's target list.
  const running = async () =>
    (await cdp.send("Target.getTargets")).targetInfos.some((t) => t.type === "service_worker" && t.url.startsWith(`${origin}/`));
  const playwrightWorker = () => context.serviceWorkers().find((w) => w.url().startsWith(`${origin}/`));

  /** Runs `fn` with a CDP session on a page of the extension's own origin. */
  async function onExtensionPage<R>(fn: (page: Page, session: CDPSession) => Promise<R>): Promise<R> {
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/manifest.json`).catch((err: Error) => {
        // ERR_BLOCKED_BY_CLIENT: no extension with this id is installed and enabled.
        throw new Error(`the extension ${origin} is not loaded (did Chromium refuse its manifest?): ${err.message.split("\n")[0]}`);
      });
      const session = await context.newCDPSession(page);
      return await fn(page, session);
    } finally {
      await page.close();
    }
  }

  const handle: ExtensionHandle = {
    id,
    origin,
    manifest,
    running,
    async worker({ timeout: t = timeout } = {}) {
      // The worker starts when the extension is installed; after a stop or a restart it waits for an event.
      const started = await waitFor(running, { timeout: 2_000 }).catch(() => false);
      if (!started) await handle.wake();
      return waitFor(playwrightWorker, { timeout: t, message: `service worker of ${origin}` }) as Promise<Worker>;
    },
    async evaluate(fn, arg) {
      const worker = await handle.worker();
      // Arguments are plain serializable data here, so Playwright's unboxing leaves them as they are.
      return worker.evaluate(fn as (arg: unknown) => Awaited<ReturnType<typeof fn>>, arg as unknown);
    },
    async badge(tabId) {
      return handle.evaluate(
        async (tab) => ({
          text: await chrome.action.getBadgeText({ tabId: tab }),
          color: await chrome.action.getBadgeBackgroundColor({ tabId: tab }),
        }),
        tabId,
      );
    },
    async tabIdOf(page) {
      return tabIdOf(handle, page);
    },
    popupUrl(tabId) {
      if (!popupPath) throw new Error("the manifest has no action.default_popup");
      return `${origin}/${popupPath.replace(/^\//, "")}?tabId=${tabId}`;
    },
    async openPopup(tabId) {
      const page = await context.newPage();
      await page.goto(handle.popupUrl(tabId));
      return page;
    },
    async stopServiceWorker() {
      // The ServiceWorker domain only reaches workers of its page's storage partition: use an extension page.
      // Done when CDP reports our version "stopped"; something may start it again at once (a content script
      // reconnecting), so "not running" is not what to wait for.
      await onExtensionPage(async (_page, session) => {
        let stopped = false;
        session.on("ServiceWorker.workerVersionUpdated", ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(`${origin}/`) && v.runningStatus === "stopped")) stopped = true;
        });
        await session.send("ServiceWorker.enable");
        await session.send("ServiceWorker.stopAllWorkers");
        await waitFor(() => stopped, { timeout, message: "service worker to stop" });
      });
    },
    async wake() {
      // A message event starts a stopped worker whatever listeners it has, without sending the
      // background anything of its own protocol.
      await onExtensionPage(async (page) => {
        await page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          if (!registration?.active) throw new Error("no active service worker registration for the extension");
          registration.active.postMessage("seedgate-e2e-wake");
        });
      });
      await waitFor(running, { timeout, message: "service worker to start" });
      return waitFor(playwrightWorker, { timeout, message: `service worker of ${origin}` }) as Promise<Worker>;
    },
  };
  await handle.worker();
  return handle;
}

/**
 * The chrome.tabs id of a Playwright page. The extension has no "tabs" permission, so chrome.tabs.query
 * answers without url or title, and tab order does not follow page creation. CDP gives the page's window
 * (Browser.getWindowForTarget: the same id chrome.windows uses); if the window holds several tabs, the
 * page is brought to the front and the window's active tab is the one. Side effect: the page becomes active.
 */
async function tabIdOf(extension: ExtensionHandle, page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  let windowId: number;
  try {
    ({ windowId } = await cdp.send("Browser.getWindowForTarget"));
  } finally {
    await cdp.detach();
  }
  const inWindow = await extension.evaluate((w) => chrome.tabs.query({ windowId: w }), windowId);
  const only = inWindow.length === 1 ? inWindow[0] : undefined;
  if (only?.id !== undefined) return only.id;
  await page.bringToFront();
  const active = await waitFor(
    () => extension.evaluate((w) => chrome.tabs.query({ windowId: w, active: true }), windowId),
    { timeout: 5_000, message: "active tab after bringToFront" },
    (tabs) => tabs.length === 1,
  );
  const id = active[0]?.id;
  if (id === undefined) throw new Error("the active tab has no id");
  return id;
}
