#!/usr/bin/env node
// Node: `npm run bench` — what the guard costs, measured side by side with and without the extension in one run.
// Builds dist/chrome only when it is missing or older than the sources, then (as root) re-runs itself inside the
// private network namespace of test/e2e/harness/run-in-netns.mjs (Chromium needs a non-loopback address for ICE;
// nothing can leave the machine). Two headless Chromiums stay open side by side, one with the extension (the bench
// site set to "allow", so uploads are not limited) and one without; every measurement alternates between them
// (with/without, then without/with, ...) so drift and order effects cancel. Prints medians, spreads and ratios;
// never fails on a time. See README "Performance".
//
// Then the audit log's benchmark (scripts/bench/log-bench.mjs: append 100,000, export 1,000,000); `--log` runs only
// that one (no browsers).
//
// Part 3 (cost per frame, issue 12) measures against the floor: a third browser loads scripts/bench/floor (one
// trivial MAIN-world script in every frame, the least any per-frame WebRTC guard costs) and joins the rotation, for
// script-made about:blank frames (touched at once), srcdoc frames, cross-site frames and the page load of a
// realistic page (scripts/bench/load.html); each is reported as wall clock and as the CPU time of the whole browser
// (every process of it, from /proc), and as Seedgate's cost / the floor's cost. It can also load an earlier build
// side by side: SEEDGATE_BENCH_BEFORE=DIR (an unpacked dist/chrome, e.g. built from the commit before a change) adds
// one more browser to the same rotation. `--floor-plus` puts in that place the floor plus what Seedgate's shape must
// pay per frame whatever its code does (scripts/bench/floor-plus: an isolated-world script, the guard bundle parsed
// but never run, the initial realm of a frame inserted with a URL reached from the parent), so Seedgate's own
// share is measured apart from the browser's. `--frames` runs only part 3 (and its CPU profiles). Part 4 also profiles
// whole throughput runs (CPU per MiB) and send() on the leased path (a site allowed with a daily budget).
//
// usage: npm run bench [-- --runs N] [-- --quick] [-- --log] [-- --frames] [-- --floor-plus]
import { CHROMIUM_FLAGS } from "../test/e2e/harness/chromium-flags.mjs";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { attribute, attributeAll } from "./bench/profile.mjs";
import { logBench } from "./bench/log-bench.mjs";
import { findChromium } from "./browsers.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const self = fileURLToPath(import.meta.url);
const distChrome = path.join(root, "dist", "chrome");
// The floor of any per-frame guard (issue 12): one trivial MAIN-world script in every frame, loaded unpacked.
const floorDir = path.join(root, "scripts", "bench", "floor");
const INNER = "SEEDGATE_BENCH_INNER";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const framesOnly = argv.includes("--frames");
const floorPlus = argv.includes("--floor-plus");
const beforeDir = floorPlus ? path.join(root, "scripts", "bench", "floor-plus") : process.env.SEEDGATE_BENCH_BEFORE ? path.resolve(process.env.SEEDGATE_BENCH_BEFORE) : null;
const runsArg = argv.indexOf("--runs");
const RUNS = runsArg >= 0 ? Math.max(1, Number(argv[runsArg + 1]) | 0) : quick ? 3 : 7;

const KiB = 1024;
const MiB = 1024 * KiB;
const CONFIG = {
  total: quick ? 4 * MiB : 16 * MiB,
  sizes: [1 * KiB, 16 * KiB, 64 * KiB],
  // 1-byte sends per run, in drained batches (see sendCost in bench/page.html).
  sendBatches: quick ? 2 : 4,
  sendBatch: 5_000,
  frames: quick ? 50 : 100,
};
const PROFILED_RUNS = quick ? 1 : 3;
const SEND_KINDS = ["uint8array", "arraybuffer"];
const TARGETS = { ratio: 0.98, nsPerSend: 100, msPerFrame: 0.5, leasedNsPerSend: 500 };
/** Frame kinds measured against the floor, with the target ratio of Seedgate's cost to the floor's. */
const FRAME_KINDS = [
  { kind: "blank", n: CONFIG.frames, label: "script-made `about:blank`, each touched at once", target: 2 },
  { kind: "blank", n: 2 * CONFIG.frames, label: "script-made `about:blank` in one page, touched (twice as many: no growth with the frames already there)", target: 2 },
  { kind: "srcdoc", n: CONFIG.frames, label: "`srcdoc`, until each fired load", target: 1.2 },
  { kind: "cross", n: quick ? 10 : 20, label: "cross-site (`http://localhost`), until each fired load", target: 1.2 },
];

// ---------------------------------------------------------------------------------------------------------------
// The build check (runs outside the namespace).

/** Newest mtime (ms) of the files the build reads. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== "node_modules") visit(path.join(p, name));
    } else if (st.mtimeMs > newest) newest = st.mtimeMs;
  };
  for (const p of ["manifest.json", "extension", "ui", "popup", "options", "store-assets/icons", "scripts/build.mjs", "package-lock.json"]) {
    visit(path.join(root, p));
  }
  return newest;
}

function ensureBuilt() {
  const marker = path.join(distChrome, "manifest.json");
  const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : -1;
  if (builtAt >= newestSource()) {
    console.log("bench: dist/chrome is up to date; not rebuilding");
    return;
  }
  console.log(builtAt < 0 ? "bench: dist/chrome is missing: npm run build" : "bench: sources are newer than dist/chrome: npm run build");
  const r = spawnSync("npm", ["run", "build", "--", "--quiet"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Inside: measure.

const FLAGS = CHROMIUM_FLAGS;

async function launch(extensionDir) {
  const { chromium } = await import("playwright-core");
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "seedgate-bench-"));
  const args = [...FLAGS];
  if (extensionDir) args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? (await findChromium()) ?? "/usr/bin/chromium",
    headless: true,
    args,
    ignoreDefaultArgs: extensionDir ? ["--disable-extensions"] : [],
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Sets the bench site to "allow" the way the options page does. */
async function allowSite(context, site) {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 15_000 }));
  const id = new URL(sw.url()).host;
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${id}/options/options.html`);
    // Runs in the extension page, where `chrome` exists.
    await page.evaluate((req) => globalThis.chrome.runtime.sendMessage(req), { type: "site/set-mode", site, mode: "allow" });
  } finally {
    await page.close();
  }
  return `chrome-extension://${id}/`;
}

/**
 * CPU time (ms, user + system) of every process of the browser whose profile is `userDataDir`: the browser process
 * and all its descendants (renderers of every site, the extension's process with its service worker, GPU, network
 * service), and of the descendants that have exited since (the time of a child its parent has reaped: /proc's
 * cutime and cstime). Without the latter a renderer that exits between two readings takes its CPU time with it:
 * the cross-site frames' renderer exited after each round without Seedgate and stayed with it, which showed as
 * some 55 ms of "Seedgate cost" per cross-site frame (issue 12, 2026-12-03). On a machine shared with other jobs
 * this is what the browser spent, where wall clock also holds the time it waited for a core. Linux /proc; clock
 * ticks of 10 ms.
 */
function browserCpuMs(userDataDir) {
  const stats = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime, stime, cutime, cstime (fields 14-17 of proc(5)).
      stats.set(Number(name), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]), cmd: null });
    } catch {
      // gone
    }
  }
  const roots = [];
  for (const [pid] of stats) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.includes("--type=")) roots.push(pid);
    } catch {
      // gone
    }
  }
  const inTree = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, st] of stats) {
      if (inTree.has(pid) || !inTree.has(st.ppid)) continue;
      inTree.add(pid);
      grew = true;
    }
  }
  let ticks = 0;
  for (const pid of inTree) ticks += stats.get(pid).ticks;
  return ticks * 10;
}

/** Runs `fn(arg)` in `page` under the V8 sampling profiler; returns its result and the profile. */
async function profiled(cdp, page, fn, arg) {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 }); // µs asked; the machine decides what it gets
  await cdp.send("Profiler.start");
  try {
    const result = await page.evaluate(fn, arg);
    return { result, profile: (await cdp.send("Profiler.stop")).profile };
  } finally {
    await cdp.send("Profiler.disable");
  }
}

function serve(files) {
  const server = createServer((req, res) => {
    const file = files[(req.url ?? "").split("?")[0]];
    if (file !== undefined) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(file.replaceAll("CROSS", `http://localhost:${server.address().port}`));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const min = (xs) => Math.min(...xs);
const max = (xs) => Math.max(...xs);
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const sign = (x, d) => (x >= 0 ? "+" : "") + fmt(x, d);

/**
 * Runs `measure(side)` RUNS times on each side, alternating which side goes first in each pair.
 * Returns { with: number[], without: number[] } in pair order.
 */
async function interleaved(label, measure) {
  const out = { with: [], without: [] };
  for (let r = 0; r < RUNS; r++) {
    const order = r % 2 === 0 ? ["with", "without"] : ["without", "with"];
    for (const side of order) out[side].push(await measure(side));
    process.stdout.write(`\r  ${label}: ${r + 1}/${RUNS} pairs`);
  }
  process.stdout.write("\n");
  return out;
}

function machineFacts() {
  const chromiumVersion = (() => {
    try {
      return execFileSync(process.env.CHROMIUM_PATH ?? "chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] })
        .toString()
        .trim();
    } catch {
      return "chromium: unknown version";
    }
  })();
  const nproc = (() => {
    try {
      return execFileSync("nproc", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    } catch {
      return String(os.availableParallelism?.() ?? os.cpus().length);
    }
  })();
  const cpu = os.cpus()[0]?.model?.trim() ?? "unknown CPU";
  return { nproc, chromiumVersion, cpu, node: process.version };
}

/** Linux PSI: the share of the last 5 minutes in which some runnable task waited for a CPU. */
function cpuPressure() {
  try {
    const some = readFileSync("/proc/pressure/cpu", "utf8").match(/^some .*avg300=([\d.]+)/m);
    return some ? `; CPU pressure (PSI some, last 300 s) ${some[1]}%` : "";
  } catch {
    return "";
  }
}

function sourceState() {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "extension", "manifest.json"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    return dirty ? `${head} + uncommitted changes under extension/` : head;
  } catch {
    return "unknown";
  }
}

async function main() {
  const started = Date.now();
  const loadStart = os.loadavg();
  const facts = machineFacts();
  const inNetns = process.env.SEEDGATE_NETNS === "ready";
  // Load a private copy: another `npm run build` in this checkout must not change the extension mid-run.
  const extCopy = await mkdtemp(path.join(os.tmpdir(), "seedgate-bench-ext-"));
  cpSync(distChrome, extCopy, { recursive: true });
  const beforeCopy = beforeDir ? await mkdtemp(path.join(os.tmpdir(), "seedgate-bench-before-")) : null;
  if (beforeCopy) cpSync(beforeDir, beforeCopy, { recursive: true });
  if (beforeCopy && floorPlus) {
    // One MAIN-world script: the floor's own, then what the floor plus adds, then the guard bundle, parsed in every
    // frame and never run: inside a function declaration nobody calls (V8 parses it lazily, as the rest of guard.js
    // is parsed in a frame whose parent adopted it).
    const script = path.join(beforeCopy, "floor-plus.js");
    const floor = readFileSync(path.join(floorDir, "floor.js"), "utf8");
    const guard = readFileSync(path.join(extCopy, "guard.js"), "utf8");
    writeFileSync(script, `${floor}\n${readFileSync(script, "utf8")}\nfunction seedgateGuardParsedNeverRun() {\n${guard}\n}\n`);
  }
  const benchFile = (name) => readFileSync(path.join(root, "scripts/bench", name), "utf8");
  const server = await serve({ "/bench.html": benchFile("page.html"), "/frame.html": benchFile("frame.html"), "/load.html": benchFile("load.html") });
  const url = `http://127.0.0.1:${server.address().port}/bench.html`;
  const browsers = {};
  const cleanup = async () => {
    await Promise.all(Object.values(browsers).map((b) => b.close()));
    server.close();
    await rm(extCopy, { recursive: true, force: true });
    if (beforeCopy) await rm(beforeCopy, { recursive: true, force: true });
  };
  process.on("SIGINT", () => cleanup().finally(() => process.exit(130)));
  process.on("SIGTERM", () => cleanup().finally(() => process.exit(143)));

  try {
    console.log(`bench: ${RUNS} interleaved pairs per measurement${quick ? " (quick)" : ""}; network: ${inNetns ? "private namespace (192.0.2.2)" : "real interfaces"}`);
    [browsers.with, browsers.without, browsers.floor, browsers.before] = await Promise.all([
      launch(extCopy),
      launch(null),
      launch(floorDir),
      ...(beforeCopy ? [launch(beforeCopy)] : []),
    ]);
    if (!browsers.before) delete browsers.before;
    const extensionOrigin = await allowSite(browsers.with.context, "127.0.0.1");
    const beforeOrigin = browsers.before && !floorPlus ? await allowSite(browsers.before.context, "127.0.0.1") : null;
    const pages = {};
    for (const side of Object.keys(browsers)) {
      pages[side] = await browsers[side].context.newPage();
      await pages[side].goto(url);
    }
    const status = await pages.with.evaluate(() => window.bench.policy());
    if (status?.seeding !== "allowed") throw new Error(`the extension does not allow the bench site: ${JSON.stringify(status)}`);
    if ((await pages.without.evaluate(() => window.bench.policy())) !== null) throw new Error("the baseline browser has a guard");
    if ((await pages.floor.evaluate(() => typeof globalThis.__floorSends)) !== "number") throw new Error("the floor extension is not loaded");
    if (floorPlus && (await pages.before.evaluate(() => typeof globalThis.__floorSends)) !== "number") throw new Error("the floor-plus extension is not loaded");
    const run = (side, fn, arg) => pages[side].evaluate(fn, arg);

    // Warm-up (untimed): JIT, SCTP code paths, frame creation.
    for (const side of Object.keys(browsers)) {
      if (!framesOnly && (side === "with" || side === "without")) {
        await run(side, ([t, s]) => window.bench.throughput(t, s), [2 * MiB, 16 * KiB]);
        await run(side, (kind) => window.bench.sendCost(1, 2_000, kind), "uint8array");
        await run(side, (kind) => window.bench.sendCost(1, 2_000, kind), "arraybuffer");
      }
      await run(side, (m) => window.bench.frames(m), 20);
      for (const k of ["blank", "srcdoc", "cross"]) await run(side, ([k, m]) => window.bench.frameKind(k, m), [k, 10]);
    }
    console.log("bench: warm-up done");

    // 1. Throughput.
    const tput = {};
    for (const size of framesOnly ? [] : CONFIG.sizes) {
      tput[size] = await interleaved(`throughput ${size / KiB} KiB messages`, async (side) => {
        const r = await run(side, ([t, s]) => window.bench.throughput(t, s), [CONFIG.total, size]);
        return r.bytes / 1e6 / (r.ms / 1000);
      });
    }

    // 2. Cost per send(): Uint8Array (what P2P clients such as WebTorrent send) and ArrayBuffer.
    const sendNs = {};
    for (const kind of framesOnly ? [] : SEND_KINDS) {
      sendNs[kind] = await interleaved(`send() cost, ${kind}`, async (side) => {
        const r = await run(side, (a) => window.bench.sendCost(...a), [CONFIG.sendBatches, CONFIG.sendBatch, kind]);
        return r.nsPerSend;
      });
    }

    // 3. Cost per frame against the floor: every side of the rotation (with, floor, without, and an earlier build if
    // given) measures each frame kind in turn; the order rotates and reverses every other round.
    const frameSides = Object.keys(browsers);
    const bySide = () => Object.fromEntries(frameSides.map((k) => [k, []]));
    const perKind = FRAME_KINDS.map(() => ({ sync: bySide(), settled: bySide(), cpu: bySide(), guarded: null }));
    const loadMs = bySide();
    const loadCpu = bySide();
    const loadUrl = url.replace("/bench.html", "/load.html");
    // The heap the bench page itself holds after a forced GC, before and after all the rounds: every frame of them
    // was made and removed again, so what grows is what the guard keeps of removed frames' realms (issue 12).
    const pageHeap = async (side) => {
      const s = await browsers[side].context.newCDPSession(pages[side]);
      try {
        await s.send("HeapProfiler.collectGarbage");
        return (await s.send("Runtime.getHeapUsage")).usedSize;
      } finally {
        await s.detach();
      }
    };
    const retained = {};
    for (const side of frameSides) retained[side] = { before: await pageHeap(side), frames: 0 };
    for (let r = 0; r < RUNS; r++) {
      const order = frameSides.map((_, i) => frameSides[(i + r) % frameSides.length]);
      if (r % 2 === 1) order.reverse();
      for (const side of order) {
        for (let k = 0; k < FRAME_KINDS.length; k++) {
          const { kind, n } = FRAME_KINDS[k];
          const cpu0 = browserCpuMs(browsers[side].userDataDir);
          const x = await run(side, ([kind, n]) => window.bench.frameKind(kind, n), [kind, n]);
          // Let the background answer the frames' ports (and the renderer drop the realms): counted in the CPU time.
          await new Promise((resolve) => setTimeout(resolve, 400));
          perKind[k].cpu[side].push((browserCpuMs(browsers[side].userDataDir) - cpu0) / n);
          perKind[k].sync[side].push(x.syncMsPerFrame);
          perKind[k].settled[side].push(x.settledMsPerFrame);
          if (side === "with") perKind[k].guarded = x.guarded;
        }
        // The realistic page (20 mixed frames, 2 peer connections) in a new tab: ms from navigation to loaded.
        const cpu0 = browserCpuMs(browsers[side].userDataDir);
        const tab = await browsers[side].context.newPage();
        try {
          await tab.goto(loadUrl);
          loadMs[side].push(await tab.evaluate(() => window.loadDone));
        } finally {
          await tab.close();
        }
        await new Promise((resolve) => setTimeout(resolve, 400));
        loadCpu[side].push(browserCpuMs(browsers[side].userDataDir) - cpu0);
      }
      process.stdout.write(`\r  frames and page load: ${r + 1}/${RUNS} rounds (${frameSides.join(", ")})`);
    }
    process.stdout.write("\n");
    for (const side of frameSides) {
      retained[side].after = await pageHeap(side);
      retained[side].frames = RUNS * FRAME_KINDS.reduce((n, k) => n + k.n, 0);
    }

    // The heap a tab of the realistic page holds (after a forced GC), per side: what the extension adds per tab.
    const heap = Object.fromEntries(frameSides.map((k) => [k, []]));
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      for (const side of frameSides) {
        const tab = await browsers[side].context.newPage();
        try {
          await tab.goto(loadUrl);
          await tab.evaluate(() => window.loadDone);
          const s = await browsers[side].context.newCDPSession(tab);
          await s.send("HeapProfiler.collectGarbage");
          heap[side].push((await s.send("Runtime.getHeapUsage")).usedSize);
          await s.detach();
        } finally {
          await tab.close();
        }
      }
    }

    // 4. The direct view: the extension's own JS time inside those loops, from CPU profiles (with the extension only).
    const cdp = await browsers.with.context.newCDPSession(pages.with);
    const direct = { send: {}, frames: null };
    for (const kind of framesOnly ? [] : SEND_KINDS) {
      direct.send[kind] = [];
      for (let r = 0; r < PROFILED_RUNS; r++) {
        const { profile } = await profiled(cdp, pages.with, (a) => window.bench.sendCost(...a), [CONFIG.sendBatches, CONFIG.sendBatch, kind]);
        const a = attribute(profile, { extensionOrigin, loop: "sendLoop", wrapped: "send" });
        direct.send[kind].push({ ...a, per: (a.counted * 1e3) / (CONFIG.sendBatches * CONFIG.sendBatch), ambiguousPer: (a.ambiguous * 1e3) / (CONFIG.sendBatches * CONFIG.sendBatch) });
      }
      process.stdout.write(`  profiled send() ${kind}: ${PROFILED_RUNS} runs\n`);
    }
    // CPU per MiB sent: the whole throughput run under the profiler, every sample whose stack holds the extension.
    direct.perMiB = {};
    for (const size of framesOnly ? [] : CONFIG.sizes) {
      direct.perMiB[size] = [];
      for (let r = 0; r < PROFILED_RUNS; r++) {
        const { result, profile } = await profiled(cdp, pages.with, ([t, s]) => window.bench.throughput(t, s), [CONFIG.total, size]);
        const a = attributeAll(profile, { extensionOrigin, wrapped: "send" });
        const mib = result.bytes / MiB;
        direct.perMiB[size].push({ ...a, per: a.counted / mib, busyPer: a.busy / mib, ambiguousPer: a.ambiguous / mib });
      }
      process.stdout.write(`  profiled throughput ${size / KiB} KiB: ${PROFILED_RUNS} runs\n`);
    }
    // The leased path: an allowed site with a daily budget (http://localhost here) sends under leases.
    direct.leased = [];
    if (!framesOnly) {
      const sw = browsers.with.context.serviceWorkers()[0];
      await sw.evaluate(() => 0).catch(() => {});
      const opts = await browsers.with.context.newPage();
      await opts.goto(`${extensionOrigin}options/options.html`);
      await opts.evaluate(async () => {
        const send = (m) => globalThis.chrome.runtime.sendMessage(m);
        await send({ type: "site/set-mode", site: "localhost", mode: "allow" });
        await send({ type: "site/set-limits", site: "localhost", dailyBudgetBytes: 1024 ** 4, monthlyBudgetBytes: null, rateLimitBps: null });
      });
      await opts.close();
      const leasedPage = await browsers.with.context.newPage();
      await leasedPage.goto(url.replace("127.0.0.1", "localhost"));
      const st = await leasedPage.evaluate(() => window.bench.policy());
      if (st?.seeding !== "allowed" || st.uploadBudgetBytes === null) throw new Error(`the leased bench site is not allowed with a budget: ${JSON.stringify(st)}`);
      const lcdp = await browsers.with.context.newCDPSession(leasedPage);
      await leasedPage.evaluate((a) => window.bench.sendCost(...a), [1, 2_000, "uint8array"]);
      for (let r = 0; r < PROFILED_RUNS; r++) {
        const { profile } = await profiled(lcdp, leasedPage, (a) => window.bench.sendCost(...a), [CONFIG.sendBatches, CONFIG.sendBatch, "uint8array"]);
        const a = attribute(profile, { extensionOrigin, loop: "sendLoop", wrapped: "send" });
        direct.leased.push({ ...a, per: (a.counted * 1e3) / (CONFIG.sendBatches * CONFIG.sendBatch), ambiguousPer: (a.ambiguous * 1e3) / (CONFIG.sendBatches * CONFIG.sendBatch) });
      }
      await leasedPage.close();
      process.stdout.write(`  profiled send() on the leased path: ${PROFILED_RUNS} runs\n`);
    }
    direct.frames = [];
    for (let r = 0; r < PROFILED_RUNS; r++) {
      const { profile } = await profiled(cdp, pages.with, (m) => window.bench.frameKind("blank", m), CONFIG.frames);
      const a = attribute(profile, { extensionOrigin, loop: "blankTouchLoop", wrapped: "appendChild" });
      direct.frames.push({ ...a, per: a.counted / CONFIG.frames, ambiguousPer: a.ambiguous / CONFIG.frames });
    }
    process.stdout.write(`  profiled frames: ${PROFILED_RUNS} runs\n`);
    if (browsers.before && !floorPlus) {
      const cdpBefore = await browsers.before.context.newCDPSession(pages.before);
      direct.framesBefore = [];
      for (let r = 0; r < PROFILED_RUNS; r++) {
        const { profile } = await profiled(cdpBefore, pages.before, (m) => window.bench.frameKind("blank", m), CONFIG.frames);
        const a = attribute(profile, { extensionOrigin: beforeOrigin, loop: "blankTouchLoop", wrapped: "appendChild" });
        direct.framesBefore.push({ ...a, per: a.counted / CONFIG.frames, ambiguousPer: a.ambiguous / CONFIG.frames });
      }
      process.stdout.write(`  profiled frames (before): ${PROFILED_RUNS} runs\n`);
    }

    report({ facts, inNetns, tput, sendNs, perKind, loadMs, loadCpu, heap, retained, direct, load: [loadStart, os.loadavg()], elapsed: (Date.now() - started) / 1000 });
  } finally {
    await cleanup();
  }
  if (framesOnly) return;
  console.log("\nAudit log:");
  await logBench({ quick });
}

function report({ facts, inNetns, tput, sendNs, perKind, loadMs, loadCpu, heap, retained, direct, load, elapsed }) {
  const lines = [];
  const p = (s = "") => lines.push(s);
  const pairDiffs = (m) => m.with.map((w, i) => w - m.without[i]);
  const straddles = (m) => {
    const d = pairDiffs(m);
    return min(d) < 0 && max(d) > 0;
  };
  const noise = (m) => (straddles(m) ? "within noise (per-pair differences change sign)" : "same sign in every pair");
  // A verdict on a difference the pairs disagree about is no verdict: say so.
  const verdict = (met, unresolved) => (met ? "met" : "missed") + (unresolved ? " (not resolved: within noise)" : "");

  p();
  p(`### Seedgate bench — ${new Date().toISOString().slice(0, 10)}`);
  p();
  p(
    `${RUNS} interleaved pairs (with, without; then without, with; ...) per row, both browsers open side by side; ` +
      `medians, spread = min–max over the runs. MB = 10^6 bytes.`,
  );
  p();
  if (!framesOnly) {
    p("**1. Data-channel throughput** (one page holds both ends; " + `${CONFIG.total / MiB} MiB per run, binary messages, ` + "first send to last byte received)");
    p();
    p("| message | with (MB/s) | spread | without (MB/s) | spread | ratio with/without | median of per-pair ratios (spread) | target |");
    p("|---|---|---|---|---|---|---|---|");
    for (const size of CONFIG.sizes) {
      const m = tput[size];
      const ratio = median(m.with) / median(m.without);
      const pr = m.with.map((w, i) => w / m.without[i]);
      p(
        `| ${size / KiB} KiB | ${fmt(median(m.with))} | ${fmt(min(m.with))}–${fmt(max(m.with))} | ${fmt(median(m.without))} | ` +
          `${fmt(min(m.without))}–${fmt(max(m.without))} | **${fmt(ratio, 3)}** | ${fmt(median(pr), 3)} (${fmt(min(pr), 2)}–${fmt(max(pr), 2)}) | ` +
          `≥ ${TARGETS.ratio} ${verdict(ratio >= TARGETS.ratio, min(pr) < 1 && max(pr) > 1)} |`,
      );
    }
    p();
    p(
      `**2. Cost per \`send()\`** (1-byte messages on an open channel: ${CONFIG.sendBatches} synchronous loops of ` +
        `${CONFIG.sendBatch.toLocaleString("en")} sends per run, each drained before the next; only the loops are timed)`,
    );
    p();
    p("| payload | with (µs/send) | spread | without (µs/send) | spread | difference of medians | per-pair differences: median (spread) | target | noise |");
    p("|---|---|---|---|---|---|---|---|---|");
    for (const kind of SEND_KINDS) {
      const m = sendNs[kind];
      const us = (x) => x / 1000;
      const sd = pairDiffs(m).map(us);
      const d = us(median(m.with) - median(m.without));
      p(
        `| ${kind === "uint8array" ? "Uint8Array" : "ArrayBuffer"} | ${fmt(us(median(m.with)), 2)} | ${fmt(us(min(m.with)), 2)}–${fmt(us(max(m.with)), 2)} | ` +
          `${fmt(us(median(m.without)), 2)} | ${fmt(us(min(m.without)), 2)}–${fmt(us(max(m.without)), 2)} | **${sign(d, 2)} µs** | ` +
          `${sign(median(sd), 2)} (${sign(min(sd), 2)} to ${sign(max(sd), 2)}) | ≤ ${TARGETS.nsPerSend / 1000} µs ${verdict(d * 1000 <= TARGETS.nsPerSend, straddles(m))} | ${noise(m)} |`,
      );
    }
    p();
  }
  // Cost of a side = median over the rounds of (side − browser without extensions) in the same round.
  const costOf = (m, side) => median(m[side].map((x, i) => x - m.without[i]));
  const spreadOf = (m, side) => {
    const d = m[side].map((x, i) => x - m.without[i]);
    return `${sign(min(d), 3)} to ${sign(max(d), 3)}`;
  };
  p(
    `**3. Cost per frame against the floor** (${RUNS} rounds; each round visits every browser — Seedgate, the floor ` +
      `extension of scripts/bench/floor, no extension${perKind[0].settled.before ? (floorPlus ? ", the floor plus (scripts/bench/floor-plus)" : ", the earlier build") : ""} — in a rotating order; ` +
      `cost = median of the per-round differences to the browser without extensions, ms per frame until settled ` +
      `(the next task for about:blank, every load event otherwise); ratio = Seedgate's cost / the floor's cost)`,
  );
  p();
  // The issue's ratio: Seedgate's cost over the floor's cost (both over the browser without extensions). Where the
  // floor's own cost is below the noise of a shared machine that ratio divides by noise, so the ratio of what the
  // two browsers spent in all (without + cost) is given beside it.
  const ratioCell = (m, target) => {
    const fc = costOf(m, "floor");
    const wc = costOf(m, "with");
    const total = (median(m.without) + wc) / (median(m.without) + fc);
    const costs = fc > 0 ? `**${fmt(wc / fc, 2)}×** (≤ ${target}× ${wc / fc <= target ? "met" : "missed"})` : "**floor cost not resolved**";
    return `${costs}; in all ${fmt(total, 2)}×`;
  };
  p("| frames | CPU without (ms/frame) | CPU cost: floor | CPU cost: Seedgate (spread) | **CPU Seedgate / floor** | wall clock without (ms/frame) | wall cost: floor | wall cost: Seedgate | **wall Seedgate / floor** | guard in the frames |");
  p("|---|---|---|---|---|---|---|---|---|---|");
  for (let k = 0; k < FRAME_KINDS.length; k++) {
    const c = perKind[k].cpu;
    const m = perKind[k].settled;
    p(
      `| ${FRAME_KINDS[k].n} ${FRAME_KINDS[k].label} | ${fmt(median(c.without), 3)} | ${sign(costOf(c, "floor"), 3)} | ${sign(costOf(c, "with"), 3)} (${spreadOf(c, "with")}) | ` +
        `${ratioCell(c, FRAME_KINDS[k].target)} | ${fmt(median(m.without), 3)} | ${sign(costOf(m, "floor"), 3)} | ${sign(costOf(m, "with"), 3)} (${spreadOf(m, "with")}) | ` +
        `${ratioCell(m, FRAME_KINDS[k].target)} | ${perKind[k].guarded} |`,
    );
  }
  if (perKind[0].settled.before && floorPlus) {
    p();
    p(
      "**Against the floor plus** (scripts/bench/floor-plus, same rounds: the floor, an isolated-world script, the guard " +
        "bundle parsed but never run, and the initial realm of a frame with a URL reached from the parent — what any " +
        "guard of Seedgate's shape pays whatever its own code does). Cost per frame, median of per-round differences to " +
        "no extension; Seedgate's own share = Seedgate − floor plus:",
    );
    p();
    p("| frames | CPU: floor / floor plus / Seedgate (ms) | Seedgate's own CPU | wall: floor / floor plus / Seedgate (ms) |");
    p("|---|---|---|---|");
    for (let k = 0; k < FRAME_KINDS.length; k++) {
      const c = perKind[k].cpu;
      const m = perKind[k].settled;
      const own = median(c.with.map((x, i) => x - c.before[i]));
      p(
        `| ${FRAME_KINDS[k].n} ${FRAME_KINDS[k].label} | ${sign(costOf(c, "floor"), 2)} / ${sign(costOf(c, "before"), 2)} / ${sign(costOf(c, "with"), 2)} | ` +
          `${sign(own, 2)} | ${sign(costOf(m, "floor"), 2)} / ${sign(costOf(m, "before"), 2)} / ${sign(costOf(m, "with"), 2)} |`,
      );
    }
  } else if (perKind[0].settled.before) {
    p();
    p("Earlier build (SEEDGATE_BENCH_BEFORE), same rounds: its cost per frame (median of per-round differences to no extension):");
    p();
    for (let k = 0; k < FRAME_KINDS.length; k++) p(`- ${FRAME_KINDS[k].n} ${FRAME_KINDS[k].label}: before ${sign(costOf(perKind[k].settled, "before"), 3)} ms, now ${sign(costOf(perKind[k].settled, "with"), 3)} ms`);
  }
  p();
  const lw = costOf(loadMs, "with");
  const lf = costOf(loadMs, "floor");
  p(
    `**Page load** (scripts/bench/load.html in a new tab: 20 frames — 5 same-origin, 5 cross-site, 5 srcdoc, 5 ` +
      `script-made about:blank ad slots written with document.write — and 2 peer connections moving 64 KiB; ms from ` +
      `navigation start until the load event fired and every byte arrived): without ${fmt(median(loadMs.without), 1)} ms ` +
      `(${fmt(min(loadMs.without), 1)}–${fmt(max(loadMs.without), 1)}), floor ${fmt(median(loadMs.floor), 1)} ms, Seedgate ` +
      `${fmt(median(loadMs.with), 1)} ms (${fmt(min(loadMs.with), 1)}–${fmt(max(loadMs.with), 1)}); cost over no extension ` +
      `(median of per-round differences): floor ${sign(lf, 1)} ms, Seedgate ${sign(lw, 1)} ms (${spreadOf(loadMs, "with")}). ` +
      `CPU time of the whole browser for that tab: without ${fmt(median(loadCpu.without), 0)} ms, floor ${fmt(median(loadCpu.without) + costOf(loadCpu, "floor"), 0)} ms, ` +
      `Seedgate ${fmt(median(loadCpu.without) + costOf(loadCpu, "with"), 0)} ms: Seedgate / floor **${fmt((median(loadCpu.without) + costOf(loadCpu, "with")) / (median(loadCpu.without) + costOf(loadCpu, "floor")), 2)}×**.`,
  );
  p();
  const kib = (x) => fmt(x / 1024, 0);
  p(
    `**Heap per tab** (the same page after a forced GC, CDP Runtime.getHeapUsage of the tab's isolate, median of ` +
      `${heap.with.length}): without ${kib(median(heap.without))} KiB, floor ${kib(median(heap.floor))} KiB, Seedgate ` +
      `${kib(median(heap.with))} KiB: the guard adds **${kib(median(heap.with) - median(heap.without))} KiB** per tab ` +
      `(the floor ${kib(median(heap.floor) - median(heap.without))} KiB).`,
  );
  p();
  const grown = (side) => retained[side].after - retained[side].before;
  p(
    `**Heap kept of removed frames** (the bench page itself after a forced GC, before and after the ${retained.with.frames} frames of ` +
      `part 3's rounds, each made and removed again): without ${sign(grown("without") / 1024, 0)} KiB, floor ${sign(grown("floor") / 1024, 0)} KiB, ` +
      `Seedgate **${sign(grown("with") / 1024, 0)} KiB** (${fmt(grown("with") / 1024 / retained.with.frames, 1)} KiB per frame)` +
      `${retained.before ? `, ${floorPlus ? "floor plus" : "earlier build"} ${sign(grown("before") / 1024, 0)} KiB (${fmt(grown("before") / 1024 / retained.before.frames, 1)} KiB per frame)` : ""}.`,
  );
  p();
  p(
    `**4. Direct: the extension's own JS time inside the timed loops** (V8 CPU profile of ${PROFILED_RUNS} more runs with the extension; ` +
      `samples under the loop whose stack holds an extension script, minus the wrapped native call; the wrapper's self time, where ` +
      `V8 also books native time, is shown apart; compiling the scripts is not seen; the profiler slows JS down, so read this for ` +
      `where the time goes and its order of magnitude, next to the wall-clock differences above)`,
  );
  p();
  p("| what | extension JS, median (spread) | by script (median run) | wrapper self time, not counted | target |");
  p("|---|---|---|---|---|");
  const directRow = (label, runs, unit, digits, target, scale) => {
    const per = runs.map((x) => x.per * scale);
    const mid = [...runs].sort((a, b) => a.per - b.per)[runs.length >> 1];
    const parts = Object.entries(mid.byScript)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${fmt((v / mid.counted) * 100, 0)}%`)
      .join(", ");
    const m = median(per);
    p(
      `| ${label} | **${fmt(m, digits)} ${unit}** (${fmt(min(per), digits)}–${fmt(max(per), digits)}) | ${parts || "—"} | ` +
        `${fmt(median(runs.map((x) => x.ambiguousPer * scale)), digits)} ${unit} | ≤ ${target} ${unit} ${m <= target ? "met" : "missed"} |`,
    );
  };
  if (!framesOnly) {
    directRow("per send(), Uint8Array", direct.send.uint8array, "µs", 2, TARGETS.nsPerSend / 1000, 1);
    directRow("per send(), ArrayBuffer", direct.send.arraybuffer, "µs", 2, TARGETS.nsPerSend / 1000, 1);
  }
  if (!framesOnly) {
    directRow("per send(), leased path (allowed site with a daily budget), Uint8Array", direct.leased, "µs", 2, TARGETS.leasedNsPerSend / 1000, 1);
    for (const size of CONFIG.sizes) {
      const runs = direct.perMiB[size];
      const busy = median(runs.map((x) => x.busyPer));
      p(`| CPU per MiB sent, ${size / KiB} KiB messages (page main thread busy: ${fmt(busy, 1)} ms/MiB) | **${fmt(median(runs.map((x) => x.per)), 3)} ms/MiB** (${fmt(min(runs.map((x) => x.per)), 3)}–${fmt(max(runs.map((x) => x.per)), 3)}) | ${Object.keys([...runs].sort((a, b) => a.per - b.per)[runs.length >> 1].byScript).join(", ") || "—"} | ${fmt(median(runs.map((x) => x.ambiguousPer)), 3)} ms/MiB | — |`);
    }
  }
  directRow("per about:blank frame (touched)", direct.frames, "ms", 3, TARGETS.msPerFrame, 1);
  if (direct.framesBefore) directRow("per about:blank frame, earlier build", direct.framesBefore, "ms", 3, TARGETS.msPerFrame, 1);
  p();
  p(
    `Machine: nproc ${facts.nproc}, ${facts.cpu}, ${facts.chromiumVersion}, headless, Node ${facts.node}; ` +
      `network: ${inNetns ? "private network namespace (veth, 192.0.2.2)" : "real interfaces"}; extension built from ${sourceState()}; ` +
      `load average (1 min) ${fmt(load[0][0], 2)} at start, ${fmt(load[1][0], 2)} at end (the bench's own two browsers add ~2)${cpuPressure()}; ` +
      `bench took ${Math.round(elapsed)} s.`,
  );
  console.log(lines.join("\n"));
}

// ---------------------------------------------------------------------------------------------------------------
// Outside the namespace: build if needed, then re-run this script inside it (run-in-netns falls back to the real
// interfaces, saying so, when it cannot make a namespace). Inside: measure.
if (argv.includes("--log")) {
  await logBench({ quick });
} else if (process.env[INNER] !== "1") {
  ensureBuilt();
  const netns = path.join(root, "test/e2e/harness/run-in-netns.mjs");
  const child = spawn(process.execPath, [netns, process.execPath, self, ...argv], {
    stdio: "inherit",
    env: { ...process.env, [INNER]: "1" },
  });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  main().catch((err) => {
    console.error(`bench: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
