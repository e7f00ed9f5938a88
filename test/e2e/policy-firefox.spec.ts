// Node (jest e2e), Firefox ESR with dist/firefox: a REAL enterprise policy file, policies.json in Firefox's
// distribution folder (`policies.3rdparty.Extensions.<add-on id>`), fixes a site's mode and daily budget: the page
// API says so (reason policy), the bytes at the receiving peer stop at the budget, and the site receives the
// policy's decision in Sec-P2P-Consent. The UI's refusal is the same code as in Chromium (policy-chromium.spec);
// BiDi cannot open moz-extension:// pages, so this spec observes through pages and peers.
//
// Isolation (harness/policy-sandbox.ts): Firefox runs in a private mount namespace with a copy of the distribution
// folder bind-mounted over the real one; the last test checks the real folder is as it was.
//
// Checked to fail without its defence: with applyManaged returning the user's settings unchanged (no policy
// budget), the test failed where the page is told its budget: uploadBudgetBytes null instead of 98304.
import { existsSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import type { Page } from "puppeteer-core";
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { firefoxPath, geckoId } from "./harness/paths";
import { firefoxPolicySandbox, unavailable, type PolicySandbox } from "./harness/policy-sandbox";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(90_000);

const KiB = 1024;
const BUDGET = 96 * KiB;
const ADDON = geckoId;
const POLICY = { sites: { "127.0.0.1": "allow" }, siteBudgets: { "127.0.0.1": { dailyBudgetBytes: BUDGET } } };

interface PeerWindow {
  peer: {
    state(): { phase: string; channel: string; error: string | null };
    bytes(): number;
    send(n: number, size: number): Promise<{ sent: number; threw: number; errors: string[] }>;
  };
}
interface ConsentNavigator {
  p2pConsent: { query(): Promise<{ seeding: string; reason: string; uploadBudgetBytes: number | null }> };
}

const skip = unavailable();
const folder = path.join(path.dirname(realpathSync(firefoxPath)), "distribution");
const before = existsSync(folder) ? readdirSync(folder).sort() : null;
let sandbox: PolicySandbox;
let firefox: FirefoxSession;
let server: FixtureServer;

beforeAll(async () => {
  if (skip) return;
  sandbox = firefoxPolicySandbox(ADDON, POLICY);
  [firefox, server] = await Promise.all([
    launchFirefox({ executablePath: sandbox.executablePath, prefs: { "media.peerconnection.ice.obfuscate_host_addresses": false } }),
    startFixtureServer(),
  ]);
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
  sandbox?.remove();
});

const maybe = skip ? test.skip : test;
const state = (page: Page) => page.evaluate(() => (window as unknown as PeerWindow).peer.state());

maybe("the policy's mode and budget hold: the page is told, the receiver gets exactly the budget, the header says so", async () => {
  const room = `ffp-${Date.now()}`;
  const receiver = await firefox.newPage(`${server.siteB}/receiver.html?room=${room}`);
  const sender = await firefox.newPage(`${server.siteA}/sender.html?room=${room}`);
  try {
    // The policy is read when the add-on starts: wait until the page is told it.
    const status = await waitFor(
      () => sender.evaluate(() => (navigator as unknown as ConsentNavigator).p2pConsent.query()),
      { timeout: 30_000, message: "the policy in force" },
      (st) => st.reason === "policy",
    );
    expect(status).toMatchObject({ seeding: "allowed", reason: "policy", uploadBudgetBytes: BUDGET });
    await waitFor(() => state(sender), { timeout: 30_000, message: "the sender's channel opens" }, (st) => st.channel === "open" || st.error !== null);
    expect((await state(sender)).error).toBeNull();
    const result = await sender.evaluate(() => (window as unknown as PeerWindow).peer.send(10, 16 * 1024));
    const received = await waitFor(() => receiver.evaluate(() => (window as unknown as PeerWindow).peer.bytes()), { timeout: 10_000, message: "the budget arrives" }, (b) => b >= BUDGET);
    await new Promise((r) => setTimeout(r, 500));
    const final = await receiver.evaluate(() => (window as unknown as PeerWindow).peer.bytes());
    console.log(`Firefox policy: sent ${result.sent}, refused ${result.threw}; the receiver got ${final} B (budget ${BUDGET})`);
    expect(final).toBe(received);
    expect(final).toBe(BUDGET);
    expect(result).toMatchObject({ sent: 6, threw: 4 });
  } finally {
    await sender.close();
    await receiver.close();
  }
  // The header arrives from the first request after the policy was read (dynamic rules): reload to see it.
  const again = await firefox.newPage(`${server.siteA}/first-script.html?after-policy=1`);
  await again.close();
  const doc = server.requests.find((r) => r.path === "/first-script.html?after-policy=1");
  expect(doc?.headers["sec-p2p-consent"]).toBe("seeding=allowed, metered=?0");
});

maybe("the machine's distribution folder is as it was", () => {
  expect(existsSync(folder) ? readdirSync(folder).sort() : null).toEqual(before);
});
