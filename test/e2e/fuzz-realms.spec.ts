// Node (jest e2e), Chromium with dist/chrome and Firefox ESR with dist/firefox: seeded fuzzing of realms and
// connections (issue 17). Each generated page (harness/fuzz-gen.ts, run by pages/fuzz-runtime.js) makes frames of
// every kind, nests, navigates, moves and removes them, opens connection pairs with their ends in random realms,
// sends, closes and may navigate away. Passes when no renderer crashes, no error from Seedgate's own script reaches
// the page, and the bytes counted at the receivers stay within the site's allowance (an undecided site declared a
// P2P CDN: 64 KiB + 2% of what it received; every receiver here is on that site, so received = rx).
// Replay: SEEDGATE_FUZZ_SEED=<printed seed> (SEEDGATE_FUZZ_PAGES=<n> for more or fewer pages, SEEDGATE_FUZZ_FROM=<i>
// to start at page i).
// Checked that it fails without the stats fix: SEEDGATE_DIST at a build of the parent commit, seed 44899288 →
// renderer crashes (15 findings in 100 pages); the fixed build passes the same seed. The byte bound: with the upload
// gate removed (every send on the unlimited path), seed 777 and 40 pages, the receivers got 254,144 B against an
// allowance of 70,618 B and the test failed; the site's 64 KiB is shared by every page of the run.
import type { Page as ChromiumPage } from "playwright-core";
import type { Page as FirefoxPage } from "puppeteer-core";
import { pageScript } from "./harness/fuzz-gen";
import { launchFirefox, type FirefoxSession } from "./harness/firefox";
import { useExtensionSession } from "./harness/session";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(240_000);

const SEED = Number(process.env.SEEDGATE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
// 60 pages per browser and run, each run with a new seed (printed): 100 pages took 98-108 s per browser beside
// another browser in the two-worker suite; more pages for a longer hunt with SEEDGATE_FUZZ_PAGES.
const PAGES = Number(process.env.SEEDGATE_FUZZ_PAGES ?? 60);
// Replay from one page on (its index, as a finding names it): SEEDGATE_FUZZ_FROM=<i>.
const FROM = Number(process.env.SEEDGATE_FUZZ_FROM ?? 0);
const PAGE_TIMEOUT_MS = 15_000;
/** SEEDGATE_FUZZ_TRACE=1: each page's stages on stderr (where a run stopped making progress). */
const trace = (line: string) => void (process.env.SEEDGATE_FUZZ_TRACE && process.stderr.write(`${line}\n`));
const KiB = 1024;

interface FuzzError {
  step: string;
  name: string;
  message: string;
  stack: string;
}
interface FuzzResult {
  done: boolean;
  away: boolean;
  rx: number;
  steps: number;
  errors: FuzzError[];
}

const DOM_ERRORS = new Set(["InvalidStateError", "QuotaExceededError", "NotAllowedError", "OperationError", "InvalidAccessError", "NetworkError", "DataError", "SyntaxError", "TypeError"]);
/**
 * An error of Seedgate's own script: the extension's script is in its stack and it is not one of the errors a
 * WebRTC native throws itself (a native called from the guard's wrapper has the wrapper on its stack too), nor
 * one Seedgate throws on purpose ("Seedgate: ..."). Firefox names MAIN-world content scripts "<anonymous code>".
 */
export function isSeedgateError(e: FuzzError): boolean {
  const inExtension = /(chrome|moz)-extension:\/\/|<anonymous code>/.test(e.stack) || /<anonymous code>/.test(e.message);
  if (!inExtension || e.message.startsWith("Seedgate:")) return false;
  return !(DOM_ERRORS.has(e.name) && /Failed to|called on|is not|closed|state/i.test(e.message));
}

function html(seed: number, index: number): string {
  return `<!doctype html><meta charset="utf-8"><meta name="p2p-cdn" content="fuzz"><title>fuzz ${seed}/${index}</title><body>
<script>${pageScript(seed, index)}</script><script src="/fuzz-runtime.js"></script>`;
}

async function fuzz(browser: string, open: () => Promise<ChromiumPage | FirefoxPage>, siteA: string, addPage: (p: string, body: string) => void) {
  const started = Date.now();
  let page = await open();
  let rx = 0;
  const found: string[] = [];
  let crashed = false;
  for (let i = FROM; i < PAGES; i++) {
    const path = `/fuzz/${SEED}-${i}.html`;
    addPage(path, html(SEED, i));
    trace(`${browser} page ${i}`);
    try {
      // A page that navigated itself away (r.away, below) may in rare cases still be navigating: Firefox then aborts
      // our navigation (NS_BINDING_ABORTED, or BiDi's "A new navigation interrupted an unfinished navigation"),
      // Chromium says ERR_ABORTED. Load the next page again once; it must still load, run and answer.
      const url = `${siteA}${path}`;
      await (page as ChromiumPage).goto(url, { timeout: 30_000 }).catch(async (err: unknown) => {
        if (/NS_BINDING_ABORTED|ERR_ABORTED|interrupted an unfinished navigation/.test(String(err))) return (page as ChromiumPage).goto(url, { timeout: 30_000 });
        // Timed out: if the page itself says it loaded, only the driver missed its load event, and the run goes on.
        const at = await (page as ChromiumPage).evaluate(() => [location.href, document.readyState]).catch(() => null);
        trace(`${browser} page ${i}: ${String(err).slice(0, 120)}; the page says ${JSON.stringify(at)}`);
        if (at?.[0] !== url || at[1] !== "complete") throw err;
      });
      trace(`${browser} page ${i} loaded`);
      let timer: NodeJS.Timeout | undefined;
      const r = (await Promise.race([
        (page as ChromiumPage).evaluate(() => (window as unknown as { fuzzStart(): Promise<FuzzResult> }).fuzzStart()),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("page timed out")), PAGE_TIMEOUT_MS))),
      ]).finally(() => clearTimeout(timer))) as FuzzResult;
      rx += r.rx;
      trace(`${browser} page ${i} ran ${JSON.stringify({ ...r, errors: r.errors.length })}`);
      // The page navigates away after it answered: let that finish before the next page loads. Asked of the page
      // itself: the driver's url() may lag behind a navigation the page started.
      if (r.away) await waitFor(() => (page as ChromiumPage).evaluate(() => location.href).catch(() => null), { timeout: 10_000, message: `page ${i} gone to about:blank` }, (h) => h === "about:blank").catch(() => {});
      for (const e of r.errors) if (isSeedgateError(e)) found.push(`page ${i}: ${e.step}: ${e.name}: ${e.message}\n${e.stack}`);
    } catch (err) {
      const text = String(err);
      if (/crash/i.test(text)) crashed = true;
      found.push(`page ${i}: ${text.slice(0, 300)}`);
      trace(`${browser} page ${i} failed: ${text.slice(0, 300)}`);
      // A page stuck in a navigation can also be slow to close: the next one does not wait for it.
      void page.close().catch(() => {});
      page = await open();
    }
  }
  await page.close().catch(() => {});
  const ms = Date.now() - started;
  const allowance = 64 * KiB + 0.02 * rx;
  console.log(`${browser} fuzz: SEEDGATE_FUZZ_SEED=${SEED}, ${PAGES} pages in ${(ms / 1000).toFixed(1)} s; receivers got ${rx} B (allowance ${Math.floor(allowance)} B); ${found.length} finding(s)`);
  return { rx, allowance, found, crashed };
}

const s = useExtensionSession();

test(`Chromium: ${PAGES} generated pages: no crash, no Seedgate error, receivers within the allowance`, async () => {
  const r = await fuzz("Chromium", () => s.browser.newPage(), s.server.siteA, (p, b) => s.server.page(p, b));
  expect(r.crashed).toBe(false);
  expect(r.found).toEqual([]);
  expect(r.rx).toBeLessThanOrEqual(r.allowance);
});

// Firefox: the same pages. Its runs used to stop making progress; that was the guard throwing NS_ERROR_UNEXPECTED
// into page calls after a frame was removed (engine.ts stateOf). 100 pages take 45–48 s here (seeds 44899288, 777).
describe("Firefox", () => {
  let firefox: FirefoxSession;
  beforeAll(async () => {
    firefox = await launchFirefox({ prefs: { "media.peerconnection.ice.obfuscate_host_addresses": false } });
  });
  afterAll(async () => {
    await firefox?.close();
  });
  test(`${PAGES} generated pages: no crash, no Seedgate error, receivers within the allowance`, async () => {
    const r = await fuzz("Firefox", () => firefox.newPage(), s.server.siteA, (p, b) => s.server.page(p, b));
    expect(r.crashed).toBe(false);
    expect(r.found).toEqual([]);
    expect(r.rx).toBeLessThanOrEqual(r.allowance);
  });
});
