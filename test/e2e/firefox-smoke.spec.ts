// Node (jest e2e), Firefox ESR with dist/firefox: the add-on installs and its guard is in place before the
// first script of a served page runs.
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { geckoId } from "./harness/paths";

jest.setTimeout(60_000);

let firefox: FirefoxSession;
let server: FixtureServer;

beforeAll(async () => {
  [firefox, server] = await Promise.all([launchFirefox(), startFixtureServer()]);
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

test("the add-on installs under its gecko id", () => {
  expect(firefox.addonId).toBe(geckoId);
  expect(geckoId).not.toMatch(/\.invalid$/);
});

test("navigator.p2pConsent is an object in the first inline script of a page", async () => {
  const page = await firefox.newPage(`${server.siteA}/first-script.html`);
  const seen = await page.evaluate(() => (window as unknown as { firstScript: { p2pConsent: string } }).firstScript);
  expect(seen.p2pConsent).toBe("object");
  await page.close();
});
