// Node (jest e2e), Chromium and Firefox with the built extension: a page that loads a known P2P CDN client (a script whose URL, or a
// global whose name, is in the shipped signature list; served locally) is detected before it opens any peer
// connection: the badge turns "?", the popup's evidence says why, and from then on the undecided bound holds.
// An element whose id is a client's global name (named access on window) is not a library and flags nothing.
import type { TestPage as Page } from "./harness/browser-session";
import { forEachBrowser, pause } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(60_000);

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  /** A page that loads `head` and creates no peer connection; `window.pcs` counts any that would be created. */
  const page = (head: string) => `<!doctype html><meta charset="utf-8"><title>known client</title>
  <script>window.pcs = 0; const P = RTCPeerConnection; window.RTCPeerConnection = function (...a) { window.pcs++; return new P(...a); };</script>
  ${head}<body>no peer connection here</body>`;

  async function evidenceOf(tabId: number) {
    return (await s.extension.send({ type: "site/get", tabId })).evidence;
  }

  /** Polls the popup's evidence for the page's tab until it names `client`; how long that took after the load. */
  async function detected(p: Page, client: string) {
    const tabId = await s.extension.tabIdOf(p);
    const start = Date.now();
    const evidence = await waitFor(() => evidenceOf(tabId), { timeout: 5_000, interval: 20, message: `evidence of ${client}` }, (ev) => ev.some((e) => e.client === client));
    return { tabId, evidence, ms: Date.now() - start };
  }

  const pcs = (p: Page) => p.evaluate(() => (window as unknown as { pcs: number }).pcs);

  // Evidence is kept per site and the fixture server has two (127.0.0.1, localhost): the page that must flag
  // nothing runs first on each.
  test("an element named like a client's global (named access on window) flags nothing", async () => {
    s.server.page("/named.html", page('<div id="peer5"></div><div id="edgemesh"></div><script>window.named = typeof window.peer5;</script>'));
    const quiet = await s.browser.newPage(`${s.server.siteA}/named.html`);
    try {
      expect(await quiet.evaluate(() => (window as unknown as { named: string }).named)).toBe("object"); // the element
      // The guard probes at DOMContentLoaded, load, and 1 s and 4 s later: wait past the 1 s probe.
      await pause(1_500);
      const tabId = await s.extension.tabIdOf(quiet);
      expect(await evidenceOf(tabId)).toEqual([]);
      expect((await s.extension.badge(tabId)).text).toBe("");
    } finally {
      await quiet.close();
    }
  });

  test("a page's getter on a probed name is never called; an accessor at the last step counts as present", async () => {
    s.server.page("/getter.html", page(`<script>window.getterCalls = 0;
      Object.defineProperty(window, "edgemesh", { get() { window.getterCalls++; return {}; }, configurable: true });
      window.p2pml = { get hlsjs() { window.getterCalls++; return { Engine: function () {} }; } };</script>`));
    const p = await s.browser.newPage(`${s.server.siteA}/getter.html`);
    try {
      const { tabId, ms } = await detected(p, "edgemesh");
      console.log(`global signature: evidence ${ms} ms after the page loaded`);
      const badge = await waitFor(() => s.extension.badge(tabId), { message: 'the badge "?"' }, (b) => b.text === "?");
      expect(badge.text).toBe("?");
      await pause(1_200); // the 1 s probe ran too
      expect((await evidenceOf(tabId)).map((e) => e.client)).not.toContain("p2p-media-loader-v1"); // p2pml.hlsjs is an accessor
      expect(await p.evaluate(() => (window as unknown as { getterCalls: number }).getterCalls)).toBe(0);
    } finally {
      await p.close();
    }
  });

  test("a script URL of a known client (p2p-media-loader's ES build) is detected before any peer connection", async () => {
    s.server.page("/lib/p2p-media-loader-core.es.min.js", "window.__pml = true;", "text/javascript");
    s.server.page("/pml.html", page('<script src="/lib/p2p-media-loader-core.es.min.js"></script>'));
    const p = await s.browser.newPage(`${s.server.siteA}/pml.html`);
    try {
      const { evidence, ms } = await detected(p, "p2p-media-loader");
      console.log(`script signature: evidence ${ms} ms after the page loaded`);
      expect(await pcs(p)).toBe(0);
      expect(evidence).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "signature", client: "p2p-media-loader", detail: expect.stringContaining("/lib/p2p-media-loader-core.es.min.js") })]));
      expect(evidence.every((e) => e.source && e.at)).toBe(true);
    } finally {
      await p.close();
    }
  });

  test("a module import of a known client (no <script> element) is detected, and badged, before any peer connection", async () => {
    s.server.page("/vendor/webtorrent.min.js", "export default class WebTorrent {}", "text/javascript");
    s.server.page("/wt-module.html", page('<script type="module">import WebTorrent from "/vendor/webtorrent.min.js"; window.wt = WebTorrent;</script>'));
    const p = await s.browser.newPage(`${s.server.siteB}/wt-module.html`);
    try {
      const { tabId, ms } = await detected(p, "webtorrent");
      const badge = await waitFor(() => s.extension.badge(tabId), { interval: 20, message: 'the badge "?"' }, (b) => b.text === "?");
      console.log(`module import signature: evidence ${ms} ms after the page loaded`);
      expect(badge.text).toBe("?");
      expect(await pcs(p)).toBe(0);
      // Detected: the undecided bound now applies to this site's pages (no longer untouched).
      const view = await s.extension.send({ type: "site/get", tabId });
      expect(view).toMatchObject({ detected: true, effective: { seeding: "undecided", uploadBudgetBytes: 64 * 1024 } });
    } finally {
      await p.close();
    }
  });

  test("a global of a known client (peer5) is detected", async () => {
    s.server.page("/peer5.html", page("<script>window.peer5 = { configure() {}, isEnabled() { return true; } };</script>"));
    const p = await s.browser.newPage(`${s.server.siteB}/peer5.html`);
    try {
      const { evidence } = await detected(p, "peer5");
      expect(evidence).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "signature", client: "peer5", detail: expect.stringMatching(/^global peer5 is Peer5/) })]));
      expect(await pcs(p)).toBe(0);
    } finally {
      await p.close();
    }
  });
});
