// MAIN world: the guard's end of the private channel to the bridge (see shared/handshake.ts). Messages in are
// read through the captured `data` getter (a page cannot patch MessageEvent to forge them); messages out go
// through the captured postMessage. The guard accepts exactly one port, offered before the first task ends.
import { OFFER_EVENT } from "../shared/handshake";
import type { BackgroundMessage, GuardMessage } from "../shared/messages";
import { call, home as natives, intrinsics } from "./natives";

export interface BridgePort {
  post(msg: GuardMessage): void;
}

export function listenForBridge(onMessage: (msg: BackgroundMessage) => void): BridgePort {
  let port: MessagePort | null = null;
  let open = true;
  const stop = () => {
    if (!open) return;
    open = false;
    call(natives.removeEventListener as never, window, OFFER_EVENT, take, true);
  };
  function take(e: Event): void {
    call(natives.stopImmediatePropagation as never, e);
    const ports = natives.eventPorts ? (call(natives.eventPorts as never, e) as readonly MessagePort[]) : null;
    const p = ports && ports.length === 1 ? ports[0] : undefined;
    if (!open || !p) return;
    port = p;
    call(natives.preventDefault as never, e);
    stop();
    call(natives.addEventListener as never, p, "message", (m: MessageEvent) => onMessage(call(natives.messageData as never, m) as BackgroundMessage));
    call(natives.portStart as never, p);
  }
  call(natives.addEventListener as never, window, OFFER_EVENT, take, true);
  // The bridge offers synchronously right after this script; an offer any later could only come from the page.
  intrinsics.setTimeout(stop, 0);
  return {
    post(msg) {
      if (port) call(natives.portPostMessage as never, port, msg);
    },
  };
}
