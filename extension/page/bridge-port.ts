// MAIN world: the guard's end of the private channel to the bridge. Messages in are read through the captured
// `data` getter (a page cannot patch MessageEvent to forge them); messages out go through the captured postMessage.
import { ASK_EVENT, OFFER_EVENT } from "../shared/handshake";
import type { BackgroundMessage, GuardMessage } from "../shared/messages";
import { call, natives } from "./natives";

export interface BridgePort {
  post(msg: GuardMessage): void;
  /** True when the bridge was found; false in a realm where the extension's isolated script does not run. */
  readonly connected: boolean;
}

export function connectBridge(onMessage: (msg: BackgroundMessage) => void): BridgePort {
  let port: MessagePort | null = null;
  const take = (e: Event) => {
    call(natives.stopImmediatePropagation as never, e);
    if (port) return;
    const ports = natives.eventPorts ? (call(natives.eventPorts as never, e) as readonly MessagePort[]) : null;
    const p = ports && ports.length === 1 ? ports[0] : undefined;
    if (!p) return;
    port = p;
    call(natives.preventDefault as never, e);
  };
  call(natives.addEventListener as never, window, OFFER_EVENT, take, true);
  call(natives.dispatchEvent as never, window, new natives.Event(ASK_EVENT));
  call(natives.removeEventListener as never, window, OFFER_EVENT, take, true);

  const connected = port !== null;
  if (port) {
    const p: MessagePort = port;
    call(
      natives.addEventListener as never,
      p,
      "message",
      (e: MessageEvent) => onMessage(call(natives.messageData as never, e) as BackgroundMessage),
    );
    call(natives.portStart as never, p);
  }
  return {
    connected,
    post(msg) {
      if (port) call(natives.portPostMessage as never, port, msg);
    },
  };
}
