// Node (jest e2e), Chromium and Firefox with the built extension: byte rollups the background had not written yet (it writes them
// every 30 s or at close) survive the service worker being stopped in the middle of a transfer, and the
// connection opened before the stop still gets its closed entry. Checked against the bytes counted at the
// receiving peer, in the log as the options page exports it (and that export verifies).
import { createHash } from "node:crypto";
import { verifyJsonl, type LogEntry } from "../../extension/core/log";
import { connectPeers } from "./harness/peers";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

const KiB = 1024;
forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  /** The whole log as the options page exports it (log/export chunk by chunk). */
  async function exportedLog(): Promise<string> {
    let text = "";
    let from: number | null = null;
    let through: number | null = null;
    do {
      const chunk: { text: string; next: number | null; through: number | null } = await s.extension.send({ type: "log/export", format: "jsonl", from, through });
      text += chunk.text;
      from = chunk.next;
      through = chunk.through;
    } while (from !== null);
    return text;
  }
  const entriesOf = (text: string) => text.trim().split("\n").slice(1).map((l) => JSON.parse(l) as LogEntry);

  test("a service-worker stop mid-transfer loses no bytes rollup, and the connection's close is still logged", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const pair = await connectPeers(s.browser, s.server);
    let closed = false;
    try {
      const tabId = await s.extension.tabIdOf(pair.sender.page);
      expect(await pair.sender.send(16, 16 * KiB)).toMatchObject({ sent: 16, threw: 0 });
      await waitFor(() => pair.receiver.bytes(), { message: "256 KiB at the receiver" }, (b) => b === 256 * KiB);
      // The background has counted them (the tab's counter), so they sit in its pending rollup: stop it now.
      await waitFor(async () => (await s.extension.send({ type: "site/get", tabId })).tab?.up ?? 0, { message: "the background counted 256 KiB" }, (up) => up === 256 * KiB);
      await s.extension.stopBackground();

      expect(await pair.sender.send(8, 16 * KiB)).toMatchObject({ sent: 8, threw: 0 });
      const received = await waitFor(() => pair.receiver.bytes(), { message: "384 KiB at the receiver" }, (b) => b === 384 * KiB);
      // The sender's page goes: its connection closes (rolled up and closed as unloaded by the new worker life).
      await waitFor(async () => (await s.extension.send({ type: "site/get", tabId })).tab?.up ?? 0, { message: "the new worker counted the rest" }, (up) => up === 128 * KiB || up === 384 * KiB);
      await pair.sender.page.close();
      closed = true;

      const log = await waitFor(
        async () => entriesOf(await exportedLog()),
        { timeout: 20_000, interval: 500, message: "the sender's connection closed in the log" },
        (entries) => entries.some((e) => e.type === "connection-closed" && e.site === "127.0.0.1"),
      );
      const opened = log.filter((e) => e.type === "connection-opened" && e.site === "127.0.0.1");
      expect(opened).toHaveLength(1);
      const name = (opened[0]!.details as { connection: string }).connection;
      const bytes = log.filter((e): e is Extract<LogEntry, { type: "bytes" }> => e.type === "bytes" && e.details.connection === name);
      // One rollup written by the new life from the journal (before the stop), one at the close (after it).
      expect(bytes.length).toBeGreaterThanOrEqual(2);
      expect(bytes.reduce((n, e) => n + e.details.up, 0)).toBe(received);
      expect(log.filter((e) => e.type === "connection-closed" && (e.details as { connection: string }).connection === name)).toHaveLength(1);
      const verified = await verifyJsonl((await exportedLog()).split("\n"), async (b) => createHash("sha256").update(b).digest());
      expect(verified).toMatchObject({ ok: true, signing: { signed: true } });
    } finally {
      if (!closed) await pair.close();
      else await pair.receiver.page.close();
    }
  });
});
