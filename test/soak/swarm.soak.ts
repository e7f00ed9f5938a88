// Node (jest project "soak", `npm run soak`; not in `npm test`): a long WebTorrent swarm with Seedgate, side by side
// with the same swarm in a Chromium without it. Per browser: the demo site (its own server and tracker), a seeder tab
// on http://127.0.0.1 (allowed, with a daily budget that runs out about halfway), two leecher tabs on
// http://localhost (download only, with the client library's adapter) reloaded in turn every RELOAD_MS, and a tab
// opened on localhost every CHURN_MS and closed CHURN_LIFE_MS later. Every SAMPLE_MS it samples, after a forced GC,
// the JS heap of the three long-lived tabs (CDP Runtime.getHeapUsage: the page's isolate, which holds the guard and
// the bridge too) and of the extension's service worker, and the audit log's size. Reports least-squares slopes
// (bytes per minute): each tab with and without Seedgate, the difference (what Seedgate adds), the background.
// Checks: no renderer crashed; bytes the peers received stayed within the allowances (the seeder site's budget; the
// download-only bound of 64 KiB + 2% of what the leecher site received); once every tab is closed the log gets its
// closing entries and then stops growing (it grows only with real events). Figures go to stdout and to the "Soak"
// section of docs/performance.md. SEEDGATE_SOAK_MINUTES sets the duration (default 30).
import puppeteer, { type Browser, type CDPSession, type Page, type Target } from "puppeteer-core";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CHROMIUM_FLAGS } from "../e2e/harness/chromium-flags.mjs";
import { startDemoServer, type DemoServer } from "../e2e/harness/demo-server";
import { chromiumPath, distChrome, repoRoot } from "../e2e/harness/paths";
import { waitFor } from "../e2e/harness/wait-for";
import { leastSquares } from "./least-squares";

const MINUTES = Number(process.env.SEEDGATE_SOAK_MINUTES ?? 30);
const SAMPLE_MS = Math.min(60_000, Math.max(10_000, (MINUTES * 60_000) / 30));
const RELOAD_MS = 30_000;
const CHURN_MS = 5_000;
const CHURN_LIFE_MS = 10_000;
const QUIET_MS = 30_000;
const MiB = 1024 * 1024;
const CONTENT_BYTES = 1 * MiB;
/** The seeder site's daily budget: peers took ~2.9 MiB a minute in a 3-minute run, so it runs out about halfway. */
const SEEDER_BUDGET = Math.round(MINUTES * 1.4 * MiB);
const SEEDER_SITE = "127.0.0.1";
const LEECHER_SITE = "localhost";

jest.setTimeout((MINUTES + 10) * 60_000);

interface DemoWindow {
  demo: { done(): boolean; fromPeers(): number; protocolBytes(): { received: number; sent: number }; error(): string | null };
}

interface Sample {
  minute: number;
  tabs: number[];
  worker: number | null;
  logEntries: number | null;
}

interface Rig {
  readonly name: string;
  readonly browser: Browser;
  readonly demo: DemoServer;
  readonly extensionId: string | null;
  readonly ui: Page | null;
  readonly userDataDir: string;
  seeder: Page;
  leechers: Page[];
  churn: { page: Page; closeAt: number }[];
  crashes: string[];
  pageErrors: number;
  /** Bytes localhost tabs received through peer connections (every tab, before each reload and close). */
  leecherReceived: number;
  leecherFromPeers: number;
  tabsOpened: number;
  samples: Sample[];
  cdp: Map<Page, CDPSession>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function launch(name: string, withExtension: boolean): Promise<Rig> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "seedgate-soak-"));
  const demo = await startDemoServer({ contentBytes: CONTENT_BYTES, fileCount: 2 });
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    pipe: true,
    userDataDir,
    args: [...CHROMIUM_FLAGS],
    enableExtensions: withExtension ? [distChrome] : false,
  });
  let extensionId: string | null = null;
  let ui: Page | null = null;
  if (withExtension) {
    const worker = await browser.waitForTarget((t) => t.type() === "service_worker" && t.url().startsWith("chrome-extension://"), { timeout: 20_000 });
    extensionId = new URL(worker.url()).host;
    ui = await browser.newPage();
    await ui.goto(`chrome-extension://${extensionId}/options/options.html`);
    const send = (req: unknown) => ui!.evaluate((r) => chrome.runtime.sendMessage(r), req as never);
    await send({ type: "site/set-mode", site: SEEDER_SITE, mode: "allow" });
    await send({ type: "site/set-limits", site: SEEDER_SITE, dailyBudgetBytes: SEEDER_BUDGET, monthlyBudgetBytes: null, rateLimitBps: null });
    await send({ type: "site/set-mode", site: LEECHER_SITE, mode: "download-only" });
  }
  const rig: Rig = {
    name,
    browser,
    demo,
    extensionId,
    ui,
    userDataDir,
    seeder: undefined as unknown as Page,
    leechers: [],
    churn: [],
    crashes: [],
    pageErrors: 0,
    leecherReceived: 0,
    leecherFromPeers: 0,
    tabsOpened: 0,
    samples: [],
    cdp: new Map(),
  };
  rig.seeder = await open(rig, `${demo.seederOrigin}/seed.html`);
  await waitFor(() => rig.seeder.evaluate(() => (window as unknown as DemoWindow).demo.done()), { timeout: 30_000, message: `${name}: the seeder holds the gallery` });
  rig.leechers = [await open(rig, leecherUrl(rig)), await open(rig, leecherUrl(rig))];
  return rig;
}

const leecherUrl = (rig: Rig) => `${rig.demo.leecherOrigin}/watch.html?adapter=1`;

async function open(rig: Rig, url: string): Promise<Page> {
  const page = await rig.browser.newPage();
  rig.tabsOpened++;
  page.on("error", (err) => rig.crashes.push(`${url}: ${err.message}`));
  page.on("pageerror", () => rig.pageErrors++);
  await page.goto(url);
  return page;
}

/** Adds what a localhost tab received through peer connections to the totals (before it reloads or closes). */
async function collect(rig: Rig, page: Page): Promise<void> {
  const got = await page
    .evaluate(() => {
      const d = (window as unknown as Partial<DemoWindow>).demo;
      return d ? { received: d.protocolBytes().received, fromPeers: d.fromPeers() } : null;
    })
    .catch(() => null);
  if (!got) return;
  rig.leecherReceived += got.received;
  rig.leecherFromPeers += got.fromPeers;
}

async function heapOf(rig: Rig, page: Page): Promise<number> {
  let session = rig.cdp.get(page);
  if (!session) {
    session = await page.createCDPSession();
    rig.cdp.set(page, session);
  }
  await session.send("HeapProfiler.collectGarbage");
  return (await session.send("Runtime.getHeapUsage")).usedSize;
}

async function workerHeap(rig: Rig): Promise<number | null> {
  if (!rig.extensionId) return null;
  const target: Target | undefined = rig.browser.targets().find((t) => t.type() === "service_worker" && t.url().startsWith(`chrome-extension://${rig.extensionId}/`));
  if (!target) return null;
  const session = await target.createCDPSession();
  try {
    await session.send("HeapProfiler.collectGarbage");
    return (await session.send("Runtime.getHeapUsage")).usedSize;
  } finally {
    await session.detach();
  }
}

/** The audit log as stored (IndexedDB "seedgate-log", read from the options page), counted by type. */
async function logCounts(rig: Rig): Promise<Record<string, number> | null> {
  if (!rig.ui) return null;
  return rig.ui.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const req = indexedDB.open("seedgate-log");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains("entries")) return resolve({});
          const all = db.transaction("entries").objectStore("entries").getAll();
          all.onsuccess = () => {
            db.close();
            const counts: Record<string, number> = {};
            for (const row of all.result as { line?: string; type?: string; site?: string }[]) {
              const entry = typeof row.line === "string" ? (JSON.parse(row.line) as { type: string; site?: string }) : { type: String(row.type), site: row.site };
              // Enforcement entries say which site they concern.
              const key = entry.type === "sends-refused" || entry.type === "signal-ignored" || entry.type === "connection-blocked" ? `${entry.type} (${entry.site})` : entry.type;
              counts[key] = (counts[key] ?? 0) + 1;
            }
            resolve(counts);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

const total = (counts: Record<string, number> | null) => (counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null);

async function sample(rig: Rig, minute: number): Promise<void> {
  const tabs = [];
  for (const page of [rig.seeder, ...rig.leechers]) tabs.push(await heapOf(rig, page));
  rig.samples.push({ minute, tabs, worker: await workerHeap(rig), logEntries: total(await logCounts(rig)) });
}

async function tick(rig: Rig, now: number, reloadDue: boolean, churnDue: boolean): Promise<void> {
  for (const c of rig.churn.filter((x) => x.closeAt <= now)) {
    await collect(rig, c.page);
    await c.page.close();
  }
  rig.churn = rig.churn.filter((x) => x.closeAt > now);
  if (churnDue) rig.churn.push({ page: await open(rig, leecherUrl(rig)), closeAt: now + CHURN_LIFE_MS });
  if (reloadDue) {
    const page = rig.leechers.shift()!;
    await collect(rig, page);
    await page.reload();
    rig.leechers.push(page);
  }
}

async function closeTabs(rig: Rig): Promise<number> {
  for (const page of [...rig.leechers, ...rig.churn.map((c) => c.page)]) {
    await collect(rig, page);
    await page.close();
  }
  const seederReceived = await rig.seeder.evaluate(() => (window as unknown as DemoWindow).demo.protocolBytes().received);
  await rig.seeder.close();
  rig.leechers = [];
  rig.churn = [];
  return seederReceived;
}

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a");
const slopeOf = (samples: Sample[], pick: (s: Sample) => number | null) => {
  const kept = samples.filter((s) => pick(s) !== null);
  return leastSquares(
    kept.map((s) => s.minute),
    kept.map((s) => pick(s)!),
  ).slope;
};

test(`a ${MINUTES}-minute WebTorrent swarm with tab churn: flat memory, exact budgets, an honest log, no crash`, async () => {
  const started = new Date();
  const [guarded, plain] = [await launch("with Seedgate", true), await launch("without Seedgate", false)];
  const rigs = [guarded, plain];
  try {
    const t0 = Date.now();
    const end = t0 + MINUTES * 60_000;
    let nextSample = t0;
    let nextReload = t0 + RELOAD_MS;
    let nextChurn = t0 + CHURN_MS;
    while (Date.now() < end) {
      const now = Date.now();
      const reloadDue = now >= nextReload;
      const churnDue = now >= nextChurn;
      if (reloadDue) nextReload += RELOAD_MS;
      if (churnDue) nextChurn += CHURN_MS;
      for (const rig of rigs) await tick(rig, now, reloadDue, churnDue);
      if (now >= nextSample) {
        nextSample += SAMPLE_MS;
        for (const rig of rigs) await sample(rig, (now - t0) / 60_000);
        const g = guarded.samples[guarded.samples.length - 1]!;
        console.log(`[soak] ${((now - t0) / 60_000).toFixed(1)} min: tabs ${g.tabs.map(fmt).join(" / ")} B, worker ${fmt(g.worker ?? NaN)} B, log ${g.logEntries} entries; without Seedgate tabs ${plain.samples[plain.samples.length - 1]!.tabs.map(fmt).join(" / ")} B`);
      }
      await sleep(Math.max(0, Math.min(nextSample, nextReload, nextChurn) - Date.now()));
    }

    // The end: every tab closes; the log gets the connections' closing entries, then must stay as it is.
    const seederReceived = await closeTabs(guarded);
    await closeTabs(plain);
    const settledLog = await waitFor(
      async () => {
        const a = await logCounts(guarded);
        await sleep(3_000);
        const b = await logCounts(guarded);
        return { a, b };
      },
      { timeout: 60_000, interval: 0, message: "the log settles after the tabs closed" },
      ({ a, b }) => total(a) === total(b),
    );
    await sleep(QUIET_MS);
    const quietLog = await logCounts(guarded);
    const budgets = (await guarded.ui!.evaluate((r) => chrome.runtime.sendMessage(r), { type: "budgets/site", site: SEEDER_SITE } as never)) as { usedToday: number };

    const dlBound = 64 * 1024 + 0.02 * guarded.leecherReceived;
    const attributable = (i: number) => slopeOf(guarded.samples, (s) => s.tabs[i]!) - slopeOf(plain.samples, (s) => s.tabs[i]!);
    const report = {
      duration: `${MINUTES} min (${guarded.samples.length} samples every ${SAMPLE_MS / 1000} s), started ${started.toISOString()}`,
      tabsOpened: { guarded: guarded.tabsOpened, plain: plain.tabsOpened },
      crashes: [...guarded.crashes, ...plain.crashes],
      tabSlopes: ["seeder (127.0.0.1, whole run)", "leecher 1 (localhost, reloaded)", "leecher 2 (localhost, reloaded)"].map((tab, i) => ({
        tab,
        withSeedgate: slopeOf(guarded.samples, (s) => s.tabs[i]!),
        without: slopeOf(plain.samples, (s) => s.tabs[i]!),
        seedgate: attributable(i),
      })),
      workerSlope: slopeOf(guarded.samples, (s) => s.worker),
      workerFirstLast: [guarded.samples[0]?.worker ?? null, guarded.samples[guarded.samples.length - 1]?.worker ?? null],
      log: { duringRun: guarded.samples.map((s) => s.logEntries), settled: settledLog.b, afterQuiet: quietLog },
      budgets: {
        seederBudget: SEEDER_BUDGET,
        seederCounter: budgets.usedToday,
        leechersReceived: guarded.leecherReceived,
        leechersFromPeers: guarded.leecherFromPeers,
        seederReceived,
        downloadOnlyBound: Math.floor(dlBound),
      },
    };
    console.log(`[soak] ${JSON.stringify(report, null, 2)}`);
    await writeDocs(report);

    expect(report.crashes).toEqual([]);
    // The log grew only with real events: nothing was added while nothing happened.
    expect(total(quietLog)).toBe(total(settledLog.b));
    expect(settledLog.b?.["connection-opened"] ?? 0).toBe(settledLog.b?.["connection-closed"] ?? 0);
    // Budgets held, counted at the receivers: the leecher tabs got from peers at most the seeder site's budget
    // plus what the leecher site itself may upload (to its own tabs); the seeder got at most the download-only bound.
    expect(guarded.leecherReceived).toBeLessThanOrEqual(SEEDER_BUDGET + dlBound);
    expect(seederReceived).toBeLessThanOrEqual(dlBound);
    expect(budgets.usedToday).toBeLessThanOrEqual(SEEDER_BUDGET);
  } finally {
    for (const rig of rigs) {
      await rig.browser.close().catch(() => {});
      await rig.demo.close();
      await rm(rig.userDataDir, { recursive: true, force: true });
    }
  }
});

type Report = {
  duration: string;
  tabsOpened: { guarded: number; plain: number };
  crashes: string[];
  tabSlopes: { tab: string; withSeedgate: number; without: number; seedgate: number }[];
  workerSlope: number;
  workerFirstLast: (number | null)[];
  log: { duringRun: (number | null)[]; settled: Record<string, number> | null; afterQuiet: Record<string, number> | null };
  budgets: { seederBudget: number; seederCounter: number; leechersReceived: number; leechersFromPeers: number; seederReceived: number; downloadOnlyBound: number };
};

async function writeDocs(r: Report): Promise<void> {
  const file = path.join(repoRoot, "docs", "performance.md");
  const kib = (n: number) => `${fmt(n / 1024)} KiB`;
  const section = [
    "## Soak",
    "",
    `Written by \`npm run soak\` (test/soak/swarm.soak.ts). Run: ${r.duration}; Chromium, two browsers side by side, one`,
    "with Seedgate and one without, each with its own demo site: a WebTorrent seeder tab on 127.0.0.1 (allowed, daily",
    `budget ${fmt(r.budgets.seederBudget)} B), two leecher tabs on localhost (download only, client library adapter) reloaded in turn`,
    `every ${RELOAD_MS / 1000} s, and a localhost tab opened every ${CHURN_MS / 1000} s and closed ${CHURN_LIFE_MS / 1000} s later (${r.tabsOpened.guarded} tabs opened per browser).`,
    "Heap figures are CDP Runtime.getHeapUsage after a forced GC (the page's isolate holds the guard and the bridge too),",
    "slopes are least squares over the samples.",
    "",
    "| JS heap slope (bytes/min) | with Seedgate | without | Seedgate's part |",
    "|---|---|---|---|",
    ...r.tabSlopes.map((t) => `| ${t.tab} | ${fmt(t.withSeedgate)} | ${fmt(t.without)} | ${fmt(t.seedgate)} |`),
    `| background (service worker) | ${fmt(r.workerSlope)} | — | ${fmt(r.workerSlope)} |`,
    "",
    `- Service worker heap: ${r.workerFirstLast.map((n) => (n === null ? "n/a" : kib(n))).join(" at the first sample, ")} at the last.`,
    `- Renderer crashes: ${r.crashes.length}.`,
    `- Budgets, counted at the receivers: the leecher tabs received ${fmt(r.budgets.leechersReceived)} B through peer connections (${fmt(r.budgets.leechersFromPeers)} B of content) against the seeder site's budget of ${fmt(r.budgets.seederBudget)} B (its counter: ${fmt(r.budgets.seederCounter)} B); the seeder received ${fmt(r.budgets.seederReceived)} B from the download-only site, whose bound was ${fmt(r.budgets.downloadOnlyBound)} B.`,
    `- Audit log: ${r.log.duringRun.filter((n) => n !== null).join(", ")} entries at the samples; after the tabs closed: ${JSON.stringify(r.log.settled)}; ${QUIET_MS / 1000} s later with nothing happening: ${JSON.stringify(r.log.afterQuiet)}.`,
    "",
  ].join("\n");
  let doc = "# Performance\n\nMeasured figures; each section says how it was measured and by what.\n\n";
  try {
    doc = await readFile(file, "utf8");
  } catch {
    // first run: the file is created
  }
  const start = doc.indexOf("## Soak");
  if (start < 0) doc = `${doc.trimEnd()}\n\n${section}`;
  else {
    const next = doc.indexOf("\n## ", start + 1);
    doc = doc.slice(0, start) + section + (next < 0 ? "" : doc.slice(next + 1));
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, doc);
}
