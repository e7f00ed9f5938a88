// Node: the store's images from the real UI. Starts the local demo (demo/server), drives the built extension
// (dist/chrome) in headless Chromium against it, and writes into store-assets/screenshots/:
//   popup-1280x800.png  the demo's visitor page with the popup of that detected site, as the toolbar shows it
//   sites-1280x800.png  the options page's Sites view (options.html#/sites)
//   log-1280x800.png    the options page's Log (options.html#/log)
//   promo-440x280.png   the small promo tile (icon, name, one line from the listing)
// Run `npm run store-assets` (builds first). Nothing leaves this machine: the demo listens on 127.0.0.1.
import { chromium } from "playwright-core";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CHROMIUM_FLAGS } from "../test/e2e/harness/chromium-flags.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ext = path.join(root, "dist", "chrome");
const out = path.join(root, "store-assets", "screenshots");
const chromiumPath = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));

async function until(what, fn, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`store-assets: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const dataUrl = (png) => `data:image/png;base64,${png.toString("base64")}`;

async function main() {
  if (!existsSync(path.join(ext, "manifest.json"))) throw new Error("no dist/chrome: run `npm run build` first");
  if (!chromiumPath) throw new Error("no Chromium found (set CHROMIUM_PATH)");
  mkdirSync(out, { recursive: true });
  const { startDemo } = await import(pathToFileURL(path.join(root, "demo", "server", "index.mjs")).href);
  const demo = await startDemo({ port: 0, quiet: true });
  const profile = mkdtempSync(path.join(os.tmpdir(), "seedgate-store-assets-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [...CHROMIUM_FLAGS, "--lang=en-US", `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
    ignoreDefaultArgs: ["--disable-extensions"],
    viewport: { width: 1280, height: 800 },
    colorScheme: "light",
  });
  try {
    const worker = await until("the extension's service worker", async () => context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://")));
    const origin = worker.url().split("/").slice(0, 3).join("/"); // URL.origin is "null" for chrome-extension:
    // The first-run page opens on install; the store shots do not need it.
    for (const p of context.pages()) if (p.url().startsWith(`${origin}/first-run/`)) await p.close();

    // A seeder and a visitor of the demo: the visitor's site is detected as a P2P CDN.
    const seeder = await context.newPage();
    await seeder.goto(`${demo.seederOrigin}/seed.html`);
    const visitor = await context.newPage();
    await visitor.goto(`${demo.leecherOrigin}/watch.html`);
    await visitor.bringToFront();
    const tabId = await until("the visitor's tab id", async () => {
      // eslint-disable-next-line no-undef -- runs in the service worker, where chrome is the extension API
      const [tab] = await worker.evaluate(() => chrome.tabs.query({ active: true, lastFocusedWindow: true }));
      return tab?.id ?? null;
    });
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 360, height: 800 });
    await popup.goto(`${origin}/popup/popup.html?tabId=${tabId}`);
    await until("the site detected in the popup", async () => (await popup.getByRole("button", { name: "Why does Seedgate think so?" }).count()) > 0, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // the page's transfer figures settle
    const box = await popup.evaluate(() => {
      const r = document.body.getBoundingClientRect();
      return { width: Math.ceil(r.width), height: Math.ceil(r.height) };
    });
    const popupPng = await popup.screenshot({ clip: { x: 0, y: 0, width: box.width, height: box.height } });
    await visitor.bringToFront();
    const pagePng = await visitor.screenshot();
    await popup.close();

    // The composed shot: the visitor page with the popup where the toolbar button opens it.
    const canvas = await context.newPage();
    await canvas.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;overflow:hidden;position:relative;background:#fff">
      <img src="${dataUrl(pagePng)}" style="position:absolute;inset:0;width:1280px;height:800px;filter:brightness(0.96)">
      <img src="${dataUrl(popupPng)}" style="position:absolute;top:8px;right:16px;width:${box.width}px;height:${Math.min(box.height, 784)}px;object-fit:cover;object-position:top;border:1px solid #d1d9e0;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.28)">
      </body></html>`);
    await canvas.screenshot({ path: path.join(out, "popup-1280x800.png") });

    // The options page's Sites view and Log, as they are.
    const options = await context.newPage();
    for (const [name, hash] of [["sites", "#/sites"], ["log", "#/log"]]) {
      await options.goto(`${origin}/options/options.html${hash}`);
      await options.waitForLoadState("load");
      await new Promise((r) => setTimeout(r, 1500));
      await options.screenshot({ path: path.join(out, `${name}-1280x800.png`) });
    }

    // The 440×280 promo tile.
    const icon = readFileSync(path.join(root, "store-assets", "icons", "icon.svg"), "utf8");
    await canvas.setViewportSize({ width: 440, height: 280 });
    await canvas.setContent(`<!doctype html><html><body style="margin:0;width:440px;height:280px;display:grid;place-items:center;background:linear-gradient(135deg,#0d4429,#1a7f37);font-family:system-ui,sans-serif;color:#fff">
      <div style="display:grid;justify-items:center;gap:10px;text-align:center;padding:0 28px">
        <div style="width:84px;height:84px">${icon.replace("<svg", '<svg width="84" height="84"')}</div>
        <div style="font-size:34px;font-weight:700;letter-spacing:.5px">Seedgate</div>
        <div style="font-size:16px;line-height:1.35;max-width:360px">You decide which sites may upload through your connection.</div>
      </div></body></html>`);
    await canvas.screenshot({ path: path.join(out, "promo-440x280.png") });
    console.log(`store-assets: wrote popup, sites, log (1280×800) and promo (440×280) to ${path.relative(root, out)}/`);
  } finally {
    await context.close();
    await demo.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
