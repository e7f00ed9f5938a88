// Node (jest e2e): runs a spec's tests once per browser. `forEachBrowser((browser) => { ... })` wraps them in
// describe("chromium") and describe("firefox") (the reporter, harness/browser-reporter.cjs, counts by that name);
// a browser a spec or a test cannot run in is skipped with a one-line reason, shown in the test's name and in the
// reporter's summary. SEEDGATE_BROWSERS=chromium (or firefox) runs one browser only.
import type { BrowserKind } from "./browser-session";

export type { BrowserKind };

const ALL: readonly BrowserKind[] = ["chromium", "firefox"];

export const BROWSERS: readonly BrowserKind[] = (() => {
  const asked = process.env.SEEDGATE_BROWSERS?.split(",").map((b) => b.trim()).filter(Boolean);
  if (!asked?.length) return ALL;
  const unknown = asked.filter((b) => !(ALL as readonly string[]).includes(b));
  if (unknown.length) throw new Error(`SEEDGATE_BROWSERS: unknown browser ${unknown.join(", ")} (known: ${ALL.join(", ")})`);
  return asked as BrowserKind[];
})();

/** Browsers a whole spec cannot run in, each with its one-line reason. */
export type Skips = Partial<Record<BrowserKind, string>>;

/** The marker the reporter reads a skip's reason from. */
export const SKIP_MARK = "— skipped in";

export function forEachBrowser(body: (browser: BrowserKind) => void, skip: Skips = {}): void {
  for (const browser of BROWSERS) {
    const reason = skip[browser];
    if (reason) describe.skip(`${browser} ${SKIP_MARK} ${browser}: ${reason}`, () => body(browser));
    else describe(browser, () => body(browser));
  }
}

type TestFn = (name: string, fn: jest.ProvidesCallback, timeout?: number) => void;

/**
 * `test`, except in `skipped` (when `browser` is it), where the test is skipped with `reason` in its name:
 * `skipIn(browser, "firefox", "no CDP in Firefox")("stops the worker", async () => ...)`.
 */
export function skipIn(browser: BrowserKind, skipped: BrowserKind, reason: string): TestFn {
  if (browser !== skipped) return test;
  return (name, fn, timeout) => test.skip(`${name} ${SKIP_MARK} ${skipped}: ${reason}`, fn, timeout);
}

/** Fixed pause in a page's own time (both browsers; Puppeteer's pages have no waitForTimeout). Only where a spec
 * must let something NOT happen (a probe that must not fire); everything else polls with waitFor. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
