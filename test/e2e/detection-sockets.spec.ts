// Node (jest e2e), Chromium and Firefox with the built extension: evidence the guard sees beyond <script> tags of the top document — a
// WebSocket to a known tracker (the page's own `new WebSocket(url)`, even a URL object), and a known client's script
// written into a same-origin child frame the page made (an adopted realm). The tracker's host name is mapped to
// 127.0.0.1 by the browser (Chromium: --host-resolver-rules; Firefox: network.dns.localDomains), where nothing listens on 443: nothing leaves the machine.
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser, {
    chromiumArgs: ["--host-resolver-rules=MAP tracker.novage.com.ua 127.0.0.1"],
    // Firefox resolves the names in this list to the loopback address.
    firefoxPrefs: { "network.dns.localDomains": "tracker.novage.com.ua" },
  });

  test("a WebSocket to a known tracker is signature evidence; the page's socket works as before", async () => {
    s.server.page("/ws.html", `<!doctype html><meta charset="utf-8"><title>tracker</title><script>
      window.result = new Promise((resolve) => {
        const ws = new WebSocket(new URL("wss://tracker.novage.com.ua/announce"));
        window.sameCtor = ws.constructor === WebSocket && ws instanceof WebSocket && WebSocket.OPEN === 1;
        ws.onerror = () => resolve({ url: ws.url, state: ws.readyState });
      });</script>`);
    const page = await s.browser.newPage(`${s.server.siteA}/ws.html`);
    try {
      // The socket fails (nothing listens there) exactly as without Seedgate; its URL is what the page gave.
      expect(await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result)).toEqual({ url: "wss://tracker.novage.com.ua/announce", state: 3 });
      expect(await page.evaluate(() => (window as unknown as { sameCtor: boolean }).sameCtor)).toBe(true);
      const tabId = await s.extension.tabIdOf(page);
      const view = await waitFor(() => s.extension.send({ type: "site/get", tabId }), { message: "socket evidence" }, (v) => v.evidence.length > 0);
      expect(view.evidence).toEqual([expect.objectContaining({ kind: "signature", client: "p2p-media-loader", detail: expect.stringContaining("wss://tracker.novage.com.ua/announce") })]);
    } finally {
      await page.close();
    }
  });

  test("a known client's script written into a child frame the page made is seen (adopted realm)", async () => {
    s.server.page("/lib/p2p-media-loader-core.es.min.js", "window.__pml = true;", "text/javascript");
    s.server.page("/child.html", `<!doctype html><meta charset="utf-8"><title>child frame</title><body><script>
      const frame = document.createElement("iframe");
      document.body.appendChild(frame);
      const s = frame.contentDocument.createElement("script");
      s.src = "/lib/p2p-media-loader-core.es.min.js";
      frame.contentDocument.body.appendChild(s);
    </script></body>`);
    const page = await s.browser.newPage(`${s.server.siteB}/child.html`);
    try {
      const tabId = await s.extension.tabIdOf(page);
      const view = await waitFor(() => s.extension.send({ type: "site/get", tabId }), { message: "evidence from the child frame" }, (v) => v.evidence.length > 0);
      expect(view.evidence).toEqual([expect.objectContaining({ kind: "signature", client: "p2p-media-loader" })]);
      expect(view.site).toBe("localhost");
    } finally {
      await page.close();
    }
  });
});
