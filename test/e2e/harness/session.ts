// Node (jest e2e): the usual setup of a spec: one Chromium with the built extension (and, on demand, the fixture
// server, the demo site and the UI channel) for the whole file, closed after it. Call at the top level of a spec file.
import { launchChromium, type ChromiumSession } from "./chromium";
import { extensionOf, type ExtensionHandle } from "./extension";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { startDemoServer, type DemoServer } from "./demo-server";
import { openUi, type Ui } from "./ui";
import { launchBrowser, type BrowserKind, type BrowserOptions, type BrowserSession, type ExtensionApi } from "./browser-session";

export interface SpecSession {
  readonly browser: ChromiumSession;
  readonly extension: ExtensionHandle;
  readonly server: FixtureServer;
  readonly demo: DemoServer;
  readonly ui: Ui;
}

export function useExtensionSession({ server: withServer = true, demo: withDemo = false, ui: withUi = false } = {}): SpecSession {
  let browser: ChromiumSession | undefined;
  let extension: ExtensionHandle | undefined;
  let server: FixtureServer | undefined;
  let demo: DemoServer | undefined;
  let ui: Ui | undefined;
  beforeAll(async () => {
    [browser, server, demo] = await Promise.all([
      launchChromium(),
      withServer ? startFixtureServer() : Promise.resolve(undefined),
      withDemo ? startDemoServer() : Promise.resolve(undefined),
    ]);
    extension = await extensionOf(browser);
    if (withUi) ui = await openUi(browser, extension);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await demo?.close();
  });
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`useExtensionSession: no ${what} (not started, or not asked for)`);
    return v;
  };
  return {
    get browser() {
      return need(browser, "browser");
    },
    get extension() {
      return need(extension, "extension");
    },
    get server() {
      return need(server, "fixture server");
    },
    get demo() {
      return need(demo, "demo server");
    },
    get ui() {
      return need(ui, "UI channel");
    },
  };
}

export type SessionOptions = { server?: boolean; demo?: boolean } & BrowserOptions;

export interface BrowserSpecSession {
  readonly browser: BrowserSession;
  readonly extension: ExtensionApi;
  readonly server: FixtureServer;
  readonly demo: DemoServer;
}

/**
 * useExtensionSession for the browser dimension (harness/browsers.ts): one `kind` browser with the built
 * extension for the enclosing describe block. Call inside forEachBrowser. `s.browser` may be replaced by a spec
 * that restarts it (`s.restart()`).
 */
export function useBrowserSession(
  kind: BrowserKind,
  settings: SessionOptions | (() => SessionOptions) = {},
): BrowserSpecSession & { restart(): Promise<BrowserSession> } {
  let browser: BrowserSession | undefined;
  let server: FixtureServer | undefined;
  let demo: DemoServer | undefined;
  beforeAll(async () => {
    // A function: options made when the browser starts (e.g. a policy sandbox), not when the spec is collected.
    const { server: withServer = true, demo: withDemo = false, ...options } = typeof settings === "function" ? settings() : settings;
    [browser, server, demo] = await Promise.all([
      launchBrowser(kind, options),
      withServer ? startFixtureServer() : Promise.resolve(undefined),
      withDemo ? startDemoServer() : Promise.resolve(undefined),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await demo?.close();
  });
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`useBrowserSession: no ${what} (not started, or not asked for)`);
    return v;
  };
  return {
    get browser() {
      return need(browser, "browser");
    },
    get extension() {
      return need(browser, "browser").extension;
    },
    get server() {
      return need(server, "fixture server");
    },
    get demo() {
      return need(demo, "demo server");
    },
    async restart() {
      browser = await need(browser, "browser").restart();
      return browser;
    },
  };
}
