// Node (jest e2e), Chromium and Firefox with the built extension: settings move between browsers. What the options
// page exports (settings/export, the request behind its "Export settings" button) is imported through the options
// page's own file input after the settings were reset; the decisions and budgets are back exactly, the site's pages
// are told so live, the bytes at the receiving peer stop at the imported budget, and the import is in the log. A
// hostile file given to the same input is refused with a message and changes nothing.
// (The file is handed to the input as a page would get it from a file picker: a File in a DataTransfer, then the
// change event; browser-specific file-chooser APIs are not needed, so the same code runs in both browsers.)
import type { TestPage } from "./harness/browser-session";
import { ofType, readLog } from "./harness/audit-log";
import { forEachBrowser } from "./harness/browsers";
import { connectPeers } from "./harness/peers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

const KiB = 1024;
const BUDGET = 96 * KiB;

/** Gives `text` to the options page's settings file input; answers the verdict the page shows (status or alert). */
async function importThroughPage(page: TestPage, name: string, text: string): Promise<string> {
  await page.evaluate(
    ([fileName, content]) => {
      const input = [...document.querySelectorAll<HTMLInputElement>('input[type="file"]')].find((i) => /settings file/i.test(i.closest("label")?.textContent ?? ""));
      if (!input) throw new Error("no settings file input in the options page");
      document.querySelectorAll('[role="status"], [role="alert"]').forEach((el) => el.setAttribute("data-e2e-old", ""));
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: "application/json" }));
      input.files = transfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [name, text] as const,
  );
  return waitFor(
    () => page.evaluate(() => [...document.querySelectorAll('[role="status"]:not([data-e2e-old]), [role="alert"]:not([data-e2e-old])')].map((el) => el.textContent ?? "").join(" ")),
    { message: `the options page's verdict on ${name}` },
  );
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  test("exported settings imported through the options page come back exactly, and hold for the bytes sent", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    await s.extension.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: BUDGET, monthlyBudgetBytes: null, rateLimitBps: null });
    await s.extension.send({ type: "site/set-mode", site: "blocked.example", mode: "block" });
    const exported = (await s.extension.send({ type: "settings/export" })).text;
    expect(exported).toContain("blocked.example");

    // Reset: the rules go (the site is undecided again).
    for (const site of ["127.0.0.1", "blocked.example"]) await s.extension.send({ type: "site/remove", site });
    const reset = (await s.extension.send({ type: "settings/export" })).text;
    expect(reset).not.toContain("blocked.example");

    const options = await s.extension.openPage(`${s.extension.manifest.options_ui?.page ?? "options/options.html"}#import-export`);
    try {
      // A hostile file first: refused, nothing changes.
      const refused = await importThroughPage(options, "proto.json", '{"schemaVersion":1,"__proto__":{"defaults":{"undecided":"block"}}}');
      expect(refused).toMatch(/nothing was imported/i);
      expect((await s.extension.send({ type: "settings/export" })).text).toBe(reset);

      const verdict = await importThroughPage(options, "seedgate-settings.json", exported);
      console.log(`${browser}: options page after the import: ${verdict}`);
      expect(verdict).toMatch(/Imported seedgate-settings\.json/);
    } finally {
      await options.close();
    }
    // Everything as it was, except that the rules now say the import made them, and when.
    type Settings = { sites: Record<string, { decidedAt?: string; decidedBy?: string }> };
    const restored = JSON.parse((await s.extension.send({ type: "settings/export" })).text) as Settings;
    expect(Object.values(restored.sites).map((r) => r.decidedBy)).toEqual(["import", "import"]);
    const undated = (x: Settings) => ({ ...x, sites: Object.fromEntries(Object.entries(x.sites).map(([k, { decidedAt: _at, decidedBy: _by, ...rule }]) => [k, rule])) });
    expect(undated(restored)).toEqual(undated(JSON.parse(exported) as Settings));

    // The imported budget holds at the receiving peer.
    const pair = await connectPeers(s.browser, s.server);
    try {
      expect(await pair.sender.page.evaluate(() => navigator.p2pConsent.query())).toMatchObject({ seeding: "allowed", uploadBudgetBytes: BUDGET });
      await pair.sender.send(10, 16 * KiB);
      const got = await waitFor(() => pair.receiver.bytes(), { message: "the budget at the receiver" }, (b) => b >= BUDGET);
      await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
      expect(await pair.receiver.bytes()).toBe(got);
      expect(got).toBe(BUDGET);
    } finally {
      await pair.close();
    }
    const imports = ofType(await readLog(s.extension), "settings-import");
    expect(imports.at(-1)?.details).toMatchObject({ sites: 2 });
  });
});
