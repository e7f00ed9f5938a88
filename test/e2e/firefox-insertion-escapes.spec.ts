// Node (jest e2e), Firefox ESR with dist/firefox: the insertion-escape routes of insertion-escapes.spec.ts
// (pages/insertion-escapes.js), on an undecided site that declared itself (bound: 64 KiB, shared by all routes).
// Bytes counted at the receiver on the other site. Firefox over WebDriver BiDi cannot open the add-on's pages, so
// the harness has no way to set a site to "block" here; the blocked mode runs in Chromium (same guard code).
// How we checked that each route fails without its defence: as in insertion-escapes.spec.ts (same builds with
// prepareBirths returning null, writeInPieces returning false, guardReturned doing nothing).
import { randomUUID } from "node:crypto";
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { expectInsertionBounded, INSERTION_ROUTES, type AnyPage } from "./harness/insertion-escapes";

jest.setTimeout(60_000);

let firefox: FirefoxSession;
let server: FixtureServer;

beforeAll(async () => {
  [firefox, server] = await Promise.all([
    // Host candidates as plain addresses: the two peers are in one browser, with no mDNS responder here.
    launchFirefox({ prefs: { "media.peerconnection.ice.obfuscate_host_addresses": false } }),
    startFixtureServer(),
  ]);
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

test.each(INSERTION_ROUTES)("%s", async (route) => {
  await expectInsertionBounded(
    { newPage: (url) => firefox.newPage(url) as unknown as Promise<AnyPage>, siteA: server.siteA, siteB: server.siteB },
    route,
    randomUUID(),
    "undecided",
  );
});
