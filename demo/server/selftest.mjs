// A check of the demo on its own, without the extension: a first visitor seeds on 127.0.0.1, a second visitor
// on localhost downloads the whole gallery from it with the web seed turned off, and a lone visitor falls back
// to the web seed. Run:  node demo/server/selftest.mjs [--netns] [--screenshots DIR] [--bytes N]
// Chromium gathers no ICE candidates with loopback alone; --netns re-runs this script inside a private network
// namespace (root, `unshare -n`) with a veth pair on 192.0.2.2/24 and a default route into it, so peers connect
// over that address and nothing can leave the machine.
import { CHROMIUM_FLAGS } from "../../test/e2e/harness/chromium-flags.mjs";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDemo } from "./index.mjs";

const args = process.argv.slice(2);
const self = fileURLToPath(import.meta.url);

if (args.includes("--netns") && process.env.SEEDGATE_DEMO_NETNS !== "1") {
  const inner = [process.execPath, self, ...args.filter((a) => a !== "--netns")].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const script = [
    "set -e",
    "ip link set lo up",
    "ip link add v0 type veth peer name v1",
    "ip addr add 192.0.2.2/24 dev v0",
    "ip link set v0 up",
    "ip link set v1 up",
    "ip route add default via 192.0.2.1 dev v0",
    `exec ${inner}`,
  ].join("\n");
  const r = spawnSync("unshare", ["-n", "bash", "-c", script], { stdio: "inherit", env: { ...process.env, SEEDGATE_DEMO_NETNS: "1" } });
  process.exit(r.status ?? 1);
}

const shotsIdx = args.indexOf("--screenshots");
const shots = shotsIdx >= 0 ? args[shotsIdx + 1] : undefined;
const bytesIdx = args.indexOf("--bytes");
const contentBytes = bytesIdx >= 0 ? Number(args[bytesIdx + 1]) : 4 * 1024 * 1024;
if (shots) mkdirSync(shots, { recursive: true });

const FLAGS = CHROMIUM_FLAGS;

/** Records every RTCPeerConnection configuration a page uses, and the bytes its data channels send and receive. */
const RECORD_RTC = `(() => {
  const Native = window.RTCPeerConnection;
  window.__rtcConfigs = [];
  window.__channelBytes = { sent: 0, received: 0, channels: 0 };
  const size = (d) => typeof d === "string" ? new TextEncoder().encode(d).length : d instanceof Blob ? d.size : d.byteLength;
  const send = RTCDataChannel.prototype.send;
  RTCDataChannel.prototype.send = function (data) {
    const r = send.call(this, data);
    window.__channelBytes.sent += size(data);
    return r;
  };
  const track = (ch) => {
    window.__channelBytes.channels++;
    ch.addEventListener("message", (e) => { window.__channelBytes.received += size(e.data); });
  };
  const createDataChannel = Native.prototype.createDataChannel;
  Native.prototype.createDataChannel = function (...a) { const ch = createDataChannel.apply(this, a); track(ch); return ch; };
  const add = Native.prototype.addEventListener;
  Native.prototype.addEventListener = function (type, fn, ...rest) {
    if (type === "datachannel") add.call(this, type, (e) => track(e.channel), ...rest);
    return add.call(this, type, fn, ...rest);
  };
  Object.defineProperty(Native.prototype, "ondatachannel", { configurable: true, set(fn) { this.addEventListener("datachannel", fn); }, get() { return null; } });
  window.RTCPeerConnection = function (config, ...rest) {
    window.__rtcConfigs.push(JSON.parse(JSON.stringify(config ?? null)));
    return new Native(config, ...rest);
  };
  window.RTCPeerConnection.prototype = Native.prototype;
  Object.setPrototypeOf(window.RTCPeerConnection, Native);
})();`;

/** A stand-in for Seedgate's navigator.p2pConsent (DESIGN.md, "The page API"), driven by the test. */
const FAKE_CONSENT = (/** @type {string} */ seeding) => `(() => {
  const target = new EventTarget();
  let status = { seeding: ${JSON.stringify(seeding)}, uploadBudgetBytes: null, uploadRateLimitBps: null, metered: false, reason: "user", resetsAt: null };
  window.__declarations = [];
  Object.defineProperty(navigator, "p2pConsent", { configurable: true, value: {
    query: async () => status,
    request: async (decl) => { window.__declarations.push(decl); return status; },
    addEventListener: (t, f) => target.addEventListener(t, f),
    removeEventListener: (t, f) => target.removeEventListener(t, f),
  } });
  window.__setConsent = (seeding) => {
    status = { ...status, seeding };
    target.dispatchEvent(Object.assign(new Event("change"), { status }));
  };
})();`;

let failures = 0;
/** @param {boolean} ok @param {string} what */
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

const demo = await startDemo({ contentBytes });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: FLAGS });
/** @type {string[]} */
const foreign = [];

/** @param {string} url @param {string} [consent] a seeding value for a fake navigator.p2pConsent */
async function open(url, consent) {
  const context = await browser.newContext();
  await context.addInitScript(RECORD_RTC);
  if (consent) await context.addInitScript(FAKE_CONSENT(consent));
  const page = await context.newPage();
  page.on("request", (req) => {
    const u = new URL(req.url());
    if (!["127.0.0.1", "localhost"].includes(u.hostname) && !["blob:", "data:"].includes(u.protocol)) foreign.push(req.url());
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") console.log(`  [${new URL(url).host} ${msg.type()}] ${msg.text()}`);
  });
  page.on("pageerror", (err) => console.log(`  [${new URL(url).host} pageerror] ${err.message}`));
  await page.goto(url);
  return { context, page };
}

/** @param {import("playwright-core").Page} page */
const state = (page) =>
  page.evaluate(() => {
    const d = /** @type {any} */ (window).demo;
    return {
      done: d.done(), uploaded: d.uploaded(), downloaded: d.downloaded(), fromPeers: d.fromPeers(),
      fromWebSeed: d.fromWebSeed(), protocol: d.protocolBytes(), peers: d.peers(), webSeed: d.webSeed(),
      timings: { ...d.timings }, infoHash: d.infoHash, torrentBytes: d.torrentBytes, error: d.error(), mode: d.mode(),
      rtc: /** @type {any} */ (window).__rtcConfigs,
      channel: /** @type {any} */ (window).__channelBytes,
    };
  });

/** @param {import("playwright-core").Page} page @param {number} timeoutMs */
const waitComplete = (page, timeoutMs) =>
  page.evaluate((ms) => Promise.race([/** @type {any} */ (window).demo.complete, new Promise((_, rej) => setTimeout(() => rej(new Error("timeout")), ms))]), timeoutMs);

const total = demo.torrentBytes;
console.log(`demo on ${demo.seederOrigin} and ${demo.leecherOrigin}, tracker ${demo.trackerUrl}, ${total} bytes in ${demo.files.length} files`);

try {
  // 1. First visitor: loads from the web seed, then seeds.
  const seeder = await open(`${demo.seederOrigin}/seed.html`);
  const t0 = Date.now();
  await waitComplete(seeder.page, 30_000);
  const s0 = await state(seeder.page);
  console.log(`seeder complete in ${Date.now() - t0} ms (${Math.round(s0.timings.complete - s0.timings.ready)} ms after ready): fromWebSeed=${s0.fromWebSeed} fromPeers=${s0.fromPeers}`);
  check(s0.done && s0.fromWebSeed === total, "first visitor got the whole gallery from the web seed");

  // 2. Second visitor on the other site, web seed off: everything must come from the first visitor.
  const watcher = await open(`${demo.leecherOrigin}/watch.html?webseed=0`);
  const t1 = Date.now();
  await waitComplete(watcher.page, 30_000);
  const elapsed = Date.now() - t1;
  const w = await state(watcher.page);
  await new Promise((r) => setTimeout(r, 300));
  const s1 = await state(seeder.page);
  console.log(`watcher complete in ${elapsed} ms with page load, ${Math.round(w.timings.complete - w.timings.ready)} ms after ready: fromPeers=${w.fromPeers} fromWebSeed=${w.fromWebSeed} protocol bytes received=${w.protocol.received}`);
  console.log(`seeder uploaded ${s1.uploaded} content bytes, ${s1.protocol.sent} bytes with protocol messages`);
  console.log(`data channels: seeder sent ${s1.channel.sent} / received ${s1.channel.received} (${s1.channel.channels} channels), watcher sent ${w.channel.sent} / received ${w.channel.received} (${w.channel.channels} channels)`);
  check(w.done, "second visitor completed");
  check(w.fromPeers === total && w.fromWebSeed === 0, "second visitor received every byte from the peer, none from the web seed");
  check(s1.uploaded === total, "first visitor's upload count equals the gallery size");
  check(w.protocol.received === w.channel.received && s1.protocol.sent === s1.channel.sent, "protocolBytes() equals what the data channels carried");
  check(w.infoHash === demo.infoHash && s1.infoHash === demo.infoHash, "both pages are in the server's swarm");
  const images = await watcher.page.evaluate(() => [...document.querySelectorAll("#gallery img")].map((i) => /** @type {HTMLImageElement} */ (i).naturalWidth > 0));
  check(images.length === demo.files.length && images.every(Boolean), "second visitor shows every picture");
  const rtc = [...(s1.rtc ?? []), ...(w.rtc ?? [])];
  check(rtc.length > 0 && rtc.every((c) => c && Array.isArray(c.iceServers) && c.iceServers.length === 0), `every RTCPeerConnection had iceServers: [] (${rtc.length} seen)`);
  if (shots) {
    await seeder.page.screenshot({ path: path.join(shots, "seed.png"), fullPage: true });
    await watcher.page.screenshot({ path: path.join(shots, "watch.png"), fullPage: true });
  }
  await seeder.context.close();
  await watcher.context.close();

  // 3. A lone visitor (nobody seeding): after the fallback delay the web seed delivers everything.
  const lone = await open(`${demo.leecherOrigin}/watch.html?fallback=1000`);
  const t2 = Date.now();
  await waitComplete(lone.page, 30_000);
  const l = await state(lone.page);
  console.log(`lone visitor complete in ${Date.now() - t2} ms (web seed ${l.webSeed}): fromWebSeed=${l.fromWebSeed} fromPeers=${l.fromPeers}`);
  check(l.fromWebSeed === total && l.fromPeers === 0, "a lone visitor falls back to the web seed");
  await lone.context.close();

  // 4. A page that respects the consent API: download-only uploads nothing, until the visitor allows seeding.
  const polite = await open(`${demo.seederOrigin}/seed.html`, "download-only");
  await waitComplete(polite.page, 30_000);
  const decl = await polite.page.evaluate(() => /** @type {any} */ (window).__declarations);
  check(decl.length === 1 && decl[0].client === "webtorrent" && typeof decl[0].version === "string" && decl[0].purpose === "demo gallery", `the page declared itself: ${JSON.stringify(decl)}`);
  const asker = await open(`${demo.leecherOrigin}/watch.html?webseed=0`);
  await asker.page.waitForFunction(() => /** @type {any} */ (window).demo.peers() > 0, null, { timeout: 15_000 });
  await new Promise((r) => setTimeout(r, 2000));
  const p0 = await state(polite.page);
  const a0 = await state(asker.page);
  check(p0.mode === "download-only" && p0.uploaded === 0 && a0.fromPeers === 0 && a0.peers > 0, `download-only: connected (${a0.peers} peer) but uploaded nothing (${p0.uploaded} bytes)`);
  await polite.page.evaluate(() => /** @type {any} */ (window).__setConsent("allowed"));
  const t3 = Date.now();
  await waitComplete(asker.page, 30_000);
  const a1 = await state(asker.page);
  const p1 = await state(polite.page);
  check(p1.mode === "seed" && a1.fromPeers === total && p1.uploaded === total, `after a change to allowed it seeded the whole gallery (${Date.now() - t3} ms)`);
  await polite.context.close();
  await asker.context.close();

  // 5. Blocked: no peer connection at all, the web seed at once.
  const blocked = await open(`${demo.leecherOrigin}/watch.html`, "blocked");
  const t4 = Date.now();
  await waitComplete(blocked.page, 30_000);
  const b = await state(blocked.page);
  check(b.mode === "http-only" && b.fromWebSeed === total && (b.rtc ?? []).length === 0, `blocked: web seed only, no RTCPeerConnection (${Date.now() - t4} ms)`);
  await blocked.context.close();

  const home = await open(`${demo.seederOrigin}/`);
  await home.page.waitForFunction(() => document.getElementById("infohash")?.textContent !== "…");
  if (shots) await home.page.screenshot({ path: path.join(shots, "index.png"), fullPage: true });
  await home.context.close();

  check(foreign.length === 0, `no request left the two local origins${foreign.length ? `: ${foreign.join(", ")}` : ""}`);
  console.log("server stats:", JSON.stringify(demo.stats()));
} catch (err) {
  failures++;
  console.log(`FAIL ${/** @type {Error} */ (err).stack}`);
} finally {
  await browser.close();
  await demo.close();
}
console.log(failures ? `${failures} check(s) failed` : "all checks passed");
process.exit(failures ? 1 : 0);
