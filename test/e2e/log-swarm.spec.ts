// Node (jest e2e), Chromium and Firefox with the built extension: the audit log of a real WebTorrent session between two sites. The
// seeder (127.0.0.1) is undecided and ignores Seedgate (?consent=0), so its uploads past the download-only bound
// are refused; the leecher (localhost) declares itself and finishes from the web seed. The log then holds the
// detection, each connection with the peer's address, byte rollups and the enforcement; the export from the
// options page verifies with `npm run verify-log`, one changed byte breaks it at that entry, and the entries
// survive a stopped service worker.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestPage as Page } from "./harness/browser-session";
import { forEachBrowser } from "./harness/browsers";
import { clickButton, fillTextbox, savedFile, setInputFile, waitForText } from "./harness/extension-page";
import { useBrowserSession } from "./harness/session";
import { startSwarm } from "./harness/swarm";
import { ofType, readLog, waitForLogEntry } from "./harness/audit-log";
import { repoRoot as root } from "./harness/paths";

const run = promisify(execFile);

jest.setTimeout(120_000);

/** `npm run verify-log -- FILE`: exit code and output. */
async function verifyLog(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [path.join(root, "scripts/verify-log.mjs"), file], { cwd: root });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { server: false, demo: true });
  const dir = mkdtempSync(path.join(tmpdir(), "seedgate-log-"));

  async function openLogSection(): Promise<Page> {
    const page = await s.extension.openPage("options/options.html#log");
    await waitForText(page, "h1", /^Log$/);
    return page;
  }

  test("a WebTorrent session between two sites is on the record, exports, verifies, and survives a worker stop", async () => {
    const swarm = await startSwarm(s.browser, s.demo, { seederQuery: "consent=0", leecherQuery: "fallback=3000" });
    try {
      await swarm.settle({ timeout: 45_000 });
    } finally {
      await swarm.close();
    }
    // Closing the tabs closes the connections: their rollups are written.
    const log = await waitForLogEntry(s.extension, "the seeder's refused sends", (e) => e.type === "sends-refused" && e.site === "127.0.0.1");

    // Detection: the leecher declared itself through the page API, and both pages load WebTorrent (a signature).
    const detections = (site: string) => ofType(log, "detection").filter((e) => e.site === site).map((e) => e.details);
    expect(detections("localhost")).toContainEqual(expect.objectContaining({ evidence: "declared", detail: expect.stringMatching(/webtorrent/i) }));
    expect(detections("127.0.0.1")).toContainEqual(expect.objectContaining({ evidence: "signature", detail: expect.stringMatching(/webtorrent/i) }));

    // Each side's connection, with the address and port the peer announced for the selected pair (Chromium hides
    // host addresses behind mDNS names; a peer elsewhere would show its IP).
    const opened = ofType(log, "connection-opened");
    for (const site of ["127.0.0.1", "localhost"]) {
      const mine = opened.filter((e) => e.site === site);
      expect(mine.length).toBeGreaterThan(0);
      for (const e of mine) {
        expect(e.details.iceServers).toEqual([]);
        expect(e.details.remote).toMatchObject({ address: expect.stringMatching(/^([0-9a-f-]+\.local|\d+\.\d+\.\d+\.\d+)$/), port: expect.any(Number), protocol: "udp" });
        expect(e.details.remote!.port).toBeGreaterThan(0);
        expect(e.details.candidateTypes.local.length).toBeGreaterThan(0);
      }
    }
    const seederConn = opened.find((e) => e.site === "127.0.0.1")!.details.connection;
    expect(ofType(log, "connection-closed").some((e) => e.details.connection === seederConn)).toBe(true);

    // Bytes as rollups, never one entry per send: the seeder's uploads on its connection.
    const seederBytes = ofType(log, "bytes").filter((e) => e.site === "127.0.0.1");
    const up = seederBytes.reduce((n, e) => n + e.details.up, 0);
    expect(up).toBeGreaterThan(0);
    expect(up).toBeLessThanOrEqual(64 * 1024 + 0.02 * seederBytes.reduce((n, e) => n + e.details.down, 0));
    expect(seederBytes.length).toBeLessThan(10);

    // Enforcement: refused sends as a rollup, and the client that ignored the signal.
    const refused = ofType(log, "sends-refused").filter((e) => e.site === "127.0.0.1");
    expect(refused[0]!.details).toMatchObject({ reason: "download-only", count: expect.any(Number) });
    expect(refused[0]!.details.count).toBeGreaterThan(0);
    expect(ofType(log, "signal-ignored").some((e) => e.site === "127.0.0.1")).toBe(true);
    console.log(`log after the swarm: ${log.length} entries: ${[...new Set(log.map((e) => e.type))].join(", ")}; seeder's peer ${JSON.stringify(opened[0]!.details.remote)}`);

    // Who learned my IP address, in the options page.
    const options = await openLogSection();
    await fillTextbox(options, "^Site", "127.0.0.1");
    await waitForText(options, "#who-learned-heading", /Who learned my IP address on 127\.0\.0\.1/);
    const seederPeer = opened.find((e) => e.site === "127.0.0.1")!.details.remote!.address!;
    expect(await waitForText(options, 'table[aria-labelledby="who-learned-heading"]', /./)).toContain(seederPeer);

    // Export from the options page (a blob download), verify with the repository's command.
    const saved = await savedFile(options, () => clickButton(options, "^Export JSON Lines"));
    const file = path.join(dir, "log.jsonl");
    writeFileSync(file, saved.text);
    const good = await verifyLog(file);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(new RegExp(`OK, ${log.length} entries`));

    // One changed byte in entry 3 (line 4: the header is line 1): broken at that entry.
    const lines = readFileSync(file, "utf8").split("\n");
    const target = lines[3]!;
    const at = target.indexOf('"time":"') + 8 + 3; // a digit of the year
    lines[3] = target.slice(0, at) + (target[at] === "1" ? "2" : "1") + target.slice(at + 1);
    const tampered = path.join(dir, "tampered.jsonl");
    writeFileSync(tampered, lines.join("\n"));
    const bad = await verifyLog(tampered);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/BROKEN at line 4 \(seq 3\): hash does not match/);

    // The options page verifies a file too.
    await setInputFile(options, "Verify an exported log", "log.jsonl", readFileSync(file, "utf8"), "text/plain");
    await waitForText(options, "*", /log\.jsonl: intact and signed by this install.s key/);
    await setInputFile(options, "Verify an exported log", "tampered.jsonl", readFileSync(tampered, "utf8"), "text/plain");
    expect(await waitForText(options, '[role="alert"]', /broken/)).toMatch(/broken at line 4 \(seq 3\)/);
    await options.close();

    // Retention runs on an alarm (hourly), registered by the background.
    const alarm = await s.extension.evaluate(() => chrome.alarms.get("seedgate/log-retention"));
    expect(alarm).toMatchObject({ name: "seedgate/log-retention", periodInMinutes: 60 });

    // Entries the log acknowledged survive a stopped service worker; the chain goes on from them.
    await s.extension.stopBackground();
    await s.extension.send({ type: "log/key" }); // wakes the background
    const after = await readLog(s.extension);
    expect(after.slice(0, log.length)).toEqual(log);
    const csvPage = await openLogSection();
    const csv = await savedFile(csvPage, () => clickButton(csvPage, "^Export CSV"));
    const csvFile = path.join(dir, "log.csv");
    writeFileSync(csvFile, csv.text);
    expect(readFileSync(csvFile, "utf8").split("\r\n").filter(Boolean).length).toBe(after.length + 1);

    // Clearing the log leaves one entry naming the checkpoint: the next export still verifies.
    await clickButton(csvPage, "^Clear the log");
    await waitForText(csvPage, "button", /Delete all entries/);
    await clickButton(csvPage, "^Delete all entries");
    await waitForText(csvPage, "*", new RegExp(`Removed ${after.length} entries`));
    const cleared = await readLog(s.extension);
    expect(cleared.map((e) => [e.seq, e.type])).toEqual([[after.length + 1, "log-pruned"]]);
    const again = await savedFile(csvPage, () => clickButton(csvPage, "^Export JSON Lines"));
    const clearedFile = path.join(dir, "cleared.jsonl");
    writeFileSync(clearedFile, again.text);
    const v = await verifyLog(clearedFile);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(new RegExp(`OK, 1 entries; checkpoint seq ${after.length} `));
    await csvPage.close();
  });
});
