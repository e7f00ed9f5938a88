// Node (jest e2e), Chromium with dist/chrome: a site's daily budget holds across a browser restart on the same
// profile (the counters live in storage.local), counted at the receiving peers before and after.
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { extensionOf } from "./harness/extension";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { openTransfer } from "./harness/budget-transfer";
import { openUi } from "./harness/ui";
import { waitFor } from "./harness/wait-for";

const KiB = 1024;
const MiB = 1024 * KiB;
const MSG = 16 * KiB;

jest.setTimeout(120_000);

let browser: ChromiumSession;
let server: FixtureServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startFixtureServer()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("1 MiB daily budget across a browser restart: between 1 MiB - 16 KiB and 1 MiB arrive in all", async () => {
  let ui = await openUi(browser, await extensionOf(browser));
  await ui.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
  await ui.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: MiB, monthlyBudgetBytes: null, rateLimitBps: null });

  const before = await openTransfer(browser.context, server, 2);
  await before.sendAll(20, MSG); // 640 KiB attempted
  const first = await before.settled();
  // Idle senders give their leases back within 2 s; until then a lease counts as used (a browser killed
  // mid-transfer loses what its tabs held, never more).
  await waitFor(() => ui.send({ type: "budgets/site", site: "127.0.0.1" }), { message: "unused leases given back" }, (v) => v.usedToday === first);
  // Close the tabs as a user closing the browser would (their pages hand back unused leases on pagehide).
  await before.close();
  browser = await browser.restart();

  ui = await openUi(browser, await extensionOf(browser));
  const view = await ui.send({ type: "budgets/site", site: "127.0.0.1" });
  const after = await openTransfer(browser.context, server, 2);
  try {
    await after.sendAll(64, MSG);
    const second = await after.settled();
    console.log(`before the restart ${first} B, after ${second} B, in all ${first + second} B (budget ${MiB}); left after restart: ${view.left}`);
    expect(first).toBe(640 * KiB);
    expect(first + second).toBeLessThanOrEqual(MiB);
    expect(first + second).toBeGreaterThanOrEqual(MiB - MSG);
  } finally {
    await after.close();
  }
});
