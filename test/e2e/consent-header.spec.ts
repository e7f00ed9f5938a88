// Node (jest e2e), Chromium and Firefox with the built extension: the `Sec-P2P-Consent` request header as the server sees it — on
// the document and every subresource of a site with a decided rule or detected, with the value of the latest
// decision on the very next request, and never on an undecided, undetected site (DESIGN.md, promise 7).
//
// Checked to fail without its defence: with the sync after a decision removed (index.ts: store.onChange without
// header.sync()) "each decision..." failed at the first expect (no header on the allowed site's document); with
// "main_frame" dropped from RESOURCE_TYPES.chrome it failed on the document request only (subresources had it).
import type { TestPage as Page } from "./harness/browser-session";
import type { SeenRequest } from "./harness/fixture-server";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  const PAGE = `<!doctype html><meta charset="utf-8"><title>header</title>
  <link rel="stylesheet" href="/hdr/style.css?n=N">
  <script src="/hdr/script.js?n=N"></script>
  <img src="/hdr/pixel.txt?n=N">
  <script>fetch("/hdr/fetch.txt?n=N").then(() => { document.title = "fetched"; });</script>`;

  let round = 0;

  beforeAll(() => {
    s.server.page("/hdr/style.css", "body{}");
    s.server.page("/hdr/script.js", "window.loaded = true;");
    s.server.page("/hdr/pixel.txt", "x");
    s.server.page("/hdr/fetch.txt", "x");
    s.server.page("/hdr/declared.html", `<!doctype html><meta name="p2p-cdn" content="fixture-cdn"><title>declared</title>`);
  });

  afterEach(async () => {
    await s.extension.send({ type: "metered/set-manual", on: false, until: null });
    for (const site of ["127.0.0.1", "localhost"]) await s.extension.send({ type: "site/remove", site });
  });

  /** Loads a fresh page with four subresources on `origin`; returns the header each of its five requests carried. */
  async function visit(origin: string): Promise<(string | undefined)[]> {
    const n = ++round;
    const page: Page = await s.browser.newPage();
    try {
      await page.goto(`${origin}/hdr/page-${n}.html`);
      await waitFor(() => page.evaluate(() => document.title === "fetched"), { message: "the page fetched its subresources" });
      const mine = (r: SeenRequest) => r.path.includes(`page-${n}.html`) || r.path.endsWith(`?n=${n}`);
      // Five URLs. Firefox may fetch one twice (the <img> of a text/plain body: its preload, then the image load);
      // every request of a URL must carry the same header, so each URL answers once.
      const seen = await waitFor(() => s.server.requests.filter(mine), { message: "five requests" }, (list) => new Set(list.map((r) => r.path)).size === 5);
      const byPath = new Map<string, (string | undefined)[]>();
      for (const r of seen) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r.headers["sec-p2p-consent"] as string | undefined]);
      for (const [path, values] of byPath) expect([path, new Set(values).size]).toEqual([path, 1]);
      return [...byPath.values()].map((values) => values[0]);
    } finally {
      await page.close();
    }
  }

  beforeEach(() => {
    // Every page path is new, so nothing comes from a cache.
    for (let i = round + 1; i <= round + 20; i++) s.server.page(`/hdr/page-${i}.html`, PAGE.replaceAll("n=N", `n=${i}`));
  });

  test("an undecided site that nothing detected receives no header, and a page cannot forge one", async () => {
    expect(await visit(s.server.siteA)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // Sec- names are forbidden request headers: fetch drops them silently.
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    await page.evaluate(() => fetch("/hdr/fetch.txt?forged=1", { headers: { "Sec-P2P-Consent": "seeding=allowed" } }));
    await page.close();
    const forged = s.server.requests.find((r) => r.path === "/hdr/fetch.txt?forged=1");
    expect(forged?.headers["sec-p2p-consent"]).toBeUndefined();
  });

  test("each decision changes the header of the next request; other sites get none", async () => {
    const expected: [string, string][] = [
      ["allow", "seeding=allowed, metered=?0"],
      ["download-only", "seeding=download-only, metered=?0"],
      ["block", "seeding=blocked, metered=?0"],
    ];
    for (const [mode, value] of expected) {
      await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: mode as "allow" });
      expect(await visit(s.server.siteA)).toEqual([value, value, value, value, value]);
      expect(await visit(s.server.siteB)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    }
    // Back to undecided (the rule kept, mode undecided): no longer decided, never detected, so no header.
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "undecided" });
    expect(await visit(s.server.siteA)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  test("the metered switch reaches the header, and the value agrees with the page API", async () => {
    await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "allow" });
    await s.extension.send({ type: "metered/set-manual", on: true, until: null });
    // Allowed, but no seeding while metered (budget 0): what the page is told; RFC 8941 writes true as the bare key.
    expect(await visit(s.server.siteA)).toEqual(Array(5).fill("seeding=download-only, metered"));
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    const status = await page.evaluate(() => navigator.p2pConsent.query());
    await page.close();
    expect(status).toMatchObject({ seeding: "download-only", metered: true, reason: "metered" });
  });

  test("a detected undecided site receives `undecided` from the request after its detection", async () => {
    const first = await s.browser.newPage(`${s.server.siteB}/hdr/declared.html`);
    const firstHeader = s.server.requests.find((r) => r.host.startsWith("localhost") && r.path === "/hdr/declared.html")?.headers["sec-p2p-consent"];
    expect(firstHeader).toBeUndefined();
    const tabId = await s.extension.tabIdOf(first);
    await waitFor(() => s.extension.send({ type: "site/get", tabId }), { message: "the meta declaration detected" }, (v) => v.detected);
    await first.close();
    expect(await waitFor(() => visit(s.server.siteB), { message: "the header on localhost" }, (h) => h[0] !== undefined)).toEqual(
      Array(5).fill("seeding=undecided, metered=?0"),
    );
  });
});
