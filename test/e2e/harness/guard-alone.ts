// Node (jest e2e): the built page guard (dist/chrome/guard.js) alone in headless Chromium, without the extension.
// Each page gets, before any of its own scripts, a stub of the bridge (it answers the guard's handshake with a
// MessagePort, shared/handshake.ts, and keeps that port's other end for the test: what the guard says, and a way
// to send it policies and leases as the background would), then the guard, then a few helpers for the tests.
// Pages come from a route on http://guard.test/ (no server, nothing leaves the browser). Only the top frame gets
// the scripts: every child realm a test reaches is one the top guard adopted itself (page/realms.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium, type ChromiumSession } from "./chromium";
import { distChrome } from "./paths";
import type { BackgroundMessage, GuardMessage } from "../../../extension/shared/messages";
import type { Enforcement, FramePolicy } from "../../../extension/shared/status";

export const ORIGIN = "http://guard.test";

/** The stub bridge, run first in the page's main world (as the bridge's isolated world would be, before the guard). */
function stubBridge(): void {
  const got: unknown[] = [];
  let port: MessagePort | null = null;
  const answer = () => {
    const channel = new MessageChannel();
    port = channel.port1;
    port.onmessage = (e) => got.push(e.data);
    dispatchEvent(new MessageEvent("seedgate:offer-port", { ports: [channel.port2], cancelable: true }));
  };
  addEventListener("seedgate:hello", answer, { capture: true, once: true });
  (window as unknown as Record<string, unknown>).__bridge = {
    got,
    send: (msg: unknown) => port!.postMessage(msg),
    connected: () => port !== null,
  };
}

/** Helpers the tests call in the page, defined after the guard (they use what the page sees: the wrapped APIs). */
function pageHelpers(): void {
  // Captured now: a test may patch the page's built-ins later, and the peer must still count true bytes.
  const abLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength")!.get!;
  const encoder = new TextEncoder();
  const bytesOf = (d: unknown) => (typeof d === "string" ? encoder.encode(d).length : (Reflect.apply(abLength, d, []) as number));
  const gathered = (pc: RTCPeerConnection) =>
    new Promise<void>((resolve) => {
      if (pc.iceGatheringState === "complete") return resolve();
      pc.addEventListener("icegatheringstatechange", () => {
        if (pc.iceGatheringState === "complete") resolve();
      });
    });
  /** Two connected peer connections of `win`'s realm, and an open channel from a to b; b counts what arrives. */
  async function pair(win: Window & typeof globalThis = window) {
    const a = new win.RTCPeerConnection({ iceServers: [] });
    const b = new win.RTCPeerConnection({ iceServers: [] });
    const ch = a.createDataChannel("unit");
    ch.binaryType = "arraybuffer";
    const recv = { bytes: 0, sizes: [] as number[], texts: [] as string[] };
    b.addEventListener("datachannel", (e) => {
      e.channel.binaryType = "arraybuffer";
      e.channel.addEventListener("message", (m) => {
        const n = bytesOf(m.data);
        recv.bytes += n;
        recv.sizes.push(n);
        if (typeof m.data === "string") recv.texts.push(m.data);
      });
    });
    await a.setLocalDescription();
    await gathered(a);
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await gathered(b);
    await a.setRemoteDescription(b.localDescription!);
    if (ch.readyState !== "open") await new Promise((resolve) => ch.addEventListener("open", resolve, { once: true }));
    return { a, b, ch, recv };
  }
  (window as unknown as Record<string, unknown>).__t = { pair, last: null };
}

/** The script every test page starts with: stub, guard, helpers (the guard read from the build under test). */
export function initScript(): string {
  const guard = readFileSync(path.join(distChrome, "guard.js"), "utf8");
  return `if (window === window.top) {\n(${stubBridge.toString()})();\n${guard}\n;(${pageHelpers.toString()})();\n}`;
}

export interface GuardAlone {
  context: BrowserContext;
  /** A page at http://guard.test/ with the guard (`guarded: false`: the same page without anything of ours). */
  open(guarded?: boolean): Promise<Page>;
  close(): Promise<void>;
}

export async function launchGuardAlone(): Promise<GuardAlone> {
  const session: ChromiumSession = await launchChromium({ extension: false });
  const script = initScript();
  await session.context.route(`${ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>unit</title><body></body>" }));
  return {
    context: session.context,
    async open(guarded = true) {
      const page = await session.context.newPage();
      if (guarded) await page.addInitScript({ content: script });
      await page.goto(`${ORIGIN}/`);
      return page;
    },
    close: () => session.close(),
  };
}

/** What the guard said to its bridge so far. */
export function guardSaid(page: Page): Promise<GuardMessage[]> {
  return page.evaluate(() => (window as unknown as { __bridge: { got: GuardMessage[] } }).__bridge.got);
}

/** Hand the guard a message as the background would. */
export async function tellGuard(page: Page, msg: BackgroundMessage): Promise<void> {
  await page.evaluate((m) => (window as unknown as { __bridge: { send(m: unknown): void } }).__bridge.send(m), msg);
}

/** A "policy" message: `pool` null is unlimited. */
export function policy(enforcement: Enforcement, pool: number | null, seeding: FramePolicy["status"]["seeding"] = "allowed"): BackgroundMessage {
  return {
    type: "policy",
    policy: {
      site: "guard.test",
      status: { seeding, uploadBudgetBytes: pool, uploadRateLimitBps: null, metered: false, reason: "user", resetsAt: null },
      enforcement,
      hideIp: false,
      budgetLimit: pool === null ? null : 1 << 30,
    },
    pool,
    resetLease: false,
    epoch: 1,
    probation: false,
  };
}
