// Node (jest e2e), Chromium with dist/chrome: the audit log of a real WebTorrent session between two sites. The
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
import type { Page } from "playwright-core";
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { extensionOf, type ExtensionHandle } from "./harness/extension";
import { startDemoServer, type DemoServer } from "./harness/demo-server";
import { startSwarm } from "./harness/swarm";
import { ofType, readLog, waitForEntry } from "./harness/audit-log";
import { repoRoot as root } from "./harness/paths";

const run = promisify(execFile);
let browser: ChromiumSession;
let extension: ExtensionHandle;
let demo: DemoServer;
const dir = mkdtempSync(path.join(tmpdir(), "seedgate-log-"));

beforeAll(async () => {
  [browser, demo] = await Promise.all([launchChromium(), startDemoServer()]);
  extension = await extensionOf(browser);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function openLogSection(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${extension.origin}/options/options.html#log`);
  await page.getByRole("region", { name: "Log" }).waitFor();
  return page;
}

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

test("a WebTorrent session between two sites is on the record, exports, verifies, and survives a worker stop", async () => {
  const swarm = await startSwarm(browser.context, demo, { seederQuery: "consent=0", leecherQuery: "fallback=3000" });
  try {
    await swarm.settle({ timeout: 45_000 });
  } finally {
    await swarm.close();
  }
  // Closing the tabs closes the connections: their rollups are written.
  const log = await waitForEntry(browser.context, extension.origin, "the seeder's refused sends", (e) => e.type === "sends-refused" && e.site === "127.0.0.1");

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
  await options.getByRole("textbox", { name: "Site", exact: true }).fill("127.0.0.1");
  const learned = options.getByRole("table", { name: /Who learned my IP address on 127\.0\.0\.1/ });
  await learned.waitFor();
  const seederPeer = opened.find((e) => e.site === "127.0.0.1")!.details.remote!.address!;
  expect(await learned.textContent()).toContain(seederPeer);

  // Export from the options page (a blob download), verify with the repository's command.
  const [download] = await Promise.all([options.waitForEvent("download"), options.getByRole("button", { name: "Export JSON Lines" }).click()]);
  const file = path.join(dir, "log.jsonl");
  await download.saveAs(file);
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
  const input = options.getByLabel(/Verify an exported log/);
  await input.setInputFiles(file);
  await options.getByText(/log\.jsonl: intact and signed by this install.s key/).waitFor();
  await input.setInputFiles(tampered);
  expect(await options.getByRole("alert").textContent()).toMatch(/broken at line 4 \(seq 3\)/);
  await options.close();

  // Retention runs on an alarm (hourly), registered by the background.
  const alarm = await extension.evaluate(() => chrome.alarms.get("seedgate/log-retention"));
  expect(alarm).toMatchObject({ name: "seedgate/log-retention", periodInMinutes: 60 });

  // Entries the log acknowledged survive a stopped service worker; the chain goes on from them.
  await extension.stopServiceWorker();
  await extension.wake();
  const after = await readLog(browser.context, extension.origin);
  expect(after.slice(0, log.length)).toEqual(log);
  const csvPage = await openLogSection();
  const [csv] = await Promise.all([csvPage.waitForEvent("download"), csvPage.getByRole("button", { name: "Export CSV" }).click()]);
  const csvFile = path.join(dir, "log.csv");
  await csv.saveAs(csvFile);
  expect(readFileSync(csvFile, "utf8").split("\r\n").filter(Boolean).length).toBe(after.length + 1);

  // Clearing the log leaves one entry naming the checkpoint: the next export still verifies.
  await csvPage.getByRole("button", { name: "Clear the log…" }).click();
  await csvPage.getByRole("button", { name: "Delete all entries" }).click();
  await csvPage.getByText(new RegExp(`Removed ${after.length} entries`)).waitFor();
  const cleared = await readLog(browser.context, extension.origin);
  expect(cleared.map((e) => [e.seq, e.type])).toEqual([[after.length + 1, "log-pruned"]]);
  const [again] = await Promise.all([csvPage.waitForEvent("download"), csvPage.getByRole("button", { name: "Export JSON Lines" }).click()]);
  const clearedFile = path.join(dir, "cleared.jsonl");
  await again.saveAs(clearedFile);
  const v = await verifyLog(clearedFile);
  expect(v.code).toBe(0);
  expect(v.out).toMatch(new RegExp(`OK, 1 entries; checkpoint seq ${after.length} `));
  await csvPage.close();
});
