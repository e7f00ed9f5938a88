// Node (jest e2e): the browser dimension of the compatibility corpus. One interface over Chromium (playwright-core)
// and Firefox ESR (puppeteer-core, WebDriver BiDi), with or without Seedgate, with the fake camera and microphone,
// and with per-site modes set before the first page opens:
// - Chromium: as a user would, through the options page's requests (harness/ui.ts);
// - Firefox: BiDi cannot open the add-on's pages, so the modes are an enterprise policy in storage.managed, which
//   Firefox reads from a native manifest in $HOME/.mozilla/managed-storage/<add-on id>.json: the browser runs with
//   its own HOME (a temporary directory). The policy outranks the user's choice; the guard enforces it the same way.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Mode } from "../../../extension/shared/status";
import { launchChromium } from "./chromium";
import { extensionOf } from "./extension";
import { launchFirefox } from "./firefox";
import { openUi } from "./ui";
import { geckoId } from "./paths";

export type BrowserKind = "chromium" | "firefox";
export const BROWSERS: readonly BrowserKind[] = ["chromium", "firefox"];

/** What the specs use of a tab; Playwright's and Puppeteer's pages both have it. */
export interface CompatPage {
  goto(url: string): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
  on(event: "console", listener: (message: { text(): string }) => void): unknown;
}

/** A tab and the text of every console message it printed since it opened. */
export interface OpenedPage extends CompatPage {
  readonly console: readonly string[];
}

async function opened(page: CompatPage, url: string): Promise<OpenedPage> {
  const console: string[] = [];
  page.on("console", (m) => console.push(m.text()));
  await page.goto(url);
  return Object.assign(page, { console });
}

export interface CompatBrowser {
  readonly kind: BrowserKind;
  readonly withExtension: boolean;
  newPage(url: string): Promise<OpenedPage>;
  close(): Promise<void>;
}

const GECKO_ID = geckoId;

const FIREFOX_PREFS = {
  // Host candidates as plain addresses: both peers are on this machine, with no mDNS responder here.
  "media.peerconnection.ice.obfuscate_host_addresses": false,
  "media.navigator.streams.fake": true,
  "media.navigator.permission.disabled": true,
  // Tabs in the background keep their timers (a swarm runs in several tabs).
  "dom.min_background_timeout_value": 4,
};

const CHROMIUM_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"];

export async function launchCompat(kind: BrowserKind, { extension, modes = {} }: { extension: boolean; modes?: Record<string, Mode> }): Promise<CompatBrowser> {
  if (kind === "chromium") {
    const session = await launchChromium({ extension, args: CHROMIUM_ARGS });
    try {
      if (extension) {
        const ui = await openUi(session, await extensionOf(session));
        for (const [site, mode] of Object.entries(modes)) await ui.send({ type: "site/set-mode", site, mode });
        await ui.close();
      }
    } catch (err) {
      await session.close();
      throw err;
    }
    return {
      kind,
      withExtension: extension,
      newPage: async (url) => opened((await session.newPage()) as unknown as CompatPage, url),
      close: () => session.close(),
    };
  }
  const home = await mkdtemp(path.join(os.tmpdir(), "seedgate-firefox-home-"));
  const managed = path.join(home, ".mozilla", "managed-storage");
  await mkdir(managed, { recursive: true });
  if (extension && Object.keys(modes).length) {
    const manifest = { name: GECKO_ID, description: "Seedgate compatibility corpus", type: "storage", data: { sites: modes } };
    await writeFile(path.join(managed, `${GECKO_ID}.json`), JSON.stringify(manifest));
  }
  const firefox = await launchFirefox({ extension, prefs: FIREFOX_PREFS, env: { ...process.env, HOME: home } }).catch(async (err: unknown) => {
    await rm(home, { recursive: true, force: true });
    throw err;
  });
  return {
    kind,
    withExtension: extension,
    newPage: async (url) => opened((await firefox.newPage()) as unknown as CompatPage, url),
    async close() {
      await firefox.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** What a new RTCPeerConnection throws in the page now (its error's name), or null if it could be made. */
export function peerConnectionError(page: CompatPage): Promise<string | null> {
  return page.evaluate(() => {
    try {
      new RTCPeerConnection({ iceServers: [] }).close();
      return null;
    } catch (err) {
      return (err as Error).name;
    }
  }, undefined);
}
