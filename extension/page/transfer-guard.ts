// MAIN world: a data channel must not reach a worker. Chromium 156 lets a page transfer an RTCDataChannel to a
// worker (measured), where the worker's own send() is out of the guard's reach. The postMessage of workers, of
// message ports (which can lead to workers) and of service workers refuse a transfer list that holds a data
// channel, with the DataCloneError the browser uses for untransferable objects. The guard passes the browser its
// own copy of the list and options, so a page object cannot show one list to the check and another to the browser.
// window.postMessage is left alone: every window realm is guarded, and wrapping it would change the `source` of
// the message events it sends (the browser takes that from the calling realm: measured, a frame's message then
// appeared to come from its parent).
import { apply, call, create, defineProperty, home, objectKeys, type RealmNatives } from "./natives";
import { wrapMethod } from "./wrap";

function isChannel(v: unknown): boolean {
  if (v === null || typeof v !== "object") return false;
  try {
    call(home.dcReadyState as never, v);
    return true;
  } catch {
    return false;
  }
}

/** A copy of an array-like transfer list, or null if it holds a data channel. */
function copyList(list: unknown): unknown[] | null | undefined {
  if (list === undefined || list === null || typeof list !== "object") return undefined;
  const src = list as ArrayLike<unknown>;
  const out: unknown[] = [];
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (isChannel(v)) return null;
    defineProperty(out, i, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The postMessage arguments with transfer lists copied; null if they would transfer a data channel. */
function checked(args: unknown[], listIndex: number): unknown[] | null {
  const out: unknown[] = [];
  for (let i = 0; i < args.length; i++) defineProperty(out, i, { value: args[i], enumerable: true, writable: true, configurable: true });
  const last = args[listIndex];
  if (last !== null && typeof last === "object" && !("length" in (last as object))) {
    // An options dictionary: { transfer, targetOrigin, ... }. Copy every member; check and copy `transfer`.
    const opts = create(null) as Record<string, unknown>;
    const keys = objectKeys(last);
    for (let i = 0; i < keys.length; i++) opts[keys[i]!] = (last as Record<string, unknown>)[keys[i]!];
    const transfer = copyList(opts.transfer);
    if (transfer === null) return null;
    if (transfer !== undefined) opts.transfer = transfer;
    out[listIndex] = opts;
  } else {
    const transfer = copyList(last);
    if (transfer === null) return null;
    if (transfer !== undefined) out[listIndex] = transfer;
  }
  return out;
}

export function installTransferGuard(realm: RealmNatives): void {
  const W = realm.win as unknown as Record<string, { prototype: object } | undefined>;
  const refuse = () =>
    new realm.DOMException("Seedgate: a data channel cannot be transferred out of the page (its uploads could not be counted).", "DataCloneError");
  // postMessage(message, transfer) or postMessage(message, { transfer })
  const owners = [W.Worker?.prototype, W.MessagePort?.prototype, W.ServiceWorker?.prototype];
  for (let t = 0; t < owners.length; t++) {
    wrapMethod(owners[t], "postMessage", (orig, self, args) => {
      if (args.length < 2) return apply(orig, self, args);
      const safe = checked(args, 1);
      if (safe === null) throw refuse();
      return apply(orig, self, safe);
    });
  }
}
