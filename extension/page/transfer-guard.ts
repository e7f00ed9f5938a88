// MAIN world: a data channel must not reach a worker. Chromium 156 lets a page transfer an RTCDataChannel to a
// worker (measured), where the worker's own send() is out of the guard's reach. The postMessage of workers, of
// message ports (which can lead to workers) and of service workers refuse a transfer list that holds a data
// channel, with the DataCloneError the browser uses for untransferable objects.
// What the browser gets is the guard's own copy of the list, read once: a list the guard built (natives.safeList),
// whose iteration no page prototype takes part in, and an options dictionary without a prototype. So a page object
// cannot show one list to the check and another to the browser (an iterator that yields a channel only the second
// time, a getter on Array.prototype or on the array iterator, a Proxy).
// window.postMessage is left alone: every window realm is guarded, and wrapping it would change the `source` of
// the message events it sends (the browser takes that from the calling realm: measured, a frame's message then
// appeared to come from its parent).
import { apply, call, create, home, intrinsics, safeList, type Native, type RealmNatives } from "./natives";
import { wrapMethod } from "./wrap";

/** More than any real transfer list; a longer one is refused (as a channel would be) rather than read forever. */
const MAX_ITEMS = 4096;
const ITERATOR: symbol = Symbol.iterator;

function isChannel(v: unknown): boolean {
  if (v === null || typeof v !== "object") return false;
  try {
    call(home.dcReadyState!, v); // without RTCDataChannel this throws: nothing is a channel
    return true;
  } catch {
    return false;
  }
}

const isObject = (v: unknown): v is object => v !== null && (typeof v === "object" || typeof v === "function");

/**
 * The guard's copy of a sequence, read the way WebIDL reads one (with the iterator method read once by the caller);
 * null if it holds a data channel or is absurdly long.
 */
function copySequence(list: object, iterFn: unknown): Iterable<unknown> | null {
  const it = call(iterFn as Native, list) as Record<string, unknown>; // the page's: a non-function throws, as in WebIDL
  if (!isObject(it)) throw new intrinsics.TypeError("Seedgate: the transfer list's iterator is not an object");
  const next = it.next as Native; // the page's: a non-function throws, as in WebIDL
  const items = create(null) as unknown[];
  let n = 0;
  for (;;) {
    const r = call(next, it) as Record<string, unknown>;
    if (!isObject(r)) throw new intrinsics.TypeError("Seedgate: the transfer list's iterator result is not an object");
    if (r.done) break;
    const v = r.value;
    if (isChannel(v) || n >= MAX_ITEMS) return null;
    items[n++] = v;
  }
  return safeList(items, n);
}

/**
 * The postMessage arguments with the transfer list copied, as (message, sequence) or (message, { transfer }) the
 * way WebIDL picks the overload (an object with an iterator is a sequence); null if a data channel is in it. Each
 * member of the page's objects is read exactly once; the browser reads only the copies.
 */
function checked(args: unknown[]): unknown[] | null {
  const second = args[1];
  let value: unknown = second;
  if (second === undefined || second === null) value = create(null);
  else if (isObject(second)) {
    const iterFn = (second as Record<symbol, unknown>)[ITERATOR];
    if (iterFn !== undefined && iterFn !== null) {
      value = copySequence(second, iterFn);
      if (value === null) return null;
    } else {
      // An options dictionary, { transfer }: its one member, read once.
      const opts = create(null) as Record<string, unknown>;
      const transfer = (second as Record<string, unknown>).transfer;
      if (transfer !== undefined) {
        const fn = isObject(transfer) ? (transfer as Record<symbol, unknown>)[ITERATOR] : undefined;
        if (typeof fn !== "function") throw new intrinsics.TypeError("Seedgate: postMessage's transfer option is not a sequence");
        const copy = copySequence(transfer as object, fn);
        if (copy === null) return null;
        opts.transfer = copy;
      }
      value = opts;
    }
  }
  const out = create(null) as Record<number | string, unknown>;
  out[0] = args[0];
  out[1] = value;
  out.length = 2;
  return out as unknown as unknown[];
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
      const safe = checked(args);
      if (safe === null) throw refuse();
      return apply(orig, self, safe);
    });
  }
}
