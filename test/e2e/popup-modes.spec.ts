// Node (jest e2e), Chromium and Firefox with the built extension: the popup's four modes, chosen with a click on
// the popup's own choice buttons (the popup opened for the tab, harness/browser-session.ts), reach the open page
// live (its navigator.p2pConsent change events) and are enforced where the bytes arrive: allowed, 256 KiB reach
// the receiving peer; download only, only its bound (64 KiB here) more; blocked, the channel closes;
// undecided again, the page is told so. The buttons are found by their text.
import type { TestPage } from "./harness/browser-session";
import { forEachBrowser } from "./harness/browsers";
import { connectPeers } from "./harness/peers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

const KiB = 1024;

/**
 * Clicks the popup's choice named `name` (the three mode buttons, "Allow for this visit" beside Allow, and
 * "Forget my choice" to make the site undecided again); a site with no P2P seen keeps its choices one click
 * away, so that button is pressed first. Answers the names of the pressed choices.
 */
function choose(popup: TestPage, name: string): Promise<string[]> {
  return popup.evaluate((wanted) => {
    const text = (el: Element) => (el.textContent ?? "").trim();
    const buttons = () => [...document.querySelectorAll<HTMLButtonElement>("button")];
    if (!document.querySelector(".choices")) buttons().find((b) => text(b) === "Choose what this site may do")?.click();
    const button = buttons().find((b) => new RegExp(wanted).test(text(b)));
    if (!button) throw new Error(`no button named /${wanted}/ among ${buttons().map(text).join(" | ")}`);
    button.click();
    return [...document.querySelectorAll(".choices button[aria-pressed=true]")].map(text);
  }, name);
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  test("each of the four modes, clicked in the popup, reaches the open page live and holds at the receiver", async () => {
    const pair = await connectPeers(s.browser, s.server);
    const sender = pair.sender.page;
    const tabId = await s.extension.tabIdOf(sender);
    const popup = await s.extension.openPopup(tabId);
    try {
      await waitFor(() => popup.evaluate(() => document.querySelectorAll("button").length), { message: "the popup rendered" }, (n) => n > 0);
      await sender.evaluate(() => {
        const w = window as unknown as { modes: string[] };
        w.modes = [];
        navigator.p2pConsent.addEventListener("change", (e) => w.modes.push((e as P2PConsentChangeEvent).status.seeding));
      });
      const modes = () => sender.evaluate(() => (window as unknown as { modes: string[] }).modes);
      const seeding = (want: string) => waitFor(() => sender.evaluate(() => navigator.p2pConsent.query()), { message: `the page told ${want}` }, (st) => st.seeding === want);

      expect((await sender.evaluate(() => navigator.p2pConsent.query())).seeding).toBe("undecided");

      await choose(popup, "^Allow seeding$");
      await seeding("allowed");
      expect(await pair.sender.send(16, 16 * KiB)).toMatchObject({ sent: 16, threw: 0 });
      const allowed = await waitFor(() => pair.receiver.bytes(), { message: "256 KiB at the receiver" }, (b) => b === 256 * KiB);

      await choose(popup, "^Download only$");
      await seeding("download-only");
      // Download only: the bound (64 KiB + 2% of what this page received, here nothing) and not a byte more.
      const bounded = await pair.sender.send(8, 16 * KiB);
      const withBound = await waitFor(() => pair.receiver.bytes(), { message: "the download-only bound at the receiver" }, (b) => b >= allowed + 64 * KiB);
      await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
      expect(bounded).toMatchObject({ sent: 4, threw: 4 });
      expect(await pair.receiver.bytes()).toBe(withBound);
      expect(withBound).toBe(allowed + 64 * KiB);

      await choose(popup, "^Block P2P$");
      await seeding("blocked");
      await waitFor(() => pair.sender.state(), { message: "the channel closed by the block" }, (st) => st.channel === "closed" || st.channel === "closing");

      await choose(popup, "^Forget my choice");
      await seeding("undecided");
      const seen = await modes();
      console.log(`${browser}: the page's change events while clicking the popup: ${seen.join(", ")}; ${allowed} B at the receiver`);
      expect(seen.filter((m, i) => m !== seen[i - 1])).toEqual(["allowed", "download-only", "blocked", "undecided"]);
    } finally {
      await popup.close();
      await pair.close();
    }
  });
});
