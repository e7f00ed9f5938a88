// Node (jest e2e): launches Debian's Chromium through playwright-core, with or without the built extension,
// on a fresh user-data-dir per launch; `restart()` relaunches on the same profile (a browser restart).
import { CHROMIUM_FLAGS } from "./chromium-flags.mjs";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertManifestFilesExist } from "./manifest-check";
import { chromiumPath, distChrome } from "./paths";

export { CHROMIUM_FLAGS };

export interface ChromiumOptions {
  /** true (default): dist/chrome; false: no extension (for comparisons); a string: that unpacked extension. */
  extension?: boolean | string;
  /** Extra command-line flags, e.g. the fake camera flags. */
  args?: string[];
  /** Default true. Headful needs a display (xvfb-run -a). */
  headless?: boolean;
  /** Another launcher for Chromium (e.g. the policy sandbox's wrapper, harness/policy-sandbox.ts). */
  executablePath?: string;
}

export interface ChromiumSession {
  readonly context: BrowserContext;
  readonly userDataDir: string;
  /** Absolute path of the loaded unpacked extension, or null when launched without one. */
  readonly extensionPath: string | null;
  /** A new tab, optionally navigated to `url`. */
  newPage(url?: string): Promise<Page>;
  /** Closes the browser and launches it again on the same user-data-dir; this session is then closed. */
  restart(): Promise<ChromiumSession>;
  /** Closes the browser and deletes the user-data-dir. Safe to call twice. */
  close(): Promise<void>;
}

export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumSession> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "seedgate-chromium-"));
  try {
    return await launchOn(userDataDir, options);
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
}

function extensionPathOf(extension: ChromiumOptions["extension"]): string | null {
  if (extension === false) return null;
  const dir = path.resolve(typeof extension === "string" ? extension : distChrome);
  if (!existsSync(path.join(dir, "manifest.json"))) {
    throw new Error(`no built extension at ${dir}: run \`npm run build\` first`);
  }
  assertManifestFilesExist(dir);
  return dir;
}

async function launchOn(userDataDir: string, options: ChromiumOptions): Promise<ChromiumSession> {
  const extensionPath = extensionPathOf(options.extension);
  const args = [...CHROMIUM_FLAGS, ...(options.args ?? [])];
  if (extensionPath) args.push(`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.executablePath ?? chromiumPath,
    headless: options.headless ?? true,
    args,
    // playwright passes --disable-extensions by default, which would ignore --load-extension.
    ignoreDefaultArgs: extensionPath ? ["--disable-extensions"] : [],
  });
  let closed = false;
  const closeBrowser = async () => {
    if (closed) return;
    closed = true;
    await context.close();
  };
  return {
    context,
    userDataDir,
    extensionPath,
    async newPage(url) {
      const page = await context.newPage();
      if (url) await page.goto(url);
      return page;
    },
    async restart() {
      await closeBrowser();
      return launchOn(userDataDir, options);
    },
    async close() {
      const wasOpen = !closed;
      await closeBrowser();
      // After restart() the new session owns the directory; only the live session deletes it.
      if (wasOpen) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
