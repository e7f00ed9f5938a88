// Node (jest e2e), Chromium with dist/chrome: installing Seedgate opens the first-run page (background/index.ts,
// runtime.onInstalled "install"); it explains upload, IP address and data cap, stores the default for undecided
// sites, reports the pinned state Chromium gives (action.getUserSettings), has no serious or critical axe
// violation in light and dark, and does not scroll sideways at 360 px.
// Checked to fail without its wiring: with the onInstalled listener removed, the first test timed out waiting for
// the page.
import type { Page } from "playwright-core";
import { seriousViolations, shot, widths } from "./harness/axe";
import { useExtensionSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

const s = useExtensionSession({ server: false, ui: true });
let firstRun: Page;

test("the first-run page opens by itself on install", async () => {
  const url = `${s.extension.origin}/first-run/first-run.html`;
  firstRun = (await waitFor(() => s.browser.context.pages().find((p) => p.url() === url), { timeout: 10_000, message: "the first-run page opened" }))!;
  await firstRun.getByRole("heading", { level: 1, name: "Welcome to Seedgate" }).waitFor();
  const text = await firstRun.locator("main").innerText();
  expect(text).toMatch(/Your upload:/);
  expect(text).toMatch(/Your IP address:/);
  expect(text).toMatch(/Your data cap:/);
});

test("picks the default for undecided sites", async () => {
  const block = firstRun.getByRole("button", { name: /^Block P2P/ });
  const downloadOnly = firstRun.getByRole("button", { name: /^Download only \(recommended\)/ });
  await waitFor(() => downloadOnly.getAttribute("aria-pressed"), { message: "the stored default shown" }, (v) => v === "true");
  await block.click();
  await waitFor(() => s.ui.send({ type: "settings/get" }), { message: "block stored" }, (v) => v.defaultUndecided === "block");
  expect(await block.getAttribute("aria-pressed")).toBe("true");
  await downloadOnly.click();
  await waitFor(() => s.ui.send({ type: "settings/get" }), { message: "download-only stored" }, (v) => v.defaultUndecided === "download-only");
});

test("says whether the button is pinned, as Chromium reports it", async () => {
  const reported = await s.extension.evaluate(() => (chrome.action as unknown as { getUserSettings(): Promise<{ isOnToolbar: boolean }> }).getUserSettings());
  const expected = reported.isOnToolbar ? "The Seedgate button is pinned to your toolbar." : "The Seedgate button is not pinned yet.";
  await waitFor(() => firstRun.getByTestId("pin-state").textContent(), { message: "pin state shown" }, (t) => t === expected);
});

test.each(["light", "dark"] as const)("%s: no serious or critical axe violation; 360 px without sideways scrolling", async (scheme) => {
  await firstRun.emulateMedia({ colorScheme: scheme });
  await firstRun.setViewportSize({ width: 1280, height: 800 });
  expect(await seriousViolations(firstRun)).toEqual([]);
  await shot(firstRun, `first-run-${scheme}`);
  await firstRun.setViewportSize({ width: 360, height: 800 });
  expect(await seriousViolations(firstRun)).toEqual([]);
  const w = await widths(firstRun);
  expect(w.scrollWidth).toBeLessThanOrEqual(w.innerWidth);
  await shot(firstRun, `first-run-360-${scheme}`);
});
