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
// Part 3 (cost per frame) can also load an earlier build side by side: SEEDGATE_BENCH_BEFORE=DIR (an unpacked
// dist/chrome, e.g. built from the commit before a change) adds a third browser to the same interleaved rotation,
// so "before" and "after" are measured in one run on the same machine state. `--frames` runs only part 3 (and its
// CPU profiles).
//
// usage: npm run bench [-- --runs N] [-- --quick] [-- --log] [-- --frames]
import { CHROMIUM_FLAGS } from "../test/e2e/harness/chromium-flags.mjs";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { attribute } from "./bench/profile.mjs";
import { logBench } from "./bench/log-bench.mjs";
import { findChromium } from "./browsers.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const self = fileURLToPath(import.meta.url);
const distChrome = path.join(root, "dist", "chrome");
const INNER = "SEEDGATE_BENCH_INNER";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const framesOnly = argv.includes("--frames");
const beforeDir = process.env.SEEDGATE_BENCH_BEFORE ? path.resolve(process.env.SEEDGATE_BENCH_BEFORE) : null;
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
const TARGETS = { ratio: 0.98, nsPerSend: 100, msPerFrame: 0.5 };

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

function serve(html) {
  const server = createServer((req, res) => {
    if (req.url === "/bench.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(html);
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
  const server = await serve(readFileSync(path.join(root, "scripts/bench/page.html"), "utf8"));
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
    [browsers.with, browsers.without, browsers.before] = await Promise.all([launch(extCopy), launch(null), ...(beforeCopy ? [launch(beforeCopy)] : [])]);
    if (!browsers.before) delete browsers.before;
    const extensionOrigin = await allowSite(browsers.with.context, "127.0.0.1");
    const beforeOrigin = browsers.before ? await allowSite(browsers.before.context, "127.0.0.1") : null;
    const pages = {};
    for (const side of Object.keys(browsers)) {
      pages[side] = await browsers[side].context.newPage();
      await pages[side].goto(url);
    }
    const status = await pages.with.evaluate(() => window.bench.policy());
    if (status?.seeding !== "allowed") throw new Error(`the extension does not allow the bench site: ${JSON.stringify(status)}`);
    if ((await pages.without.evaluate(() => window.bench.policy())) !== null) throw new Error("the baseline browser has a guard");
    const run = (side, fn, arg) => pages[side].evaluate(fn, arg);

    // Warm-up (untimed): JIT, SCTP code paths, frame creation.
    for (const side of Object.keys(browsers)) {
      if (!framesOnly && side !== "before") {
        await run(side, ([t, s]) => window.bench.throughput(t, s), [2 * MiB, 16 * KiB]);
        await run(side, (kind) => window.bench.sendCost(1, 2_000, kind), "uint8array");
        await run(side, (kind) => window.bench.sendCost(1, 2_000, kind), "arraybuffer");
      }
      await run(side, (m) => window.bench.frames(m), 20);
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

    // 3. Cost per frame (with an earlier build too, if given: the order rotates through all sides).
    const frameSides = Object.keys(browsers);
    const framesSync = Object.fromEntries(frameSides.map((k) => [k, []]));
    const framesSettled = Object.fromEntries(frameSides.map((k) => [k, []]));
    let guardedFrames = null;
    for (let r = 0; r < RUNS; r++) {
      const order = frameSides.map((_, i) => frameSides[(i + r) % frameSides.length]);
      if (r % 2 === 1) order.reverse();
      for (const side of order) {
        const x = await run(side, (m) => window.bench.frames(m), CONFIG.frames);
        framesSync[side].push(x.syncMsPerFrame);
        framesSettled[side].push(x.settledMsPerFrame);
        if (side === "with") guardedFrames = x.probe.guarded;
        // Let the background answer the frames' ports (and the renderer drop 100 realms) before the next run.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      process.stdout.write(`\r  frames, ${CONFIG.frames} iframes: ${r + 1}/${RUNS} rounds (${frameSides.join(", ")})`);
    }
    process.stdout.write("\n");

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
    direct.frames = [];
    for (let r = 0; r < PROFILED_RUNS; r++) {
      const { profile } = await profiled(cdp, pages.with, (m) => window.bench.frames(m), CONFIG.frames);
      const a = attribute(profile, { extensionOrigin, loop: "frameLoop", wrapped: "appendChild" });
      direct.frames.push({ ...a, per: a.counted / CONFIG.frames, ambiguousPer: a.ambiguous / CONFIG.frames });
    }
    process.stdout.write(`  profiled frames: ${PROFILED_RUNS} runs\n`);
    if (browsers.before) {
      const cdpBefore = await browsers.before.context.newCDPSession(pages.before);
      direct.framesBefore = [];
      for (let r = 0; r < PROFILED_RUNS; r++) {
        const { profile } = await profiled(cdpBefore, pages.before, (m) => window.bench.frames(m), CONFIG.frames);
        const a = attribute(profile, { extensionOrigin: beforeOrigin, loop: "frameLoop", wrapped: "appendChild" });
        direct.framesBefore.push({ ...a, per: a.counted / CONFIG.frames, ambiguousPer: a.ambiguous / CONFIG.frames });
      }
      process.stdout.write(`  profiled frames (before): ${PROFILED_RUNS} runs\n`);
    }

    report({ facts, inNetns, tput, sendNs, framesSync, framesSettled, guardedFrames, direct, load: [loadStart, os.loadavg()], elapsed: (Date.now() - started) / 1000 });
  } finally {
    await cleanup();
  }
  if (framesOnly) return;
  console.log("\nAudit log:");
  await logBench({ quick });
}

function report({ facts, inNetns, tput, sendNs, framesSync, framesSettled, guardedFrames, direct, load, elapsed }) {
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
  p(
    `**3. Cost per frame** (${CONFIG.frames} about:blank iframes created and appended in one loop; ` +
      `"sync" = the loop itself, "settled" = until the next task; guard present in the frames: ${guardedFrames})`,
  );
  p();
  p("| | with (ms/frame) | spread | without (ms/frame) | spread | difference of medians | per-pair differences: median (spread) | target |");
  p("|---|---|---|---|---|---|---|---|");
  for (const [label, m] of [
    ["sync", framesSync],
    ["settled", framesSettled],
  ]) {
    const d = median(m.with) - median(m.without);
    const pd = pairDiffs(m);
    p(
      `| ${label} | ${fmt(median(m.with), 3)} | ${fmt(min(m.with), 3)}–${fmt(max(m.with), 3)} | ${fmt(median(m.without), 3)} | ` +
        `${fmt(min(m.without), 3)}–${fmt(max(m.without), 3)} | **${sign(d, 3)} ms** | ${sign(median(pd), 3)} (${sign(min(pd), 3)} to ${sign(max(pd), 3)}) | ` +
        `≤ ${TARGETS.msPerFrame} ms ${verdict(d <= TARGETS.msPerFrame, straddles(m))} |`,
    );
  }
  p();
  p(`Frame difference (settled): ${noise(framesSettled)}.`);
  if (framesSettled.before) {
    // The earlier build (SEEDGATE_BENCH_BEFORE), measured in the same rotation: its cost next to this build's.
    const diffs = (a, b) => a.map((x, i) => x - b[i]);
    p();
    p(`Earlier build (SEEDGATE_BENCH_BEFORE=${beforeDir}), same rounds (each round visits every browser; the order rotates):`);
    p();
    p("| | before (ms/frame) | spread | cost before (before − without), median of per-round differences (spread) | cost now (with − without), same | now − before, same |");
    p("|---|---|---|---|---|---|");
    for (const [label, m] of [
      ["sync", framesSync],
      ["settled", framesSettled],
    ]) {
      const cb = diffs(m.before, m.without);
      const cn = diffs(m.with, m.without);
      const nb = diffs(m.with, m.before);
      const cell = (d) => `${sign(median(d), 3)} (${sign(min(d), 3)} to ${sign(max(d), 3)})`;
      p(`| ${label} | ${fmt(median(m.before), 3)} | ${fmt(min(m.before), 3)}–${fmt(max(m.before), 3)} | ${cell(cb)} | ${cell(cn)} | **${cell(nb)}** |`);
    }
  }
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
  directRow("per about:blank frame", direct.frames, "ms", 3, TARGETS.msPerFrame, 1);
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
