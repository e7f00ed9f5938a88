// Node (jest e2e), Chromium and Firefox with the built extension: the popup's budget panel. It shows the current
// site's budget bars with what the receiving peer counted, and its "I'm on a metered connection" switch reaches the
// open page live: with the default metered budget (0), an allowed site becomes download-only, reason "metered", and
// back.
import type { P2PConsentStatus } from "../../extension/shared/status";
import type { TestPage } from "./harness/browser-session";
import { forEachBrowser } from "./harness/browsers";
import { getByRole } from "./harness/by-role";
import { connectPeers, type PeerPair } from "./harness/peers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(90_000);

const KiB = 1024;
const MiB = 1024 * KiB;

interface MeteredLog {
  meteredChanges: { at: number; metered: boolean; seeding: string; reason: string }[];
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);
  let pair: PeerPair<TestPage> | null = null;
  let popup: TestPage | null = null;

  afterEach(async () => {
    await popup?.close();
    popup = null;
    await pair?.close();
    pair = null;
    await s.extension.send({ type: "metered/set-manual", on: false, until: null });
    await s.extension.send({ type: "site/remove", site: "127.0.0.1" });
  });

  test("budget bars show what was sent; the metered switch turns the open page to download-only and back", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const before = await s.extension.send({ type: "budgets/site", site: "127.0.0.1" });
    await s.extension.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: before.usedToday + MiB, monthlyBudgetBytes: null, rateLimitBps: null });
    pair = await connectPeers(s.browser, s.server);
    expect(await pair.sender.send(16, 16 * KiB)).toMatchObject({ sent: 16, threw: 0 });
    await waitFor(() => pair!.receiver.bytes(), { timeout: 10_000, message: "256 KiB arrive" }, (b) => b === 256 * KiB);

    const tabId = await s.extension.tabIdOf(pair.sender.page);
    popup = await s.extension.openPopup(tabId);
    await getByRole(popup, "heading", { name: "127.0.0.1", exact: true }).waitFor();
    // A site with no P2P seen keeps its controls behind one button; the budgets wait behind another.
    const controls = getByRole(popup, "button", { name: "Choose what this site may do" });
    if ((await controls.count()) > 0) await controls.click();
    await getByRole(popup, "button", { name: "Traffic and upload budget" }).click();
    const today = getByRole(popup, "meter", { name: "Today (this site)" });
    await today.waitFor();
    // The bar counts what the site was charged today: at least what arrived (leases not yet given back count too).
    const used = Number(await today.attr("value"));
    expect(used - before.usedToday).toBeGreaterThanOrEqual(256 * KiB);
    expect(Number(await today.attr("max"))).toBe(before.usedToday + MiB);

    await pair.sender.page.evaluate(() => {
      const w = window as unknown as MeteredLog;
      w.meteredChanges = [];
      const api = (navigator as unknown as { p2pConsent: EventTarget }).p2pConsent;
      api.addEventListener("change", (e) => {
        const st = (e as Event & { status: P2PConsentStatus }).status;
        w.meteredChanges.push({ at: Date.now(), metered: st.metered, seeding: st.seeding, reason: st.reason });
      });
    });
    const meteredSwitch = getByRole(popup, "switch", { name: "I'm on a metered connection" });
    expect(await meteredSwitch.attr("aria-checked")).toBe("false");
    const clicked = Date.now();
    await meteredSwitch.click();
    const on = await waitFor(
      () => pair!.sender.page.evaluate(() => (window as unknown as MeteredLog).meteredChanges),
      { timeout: 5_000, message: "a change event saying metered" },
      (c) => c.some((x) => x.metered),
    );
    const first = on.find((x) => x.metered)!;
    console.log(`popup metered switch -> page change event after ${first.at - clicked} ms: ${JSON.stringify(first)}`);
    expect(first).toMatchObject({ metered: true, seeding: "download-only", reason: "metered" });
    expect(await meteredSwitch.attr("aria-checked")).toBe("true");

    await meteredSwitch.click();
    const off = await waitFor(
      () => pair!.sender.page.evaluate(() => (window as unknown as MeteredLog).meteredChanges),
      { timeout: 5_000, message: "a change event back to allowed" },
      (c) => c.length > 0 && !c[c.length - 1]!.metered,
    );
    expect(off[off.length - 1]).toMatchObject({ metered: false, seeding: "allowed" });
  });
});
