// Node (jest e2e), Chromium with dist/chrome: the service worker stopped in the middle of a transfer loses
// nothing: the site's bound resumes where it was, counted at the receiving peer.
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { extensionOf, type ExtensionHandle } from "./harness/extension";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { connectPeers } from "./harness/peers";
import { waitFor } from "./harness/wait-for";

const KiB = 1024;

let browser: ChromiumSession;
let extension: ExtensionHandle;
let server: FixtureServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startFixtureServer()]);
  extension = await extensionOf(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("undecided site: stopping the service worker mid-transfer does not refill the 64 KiB bound", async () => {
  const pair = await connectPeers(browser.context, server);
  try {
    const first = await pair.sender.send(3, 16 * KiB);
    expect(first).toMatchObject({ sent: 3, threw: 0 });
    await waitFor(() => pair.receiver.bytes(), { message: "48 KiB at the receiver" }, (b) => b === 48 * KiB);
    await extension.stopServiceWorker();
    const second = await pair.sender.send(32, 16 * KiB);
    expect(second.errors[0]).toBe("QuotaExceededError");
    let last = -1;
    const settled = await waitFor(
      async () => {
        const b = await pair.receiver.bytes();
        const s = b === last;
        last = b;
        return { b, s };
      },
      { interval: 300, message: "the receiver settles" },
      (x) => x.s,
    );
    expect(settled.b).toBeLessThanOrEqual(64 * KiB);
    expect(settled.b).toBe((first.sent + second.sent) * 16 * KiB);
  } finally {
    await pair.close();
  }
});
