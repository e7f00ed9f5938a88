// Node (jest e2e), Chromium and Firefox with the built extension: each mode of a site, proved with bytes counted where they arrive
// (the receiver peer on another site), and the decision reaching open pages live.
import { connectPeers } from "./harness/peers";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

const KiB = 1024;
const BOUND = 64 * KiB; // the undecided / download-only bound before anything is received

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  afterEach(async () => {
    for (const site of ["127.0.0.1", "localhost"]) await s.extension.send({ type: "site/remove", site });
  });

  test("undecided: uploads stop at 64 KiB for the site, refused with QuotaExceededError; receiving still works", async () => {
    const pair = await connectPeers(s.browser, s.server);
    try {
      const result = await pair.sender.send(64, 16 * KiB); // 1 MiB attempted
      expect(result.errors[0]).toBe("QuotaExceededError");
      expect(result.sent * 16 * KiB).toBeLessThanOrEqual(BOUND);
      expect(result.sent * 16 * KiB).toBeGreaterThanOrEqual(BOUND - 16 * KiB); // no send refused while budget remained
      // Every send that went through arrives, and nothing else does.
      const received = await waitFor(() => pair.receiver.bytes(), { message: "bytes at the receiver" }, (b) => b === result.sent * 16 * KiB);
      expect(received).toBeLessThanOrEqual(BOUND);
      const status = await pair.sender.page.evaluate(() => navigator.p2pConsent.query());
      expect(status).toMatchObject({ seeding: "undecided", reason: "default" });
      expect(status.uploadBudgetBytes).toBeLessThan(16 * KiB);
    } finally {
      await pair.close();
    }
  });

  test("allow: everything arrives, and the extension's count equals the bytes at the receiver", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const pair = await connectPeers(s.browser, s.server);
    try {
      const result = await pair.sender.send(64, 16 * KiB);
      expect(result).toMatchObject({ sent: 64, threw: 0 });
      const received = await waitFor(() => pair.receiver.bytes(), { message: "1 MiB at the receiver" }, (b) => b === 64 * 16 * KiB);
      const tabId = await s.extension.tabIdOf(pair.sender.page);
      const view = await waitFor(() => s.extension.send({ type: "site/get", tabId }), { message: "the extension's count" }, (v) => v.tab?.up === received);
      expect(view).toMatchObject({ site: "127.0.0.1", mode: "allow", effective: { seeding: "allowed", reason: "user" } });
    } finally {
      await pair.close();
    }
  });

  test("block: constructing a peer connection throws NotAllowedError naming Seedgate and the decision", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" });
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    try {
      const outcome = await page.evaluate(async () => {
        await navigator.p2pConsent.query();
        try {
          new RTCPeerConnection({ iceServers: [] });
          return { name: "none", message: "" };
        } catch (e) {
          return { name: (e as DOMException).name, message: (e as DOMException).message, isDomException: e instanceof DOMException };
        }
      });
      expect(outcome).toMatchObject({ name: "NotAllowedError", isDomException: true });
      expect(outcome.message).toMatch(/Seedgate/);
      expect(outcome.message).toMatch(/blocked on 127\.0\.0\.1/);
      expect(await page.evaluate(() => navigator.p2pConsent.query())).toMatchObject({ seeding: "blocked", uploadBudgetBytes: 0, reason: "user" });
    } finally {
      await page.close();
    }
  });

  test("a decision reaches open pages live, within 200 ms, and block closes their connections", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const pair = await connectPeers(s.browser, s.server);
    try {
      await pair.sender.page.evaluate(() => {
        const w = window as unknown as { changes: { at: number; seeding: string }[] };
        w.changes = [];
        navigator.p2pConsent.addEventListener("change", (e) => {
          w.changes.push({ at: Date.now(), seeding: (e as Event & { status: { seeding: string } }).status.seeding });
        });
      });
      const before = Date.now();
      await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" });
      const changes = await waitFor(
        () => pair.sender.page.evaluate(() => (window as unknown as { changes: { at: number; seeding: string }[] }).changes),
        { message: "the change event" },
        (c) => c.some((x) => x.seeding === "blocked"),
      );
      const lag = changes.find((x) => x.seeding === "blocked")!.at - before;
      expect(lag).toBeLessThan(200);
      await waitFor(() => pair.sender.state(), { message: "the connection closed" }, (s) => s.channel === "closed" || s.connection === "closed");
    } finally {
      await pair.close();
    }
  });

  test("hide my IP forces relay-only ICE: no candidate carries the visitor's address", async () => {
    await s.extension.send({ type: "site/set-hide-ip", site: "127.0.0.1", hideIp: true });
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    try {
      const r = await page.evaluate(async () => {
        await navigator.p2pConsent.query();
        const pc = new RTCPeerConnection({ iceServers: [], iceTransportPolicy: "all" });
        pc.createDataChannel("x");
        const candidates: string[] = [];
        // Firefox ends gathering with an empty candidate (end-of-candidates, no address): not a candidate.
        pc.onicecandidate = (e) => e.candidate?.candidate && candidates.push(e.candidate.candidate);
        await pc.setLocalDescription();
        await new Promise<void>((resolve) => {
          if (pc.iceGatheringState === "complete") resolve();
          pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && resolve();
        });
        const policy = pc.getConfiguration().iceTransportPolicy;
        // Read before close(): Firefox throws InvalidStateError for a closed connection's description.
        const sdpHasHost = /typ host/.test(pc.localDescription?.sdp ?? "");
        pc.close();
        return { policy, candidates, sdpHasHost };
      });
      expect(r).toEqual({ policy: "relay", candidates: [], sdpHasHost: false });
    } finally {
      await page.close();
    }
  });
});
