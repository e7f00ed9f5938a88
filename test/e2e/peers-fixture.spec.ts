// Node (jest e2e), Chromium and Firefox without the extension: proves the two-peer fixture itself. Every byte sent
// arrives and is counted at the receiver, across two sites, so specs with the extension can trust it.
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { connectPeers } from "./harness/peers";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, { extension: false });

  test.each([
    { n: 200, size: 1024, kind: "binary" as const },
    { n: 32, size: 64 * 1024, kind: "binary" as const },
    { n: 50, size: 999, kind: "string" as const },
  ])("$n $kind messages of $size bytes arrive and are counted exactly", async ({ n, size, kind }) => {
    const peers = await connectPeers(s.browser, s.server);
    try {
      const result = await peers.sender.send(n, size, { kind });
      expect(result).toEqual({ sent: n, threw: 0, errors: [] });
      await waitFor(() => peers.receiver.messages(), { message: `${n} messages` }, (m) => m >= n);
      expect(await peers.receiver.bytes()).toBe(n * size);
      expect(await peers.receiver.messages()).toBe(n);
    } finally {
      await peers.close();
    }
  });

  test("the sender and receiver are on two different sites", async () => {
    const peers = await connectPeers(s.browser, s.server);
    try {
      expect(new URL(peers.sender.page.url()).hostname).toBe("127.0.0.1");
      expect(new URL(peers.receiver.page.url()).hostname).toBe("localhost");
      expect((await peers.receiver.state()).channels).toBe(1);
    } finally {
      await peers.close();
    }
  });

  test("a send on a closed channel is reported as the browser answers it (thrown, with the error name, or dropped); nothing arrives", async () => {
    const peers = await connectPeers(s.browser, s.server);
    try {
      await peers.sender.closeChannel();
      await waitFor(() => peers.sender.state(), { message: "sender channel closed" }, (s) => s.channel === "closed");
      const before = await peers.receiver.bytes();
      const result = await peers.sender.send(3, 10);
      if (browser === "chromium") expect(result).toEqual({ sent: 0, threw: 3, errors: ["InvalidStateError", "InvalidStateError", "InvalidStateError"] });
      // Firefox (ESR 153, measured) drops the data of send() on a closed channel without throwing.
      else expect(result).toEqual({ sent: 3, threw: 0, errors: [] });
      await new Promise((r) => setTimeout(r, 300));
      expect(await peers.receiver.bytes()).toBe(before);
    } finally {
      await peers.close();
    }
  });
});
