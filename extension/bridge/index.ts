// Isolated world, every frame, document_start, FIRST (before the guard): waits for the guard's HELLO and hands it a
// private MessagePort (shared/handshake.ts), then relays the guard's messages to the background and the
// background's answers back. The page can run code in the guard's world, so nothing from there is trusted: the
// bridge forwards only known message types, at a bounded rate, and the background validates every message in full
// (core/validate). What the page cannot touch is read here, in the isolated world: whether the connection is
// metered. The bridge stays small because it is evaluated in every frame.
import { connectRuntime, extensionAlive, type RuntimePort } from "../platform/runtime-port";
import { ADOPTED_EVENT, HELLO_EVENT, OFFER_EVENT } from "../shared/handshake";
import { FRAME_PORT, GUARD_MESSAGE_TYPES, type FrameToBackground, type GuardMessage } from "../shared/messages";
import { MessageThrottle } from "../core/message-throttle";
import { watchMetered } from "./metered";

let toGuard: MessagePort | null = null;
let port: RuntimePort | null = null;
let disabled = false;
const backlog: FrameToBackground[] = [];
const isTop = window === window.top;
let metered: { now(): boolean | null } | null = null;

/** One answer, to the first HELLO or ADOPTED: the guard's, which fires in its first run right after this script. */
function listen(): void {
  const answer = (e: Event) => {
    window.removeEventListener(HELLO_EVENT, answer, true);
    window.removeEventListener(ADOPTED_EVENT, answer, true);
    e.stopImmediatePropagation();
    if (e.type !== HELLO_EVENT) return; // adopted: the adopting guard's port accounts for this realm
    const channel = new MessageChannel();
    const taken = !window.dispatchEvent(new MessageEvent(OFFER_EVENT, { ports: [channel.port2], cancelable: true }));
    if (!taken) {
      channel.port1.close();
      return;
    }
    toGuard = channel.port1;
    toGuard.onmessage = relay;
    if (isTop) metered = watchMetered((m) => send({ type: "net", metered: m }));
    ensure();
  };
  window.addEventListener(HELLO_EVENT, answer, true);
  window.addEventListener(ADOPTED_EVENT, answer, true);
}

function hello(): FrameToBackground {
  const m = metered?.now() ?? null;
  return { type: "frame/hello", origin: location.origin, top: isTop, url: location.href.slice(0, 4096), ...(m === null ? {} : { metered: m }) };
}

function connect(): RuntimePort | null {
  if (disabled) return null;
  try {
    const p = connectRuntime(FRAME_PORT);
    p.onMessage.addListener((msg: unknown) => toGuard?.postMessage(msg));
    p.onDisconnect.addListener(() => {
      port = null;
      // The service worker was stopped or restarted: reconnect now so the policy is pushed again at once.
      // If the extension itself is gone (updated or removed), stop.
      if (!extensionAlive()) disabled = true;
      else queueMicrotask(() => ensure());
    });
    p.postMessage(hello());
    return p;
  } catch {
    disabled = true;
    return null;
  }
}

function ensure(): RuntimePort | null {
  if (!port) {
    port = connect();
    if (port) for (const m of backlog.splice(0)) port.postMessage(m);
  }
  return port;
}

function send(msg: FrameToBackground): void {
  const p = ensure();
  if (p) p.postMessage(msg);
  else if (!disabled && backlog.length < 1000) backlog.push(msg);
}

/**
 * What the guard says is never dropped. Its bytes, leases and declarations go out at once; the rest (connections
 * opened, closed, refused, their peers, detection) is held back past 400 a second, in order, so a page opening
 * connections in a loop cannot flood the background. Only a page holding more than 5,000 of those back loses some.
 */
const ESSENTIAL = new Set<string>(["usage", "lease/request", "lease/return", "lease/settle", "declare"]);
const throttle = new MessageThrottle({ perSecond: 400, burst: 800 });
const held: GuardMessage[] = [];
const MAX_HELD = 5000;
let drainTimer: ReturnType<typeof setTimeout> | null = null;

function drain(): void {
  drainTimer = null;
  while (held.length > 0 && throttle.take(Date.now())) send(held.shift()!);
  if (held.length > 0) drainTimer = setTimeout(drain, 50);
}

function relay(e: MessageEvent): void {
  const raw: unknown = e.data;
  if (raw === null || typeof raw !== "object") return;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== "string" || !GUARD_MESSAGE_TYPES.has(type)) return;
  const msg = raw as GuardMessage;
  if (ESSENTIAL.has(type)) return send(msg);
  if (held.length === 0 && throttle.take(Date.now())) return send(msg);
  if (held.length < MAX_HELD) held.push(msg);
  if (drainTimer === null) drainTimer = setTimeout(drain, 50);
}

listen();
