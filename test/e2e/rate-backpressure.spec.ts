// Node (jest e2e), Chromium and Firefox with the built extension: a rate-limited site's sends wait in the guard's queue, and a client
// that paces itself on `bufferedAmount` and `bufferedamountlow` (as WebTorrent and most clients do) keeps going:
// the guard fires `bufferedamountlow` when releasing its queue brings the amount down past the threshold, which
// the browser never does when every released message is smaller than the threshold.
import { connectPeers } from "./harness/peers";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

const KiB = 1024;
const MSG = 16 * KiB;
const RATE = 512 * KiB;

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  jest.setTimeout(60_000);

  afterEach(async () => {
    await s.extension.send({ type: "site/remove", site: "127.0.0.1" });
  });

  test("a client waiting for bufferedamountlow on guard-queued bytes is woken and sends everything", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    await s.extension.send({ type: "site/set-limits", site: "127.0.0.1", dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: RATE });
    const pair = await connectPeers(s.browser, s.server);
    try {
      // peer.js sends while bufferedAmount <= 1 MiB, then waits for bufferedamountlow at 256 KiB: 96 messages
      // (1.5 MiB) make it wait on bytes the guard holds, released 16 KiB at a time at 512 KiB/s.
      const n = 96;
      const start = Date.now();
      const result = await pair.sender.page.evaluate(
        ([count, size]) =>
          Promise.race([
            (window as unknown as { peer: { send(n: number, size: number): Promise<{ sent: number; threw: number }> } }).peer.send(count!, size!),
            new Promise((resolve) => setTimeout(() => resolve("stalled"), 20_000)),
          ]),
        [n, MSG],
      );
      expect(result).toMatchObject({ sent: n, threw: 0 });
      await waitFor(() => pair.receiver.bytes(), { timeout: 20_000, message: "everything arrives" }, (b) => b === n * MSG);
      const ms = Date.now() - start;
      console.log(`${n * MSG} B through a ${RATE} B/s limit with bufferedamountlow pacing: ${ms} ms`);
      // The limit still holds: all but the first second's worth is released at the rate.
      expect(ms).toBeGreaterThanOrEqual(((n * MSG - RATE) / RATE) * 1000 - 200);
    } finally {
      await pair.close();
    }
  });
});
