// Node (jest e2e), Chromium and Firefox: checks the options page's views share: axe-core and screenshots
// (harness/axe.ts), no horizontal scrolling; and a log of sample entries written into the extension's database.
import { createHash } from "node:crypto";
import { appendBatch, toStored } from "../../../extension/core/log";
import { sampleDrafts } from "../../../extension/core/log/sample-entries";
import type { ExtensionApi, TestPage as Page } from "./browser-session";
import { waitFor } from "./wait-for";

export { seriousViolations, shot } from "./axe";

/**
 * Whether anything scrolls sideways: the document's scrollWidth against the viewport, and every element inside that
 * scrolls horizontally (a table in an overflow box), except the raw JSON of a log entry, which may.
 */
export async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; scrollers: string[] }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    scrollers: [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.tagName !== "PRE" && /auto|scroll/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  }));
}

/**
 * Opens `path` of the extension (e.g. "options/options.html#/log") in the selected tab at `width` × `height` CSS
 * pixels in `scheme`, loaded at that size: the document is reloaded once size and scheme are set, as if the window
 * had them from the start (in Firefox the options page's matchMedia("(max-width: 640px)") listener saw no change
 * when BiDi's setViewport narrowed an open page, though matches() answered true). Selected, because Firefox
 * activates a focused button on Enter only in the tab in front (in a background tab the keys arrive, no click).
 */
export async function openAt(extension: ExtensionApi, pathAndQuery: string, { width, height = 900, scheme = "light" }: { width: number; height?: number; scheme?: "light" | "dark" }): Promise<Page> {
  const page = await extension.openPage(pathAndQuery);
  await page.bringToFront();
  await page.setViewport({ width, height });
  await page.emulateColorScheme(scheme);
  await page.evaluate(() => {
    (window as unknown as { e2eOld?: boolean }).e2eOld = true;
    setTimeout(() => location.reload(), 0);
  });
  await waitFor(
    () => page.evaluate(() => !(window as unknown as { e2eOld?: boolean }).e2eOld && document.readyState === "complete" && innerWidth),
    { timeout: 30_000, message: `${pathAndQuery} reloaded at ${width} px` },
    (w) => w === width,
  );
  return page;
}

/**
 * Waits until the background has made its log database (it opens it at start): opening one that does not exist
 * yet would make an empty database without the background's stores.
 */
export async function logDatabaseReady(extension: ExtensionApi): Promise<void> {
  await waitFor(
    () => extension.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === "seedgate-log")),
    { timeout: 30_000, message: "the extension's log database" },
    (made) => made,
  );
}

/**
 * Appends `n` sample entries of every type (every 7th on the site xn--bcher-kva.example) to the extension's log
 * database, chained on from its last entry as the background stores them (written with the extension's own
 * IndexedDB: its service worker in Chromium, an extension page in Firefox); then stops the background, and wakes
 * it with a request, so that it reads its new tail from the database.
 */
export async function appendSampleLog(extension: ExtensionApi, n: number): Promise<void> {
  await logDatabaseReady(extension);
  const tail = await extension.evaluate(
    () =>
      new Promise<{ seq: number; hash: string } | null>((resolve, reject) => {
        const req = indexedDB.open("seedgate-log");
        req.onsuccess = () => {
          const cur = req.result.transaction("entries").objectStore("entries").openCursor(null, "prev");
          cur.onsuccess = () => {
            const row = cur.result?.value as { line: string } | undefined;
            req.result.close();
            resolve(row ? (({ seq, hash }) => ({ seq, hash }))(JSON.parse(row.line) as { seq: number; hash: string }) : null);
          };
          cur.onerror = () => reject(cur.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );
  const drafts = sampleDrafts(n, Date.now() - n * 1000 - 60_000).map((d, i) => (i % 7 === 3 && d.site ? { ...d, site: "xn--bcher-kva.example" } : d));
  const chain = await appendBatch(tail, drafts, async (b) => createHash("sha256").update(b).digest());
  await extension.evaluate(
    (all) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open("seedgate-log");
        req.onsuccess = () => {
          const tx = req.result.transaction("entries", "readwrite");
          for (const line of all) {
            const e = JSON.parse(line) as { seq: number; site: string | null; type: string };
            tx.objectStore("entries").add({ seq: e.seq, site: e.site, type: e.type, line });
          }
          tx.oncomplete = () => (req.result.close(), resolve());
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
        req.onerror = () => reject(req.error);
      }),
    chain.map((e) => toStored(e).line),
  );
  await extension.stopBackground();
  await extension.send({ type: "settings/get" });
}
