// Node (jest e2e), Chromium and Firefox with the built extension: settings import and export in the options page. Hostile and
// malformed files (wrong types, an unknown version, an oversized file, `__proto__` keys, not JSON) are refused
// with a message and leave the settings exactly as they were; a valid import applies, and it and the decisions
// it made are in the audit log, as is a decision made in the popup.
import type { TestPage as Page } from "./harness/browser-session";
import { readLog, ofType } from "./harness/audit-log";
import { forEachBrowser } from "./harness/browsers";
import { clickButton, savedFile, setInputFile, waitForText } from "./harness/extension-page";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";
import { SCHEMA_VERSION } from "../../extension/core/settings";

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { server: false });

  const rule = (mode: string) => ({ mode, hideIp: false, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt: "2026-01-02T03:04:05.000Z", decidedBy: "options" });

  async function openImport(): Promise<Page> {
    const page = await s.extension.openPage("options/options.html#import-export");
    await waitForText(page, "h1", /Import and export/);
    return page;
  }

  async function importFile(page: Page, name: string, content: string): Promise<void> {
    await setInputFile(page, "Settings file", name, content);
  }

  const exported = async () => (await s.extension.send({ type: "settings/export" })).text;

  test("hostile imports are refused with a clear message and change nothing; a valid one is applied and logged", async () => {
    // One decision made in the options page (the UI channel is an options page) and one in the popup.
    await s.extension.send({ type: "site/set-mode", site: "kept.example", mode: "block" });
    const popup = await s.extension.openPage("popup/popup.html");
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: "site/set-hide-ip", site: "popup.example", hideIp: true }));
    await popup.close();
    const before = await exported();
    const page = await openImport();

    const hostile: [string, string, RegExp][] = [
      ["wrong-types.json", JSON.stringify({ schemaVersion: 1, sites: { "evil.example": { ...rule("sometimes") } }, metered: { budgetBytes: "lots" } }), /problems?; nothing was imported[\s\S]*sites\["evil\.example"\]\.mode[\s\S]*metered\.budgetBytes/],
      ["future.json", JSON.stringify({ schemaVersion: 99, sites: {} }), /newer Seedgate \(settings version 99/],
      ["proto.json", '{"schemaVersion":1,"__proto__":{"defaults":{"undecided":"block"}},"sites":{"__proto__":' + JSON.stringify(rule("allow")) + "}}", /"__proto__": unknown key[\s\S]*nothing was imported|nothing was imported[\s\S]*"__proto__"/],
      ["not-json.json", "{ schemaVersion: 1, }", /not valid JSON/],
      ["huge.json", " ".repeat(1_500_000), /larger than 1,000,000 bytes: too large to be Seedgate settings/],
    ];
    for (const [name, content, message] of hostile) {
      await importFile(page, name, content);
      const text = await waitForText(page, '[role="alert"]', /Nothing was imported/);
      expect({ name, text }).toEqual({ name, text: expect.stringMatching(message) });
      expect(text).toMatch(/Nothing was imported/);
      expect(text).toMatch(/Your settings are unchanged\./);
      expect(await exported()).toBe(before);
      await clickButton(page, "^Dismiss");
      await waitFor(() => page.evaluate(() => document.querySelector('[role="alert"]')), { message: "the alert dismissed" }, (a) => a === null);
    }
    // An oversized text that skips the page's own size check is refused by the background too.
    await expect(s.extension.send({ type: "settings/import", text: " ".repeat(1_000_001) })).rejects.toThrow(/too large to be Seedgate settings/);
    expect(await exported()).toBe(before);
    expect(ofType(await readLog(s.extension), "settings-import")).toEqual([]);

    // A valid file, as another browser's Seedgate exported it.
    const good = JSON.parse(before) as { sites: Record<string, unknown>; defaults: { undecided: string } };
    good.sites["imported.example"] = rule("allow");
    good.defaults.undecided = "block";
    await importFile(page, "good.json", JSON.stringify(good));
    await waitForText(page, '[role="status"]', /Imported good\.json: 3 site rules\./);
    const now = JSON.parse(await exported()) as typeof good & { sites: Record<string, { mode: string; decidedBy: string }> };
    expect(now.defaults.undecided).toBe("block");
    expect(now.sites["imported.example"]).toMatchObject({ mode: "allow", decidedBy: "import" });
    expect(now.sites["kept.example"]).toMatchObject({ mode: "block", decidedBy: "options" });
    expect(now.sites["popup.example"]).toMatchObject({ mode: "undecided", hideIp: true, decidedBy: "popup" });

    const log = await waitFor(() => readLog(s.extension), { message: "the import in the log" }, (l) => ofType(l, "settings-import").length > 0 && ofType(l, "decision").length >= 3);
    expect(ofType(log, "settings-import")[0]!.details).toEqual({ fromVersion: SCHEMA_VERSION, schemaVersion: SCHEMA_VERSION, sites: 3, warnings: 0 });
    const decisions = ofType(log, "decision").map((e) => ({ site: e.site, ...e.details }));
    expect(decisions).toEqual([
      { site: "kept.example", by: "options", mode: "block", previous: "undecided", hideIp: false },
      { site: "popup.example", by: "popup", mode: "undecided", previous: "undecided", hideIp: true },
      { site: "imported.example", by: "import", mode: "allow", previous: "undecided", hideIp: false },
    ]);

    // Export downloads the same settings as a file.
    const file = await savedFile(page, () => clickButton(page, "^Export settings"));
    expect(file.name).toMatch(/^seedgate-settings-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(file.text)).toEqual(now);
    await page.close();
  });
});
