// Node (jest e2e), Chromium with dist/chrome: a REAL enterprise policy file, read by Chromium from
// /etc/chromium/policies/managed/*.json (`3rdparty.extensions.<id>`), fixes a site's mode and daily budget; the
// UI cannot change them (its requests are refused, the popup shows them locked), the bytes at the receiving peer
// stop at the policy's budget, and the site receives the policy's decision in Sec-P2P-Consent.
//
// Isolation (harness/policy-sandbox.ts): Chromium runs in a private mount namespace with a copy of /etc/chromium
// bind-mounted over the real one; the last test checks the real folder is as it was.
//
// Checked to fail without its defence: with the refusal in background/index.ts removed (refusalOf not called) and
// applyManaged returning the user's settings as they are, both policy tests failed (the first on the budget the
// page is told, the second on the bytes at the receiver); the folder check still passed.
import { existsSync, readdirSync } from "node:fs";
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { extensionIdFor, extensionOf, type ExtensionHandle } from "./harness/extension";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { connectPeers } from "./harness/peers";
import { distChrome } from "./harness/paths";
import { chromiumPolicySandbox, unavailable, type PolicySandbox } from "./harness/policy-sandbox";
import { openUi, type Ui } from "./harness/ui";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(90_000);

const KiB = 1024;
const BUDGET = 96 * KiB;
const POLICY = {
  sites: { "127.0.0.1": "allow" },
  siteBudgets: { "127.0.0.1": { dailyBudgetBytes: BUDGET } },
  globalMonthlyCapBytes: 1024 * 1024 * 1024,
};

const skip = unavailable();
const before = existsSync("/etc/chromium") ? readdirSync("/etc/chromium").sort() : null;
let sandbox: PolicySandbox;
let browser: ChromiumSession;
let extension: ExtensionHandle;
let server: FixtureServer;
let ui: Ui;

beforeAll(async () => {
  if (skip) return;
  const manifest = JSON.parse((await import("node:fs")).readFileSync(`${distChrome}/manifest.json`, "utf8")) as Record<string, unknown>;
  sandbox = chromiumPolicySandbox(extensionIdFor(distChrome, manifest), POLICY);
  [browser, server] = await Promise.all([launchChromium({ executablePath: sandbox.executablePath }), startFixtureServer()]);
  extension = await extensionOf(browser);
  ui = await openUi(browser, extension);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  sandbox?.remove();
});

const maybe = skip ? test.skip : test;

maybe("the policy's mode and budget are in force and the UI cannot change them", async () => {
  const page = await browser.newPage(`${server.siteA}/first-script.html`);
  const tabId = await extension.tabIdOf(page);
  // Chromium reads storage.managed seconds after start: wait for the policy to arrive.
  const view = await waitFor(() => ui.send({ type: "site/get", tabId }), { timeout: 30_000, message: "the policy in force" }, (v) => v.policy?.mode === "allow");
  expect(view.policy).toEqual({ mode: "allow", budgets: ["dailyBudgetBytes"], all: false });
  expect(view.effective).toMatchObject({ seeding: "allowed", reason: "policy", uploadBudgetBytes: BUDGET });

  await expect(ui.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" })).rejects.toThrow(/organisation/);
  await expect(ui.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: 10 * 1024 * KiB, monthlyBudgetBytes: null, rateLimitBps: null })).rejects.toThrow(
    /organisation/,
  );
  await expect(ui.send({ type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: 0 })).rejects.toThrow(/organisation/);
  // What the policy does not set stays the user's: another site's mode.
  await ui.send({ type: "site/set-mode", site: "localhost", mode: "download-only" });
  await ui.send({ type: "site/remove", site: "localhost" });

  const popup = await extension.openPopup(tabId);
  await popup.getByTestId("policy-notice").waitFor();
  expect(await popup.getByTestId("policy-notice").textContent()).toContain("Set by your organisation: this site may seed; its daily budget is set");
  expect(await popup.getByRole("radiogroup").getAttribute("aria-disabled")).toBe("true");
  await popup.close();
  await page.close();
});

maybe("bytes at the receiving peer stop at the policy's budget; the header carries the policy's decision", async () => {
  const pair = await connectPeers(browser.context, server);
  try {
    const status = await pair.sender.page.evaluate(() => navigator.p2pConsent.query());
    expect(status).toMatchObject({ seeding: "allowed", reason: "policy", uploadBudgetBytes: BUDGET });
    const result = await pair.sender.send(10, 16 * KiB); // 160 KiB attempted
    const received = await waitFor(() => pair.receiver.bytes(), { message: "the budget at the receiver" }, (b) => b >= BUDGET);
    await new Promise((r) => setTimeout(r, 500));
    expect(await pair.receiver.bytes()).toBe(received);
    console.log(`Chromium policy: sent ${result.sent}, refused ${result.threw}; the receiver got ${received} B (budget ${BUDGET})`);
    expect(received).toBe(BUDGET);
    expect(result).toMatchObject({ sent: 6, threw: 4 });
  } finally {
    await pair.close();
  }
  const doc = server.requests.filter((r) => r.host.startsWith("127.0.0.1") && r.path.startsWith("/sender.html"));
  expect(doc.at(-1)?.headers["sec-p2p-consent"]).toBe("seeding=allowed, metered=?0");
});

maybe("the machine's policy folder is as it was", () => {
  expect(existsSync("/etc/chromium") ? readdirSync("/etc/chromium").sort() : null).toEqual(before);
  if (!before?.includes("policies")) expect(existsSync("/etc/chromium/policies")).toBe(false);
});
