// Node (jest e2e): checks the options page's views share: axe-core (injected from node_modules) for serious and
// critical violations, no horizontal scrolling, and a screenshot for people to look at.
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { appendBatch, toStored } from "../../../extension/core/log";
import { sampleDrafts } from "../../../extension/core/log/sample-entries";
import type { ExtensionHandle } from "./extension";
import { repoRoot } from "./paths";

const AXE = readFileSync(path.join(repoRoot, "node_modules/axe-core/axe.min.js"), "utf8");

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core over the whole page; the serious and critical violations (runs through CDP, so the page's CSP allows it). */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(`${AXE};0`);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

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

export async function shot(page: Page, dir: string, name: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Appends `n` sample entries of every type (every 7th on the site xn--bcher-kva.example) to the extension's log
 * database, chained on from its last entry as the background stores them; then restarts the service worker so the
 * background reads its new tail from the database.
 */
export async function appendSampleLog(context: BrowserContext, extension: ExtensionHandle, n: number): Promise<void> {
  await extension.worker();
  const page = await context.newPage();
  try {
    await page.goto(`${extension.origin}/manifest.json`);
    const tail = await page.evaluate(
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
    await page.evaluate(
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
  } finally {
    await page.close();
  }
  await extension.stopServiceWorker();
  await extension.wake();
}
