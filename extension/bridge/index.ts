// Isolated world, every frame, document_start (runs right after the guard): hands the guard a private MessagePort,
// relays the guard's messages to the background and the background's answers back. The page can run code in the
// guard's world, so nothing from there is trusted: the bridge forwards only known message types, at a bounded
// rate, and the background validates every message in full (core/validate). The bridge stays small because it
// is evaluated in every frame.
import { connectRuntime, extensionAlive, type RuntimePort } from "../platform/runtime-port";
import { ADOPTED_ATTRIBUTE, OFFER_EVENT } from "../shared/handshake";
import { FRAME_PORT, GUARD_MESSAGE_TYPES, type FrameToBackground, type GuardMessage } from "../shared/messages";
import { RateLimiter } from "../core/rate-limiter";

/**
 * Our end of the channel once the guard of this document took the other; null in an adopted realm (checked first:
 * most script-made frames are adopted, and there the bridge creates nothing) or where no guard runs.
 */
function handOver(): MessagePort | null {
  const root = document.documentElement;
  if (root?.hasAttribute(ADOPTED_ATTRIBUTE)) {
    root.removeAttribute(ADOPTED_ATTRIBUTE);
    return null;
  }
  const channel = new MessageChannel();
  return window.dispatchEvent(new MessageEvent(OFFER_EVENT, { ports: [channel.port2], cancelable: true })) ? null : channel.port1;
}

const toGuard = handOver();

let port: RuntimePort | null = null;
let disabled = false;
const backlog: FrameToBackground[] = [];
// A page can make the guard post (e.g. by opening connections in a loop); bound what reaches the background.
const limiter = new RateLimiter({ perSecond: 400, burst: 800 });

function hello(): FrameToBackground {
  return { type: "frame/hello", origin: location.origin, top: window === window.top, url: location.href.slice(0, 4096) };
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

/** Lease traffic is what keeps uploads flowing: it is never rate-limited (the guard batches it anyway). */
const UNLIMITED = new Set<string>(["usage", "lease/request", "lease/return", "lease/settle"]);

function relay(e: MessageEvent): void {
  const raw: unknown = e.data;
  if (raw === null || typeof raw !== "object") return;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== "string" || !GUARD_MESSAGE_TYPES.has(type)) return;
  if (!UNLIMITED.has(type) && !limiter.take(Date.now())) return;
  const msg = raw as GuardMessage;
  const p = ensure();
  if (p) p.postMessage(msg);
  else if (!disabled && backlog.length < 1000) backlog.push(msg);
}

// Without a guard of its own here, this frame is an ancestor's to account for: no port, no connection.
if (toGuard) {
  toGuard.onmessage = relay;
  ensure();
} else disabled = true;
