// Node (jest e2e), Chromium with dist/chrome: frames in a private (incognito) window get the private-window rule
// (settings/set-private-windows): by default the same as normal windows ("follow"), else a ceiling (block,
// download only) over the site's rule, while a normal window of the same site keeps its own. What the private page
// sees is reported by pages/private-probe.html to the fixture server (Playwright does not drive incognito pages).
//
// Checked to fail without its defence: built with the private rule ignored in core/policy decide() (incognito
// treated as a normal window), the block test saw {"seeding":"allowed"} and a constructed connection.
import { useExtensionSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";
import { allowInIncognito, closeWindow, openIncognito } from "./harness/incognito";

const s = useExtensionSession({ ui: true });

beforeAll(async () => {
  await allowInIncognito(s.browser, s.extension);
});

afterEach(async () => {
  await s.ui.send({ type: "settings/set-private-windows", mode: "follow" });
  await s.ui.send({ type: "site/remove", site: "127.0.0.1" });
});

/** Opens the probe in a private window and returns what it reported. */
async function probePrivately(tag: string): Promise<{ status: { seeding: string; reason: string; uploadBudgetBytes: number | null } | null; made: string }> {
  const windowId = await openIncognito(s.extension, `${s.server.siteA}/private-probe.html?tag=${tag}`);
  try {
    const report = await waitFor(
      () => Promise.resolve(s.server.requests.find((r) => r.path.startsWith("/report?") && new URLSearchParams(r.path.slice(8)).get("tag") === tag)),
      { timeout: 15_000, message: `the private probe ${tag}` },
      (r) => r !== undefined,
    );
    const q = new URLSearchParams(report!.path.slice(8));
    return { status: JSON.parse(q.get("status")!), made: q.get("made")! };
  } finally {
    await closeWindow(s.extension, windowId);
  }
}

test("by default a private window follows the normal rule", async () => {
  expect(await s.ui.send({ type: "settings/get" })).toMatchObject({ privateWindows: "follow" });
  await s.ui.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
  const r = await probePrivately("follow");
  expect(r).toMatchObject({ status: { seeding: "allowed", reason: "user" }, made: "constructed" });
});

test("block in private windows: an allowed site is blocked there, and still allowed in a normal window", async () => {
  await s.ui.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
  await s.ui.send({ type: "settings/set-private-windows", mode: "block" });
  const r = await probePrivately("block");
  expect(r).toMatchObject({ status: { seeding: "blocked", reason: "private", uploadBudgetBytes: 0 }, made: "NotAllowedError" });
  const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
  expect(await page.evaluate(() => navigator.p2pConsent.query())).toMatchObject({ seeding: "allowed", reason: "user" });
  await page.close();
});

test("download only in private windows caps an allowed site there", async () => {
  await s.ui.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
  await s.ui.send({ type: "settings/set-private-windows", mode: "download-only" });
  const r = await probePrivately("download-only");
  expect(r).toMatchObject({ status: { seeding: "download-only", reason: "private" }, made: "constructed" });
  expect(r.status!.uploadBudgetBytes).toBeLessThanOrEqual(64 * 1024);
});
