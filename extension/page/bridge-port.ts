// MAIN world: the guard's end of the private channel to the bridge (shared/handshake.ts). The guard asks for the port
// inside its own first run and stops listening before that dispatch returns, so only the bridge (listening since
// just before) can answer; a page can never hand the guard a port. Messages in are read through the captured
// `data` getter (a page cannot patch MessageEvent to forge them); messages out go through the captured
// postMessage. The port exists before the guard says anything (its first report, a connection, a declaration), so
// nothing it says is dropped for want of one. Where no bridge answered there is no port ever, no policy ever
// arrives, and the guard stays closed.
import { HELLO_EVENT, OFFER_EVENT } from "../shared/handshake";
import type { BackgroundMessage, GuardMessage } from "../shared/messages";
import { call, home as natives } from "./natives";

export interface BridgePort {
  /** False where no bridge answered: the guard then never hears a policy (and so fails closed). */
  readonly connected: boolean;
  post(msg: GuardMessage): void;
}

export function connectBridge(onMessage: (msg: BackgroundMessage) => void): BridgePort {
  let port: MessagePort | null = null;
  function take(e: Event): void {
    call(natives.stopImmediatePropagation, e);
    if (port) return;
    const ports = natives.eventPorts ? (call(natives.eventPorts, e) as readonly MessagePort[]) : null;
    if (!ports || ports.length !== 1 || !ports[0]) return;
    port = ports[0];
    call(natives.preventDefault, e);
  }
  call(natives.addEventListener, window, OFFER_EVENT, take, true);
  try {
    call(natives.dispatchEvent, window, new natives.Event(HELLO_EVENT));
  } finally {
    call(natives.removeEventListener, window, OFFER_EVENT, take, true);
  }
  const p = port as MessagePort | null;
  if (p) {
    // MessageEvent and MessagePort are in every browser the guard runs in: this port came in a MessageEvent.
    call(natives.addEventListener, p, "message", (m: Event) => onMessage(call(natives.messageData!, m) as BackgroundMessage));
    call(natives.portStart!, p);
  }
  return {
    connected: p !== null,
    post(msg) {
      if (p) call(natives.portPostMessage!, p, msg); // see above: a MessagePort exists
    },
  };
}
