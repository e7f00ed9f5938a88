// Node (jest e2e), Chromium and Firefox with the built extension: a REAL enterprise policy file fixes a site's mode
// and daily budget (and a global cap). Chromium reads it from /etc/chromium/policies/managed/*.json
// (`3rdparty.extensions.<id>`), Firefox from policies.json in its distribution folder
// (`policies.3rdparty.Extensions.<add-on id>`). The UI cannot change what it sets (its requests are refused, the
// popup shows them locked), the bytes at the receiving peer stop at the policy's budget, and the site receives
// the policy's decision in Sec-P2P-Consent.
//
// Isolation (harness/policy-sandbox.ts): the browser runs in a private mount namespace with a copy of the folder
// bind-mounted over the real one; the last test checks the real folder is as it was.
//
// Checked to fail without its defence: with the refusal in background/index.ts removed (refusalOf not called) and
// applyManaged returning the user's settings as they are, both policy tests failed in Chromium (the first on the
// budget the page is told, the second on the bytes at the receiver); in Firefox, with applyManaged returning the
// user's settings unchanged, on the budget the page is told (uploadBudgetBytes null instead of 98304).
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { forEachBrowser, type BrowserKind } from "./harness/browsers";
import { extensionIdFor } from "./harness/extension";
import { connectPeers } from "./harness/peers";
import { distChrome, firefoxPath, geckoId } from "./harness/paths";
import { chromiumPolicySandbox, firefoxPolicySandbox, unavailable, type PolicySandbox } from "./harness/policy-sandbox";
import { useBrowserSession } from "./harness/session";
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
const folderOf = (browser: BrowserKind) => (browser === "chromium" ? "/etc/chromium" : path.join(path.dirname(realpathSync(firefoxPath)), "distribution"));
const listing = (folder: string) => (existsSync(folder) ? readdirSync(folder).sort() : null);

function sandboxFor(browser: BrowserKind): PolicySandbox {
  if (browser === "firefox") return firefoxPolicySandbox(geckoId, POLICY);
  const manifest = JSON.parse(readFileSync(`${distChrome}/manifest.json`, "utf8")) as Record<string, unknown>;
  return chromiumPolicySandbox(extensionIdFor(distChrome, manifest), POLICY);
}

forEachBrowser(
  (browser) => {
    const before = listing(folderOf(browser));
    let sandbox: PolicySandbox | undefined;
    const s = useBrowserSession(browser, () => {
      sandbox = sandboxFor(browser);
      return { executablePath: sandbox.executablePath };
    });
    afterAll(() => sandbox?.remove());

    test("the policy's mode and budget are in force and the UI cannot change them", async () => {
      const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
      const tabId = await s.extension.tabIdOf(page);
      // The browser hands storage.managed over some time after start: wait for the policy to arrive.
      const view = await waitFor(() => s.extension.send({ type: "site/get", tabId }), { timeout: 30_000, message: "the policy in force" }, (v) => v.policy?.mode === "allow");
      expect(view.policy).toEqual({ mode: "allow", budgets: ["dailyBudgetBytes"], all: false });
      expect(view.effective).toMatchObject({ seeding: "allowed", reason: "policy", uploadBudgetBytes: BUDGET });

      await expect(s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" })).rejects.toThrow(/organisation/);
      await expect(s.extension.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: 10 * 1024 * KiB, monthlyBudgetBytes: null, rateLimitBps: null })).rejects.toThrow(/organisation/);
      await expect(s.extension.send({ type: "settings/set-global-limits", globalMonthlyCapBytes: null, meteredBudgetBytes: 0 })).rejects.toThrow(/organisation/);
      // What the policy does not set stays the user's: another site's mode.
      await s.extension.send({ type: "site/set-mode", site: "localhost", mode: "download-only" });
      await s.extension.send({ type: "site/remove", site: "localhost" });

      const popup = await s.extension.openPopup(tabId);
      const locked = await waitFor(
        () =>
          popup.evaluate(() => {
            // A site with no P2P seen keeps its choices one click away.
            if (!document.querySelector(".choices")) [...document.querySelectorAll("button")].find((b) => b.textContent === "Choose what this site may do")?.click();
            return {
              notice: document.querySelector('[data-testid="policy-notice"]')?.textContent ?? null,
              // The mode choices (buttons in one group) are all disabled while the policy sets the mode.
              disabled: [...document.querySelectorAll<HTMLButtonElement>(".choices button")].map((b) => b.disabled),
            };
          }),
        { message: "the popup's policy notice" },
        (x) => x.notice !== null && x.disabled.length > 0,
      );
      expect(locked.notice).toContain("Set by your organisation: this site may seed; limits set for it: daily budget.");
      expect(locked.disabled).toEqual([true, true, true, true]);
      await popup.close();
      await page.close();
    });

    test("bytes at the receiving peer stop at the policy's budget; the header carries the policy's decision", async () => {
      const pair = await connectPeers(s.browser, s.server);
      try {
        const status = await pair.sender.page.evaluate(() => navigator.p2pConsent.query());
        expect(status).toMatchObject({ seeding: "allowed", reason: "policy", uploadBudgetBytes: BUDGET });
        const result = await pair.sender.send(10, 16 * KiB); // 160 KiB attempted
        const received = await waitFor(() => pair.receiver.bytes(), { message: "the budget at the receiver" }, (b) => b >= BUDGET);
        await new Promise((r) => setTimeout(r, 500));
        expect(await pair.receiver.bytes()).toBe(received);
        console.log(`${browser} policy: sent ${result.sent}, refused ${result.threw}; the receiver got ${received} B (budget ${BUDGET})`);
        expect(received).toBe(BUDGET);
        expect(result).toMatchObject({ sent: 6, threw: 4 });
      } finally {
        await pair.close();
      }
      const doc = s.server.requests.filter((r) => r.host.startsWith("127.0.0.1") && r.path.startsWith("/sender.html"));
      expect(doc.at(-1)?.headers["sec-p2p-consent"]).toBe("seeding=allowed, metered=?0");
    });

    test("the machine's policy folder is as it was", () => {
      expect(listing(folderOf(browser))).toEqual(before);
      if (browser === "chromium" && !before?.includes("policies")) expect(existsSync("/etc/chromium/policies")).toBe(false);
    });
  },
  skip ? { chromium: `no policy sandbox: ${skip}`, firefox: `no policy sandbox: ${skip}` } : {},
);
