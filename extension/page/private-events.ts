// MAIN world, every guarded realm: the page may not listen for the handshake's event names (shared/handshake.ts).
// In a realm the page could use before a document loaded into it (a reused about:blank global), the guard tells
// the new document's bridge "adopted: open nothing" with an event; a page listener could otherwise swallow that
// event and later ask the bridge for a port of its own. The event type is converted to a string once, here, and
// that string is what the browser gets: a page object cannot show one name to the check and another to the browser.
import { PRIVATE_EVENTS } from "../shared/handshake";
import { apply, defineData, intrinsics, type RealmNatives } from "./natives";
import { wrapMethod } from "./wrap";

function isPrivate(type: string): boolean {
  for (let i = 0; i < PRIVATE_EVENTS.length; i++) if (PRIVATE_EVENTS[i] === type) return true;
  return false;
}

export function guardPrivateEvents(realm: RealmNatives): void {
  wrapMethod(realm.EventTarget?.prototype, "addEventListener", (orig, self, args) => {
    if (args.length === 0) return apply(orig, self, args);
    // A string (nearly every call) is passed on as it came: no copy of the arguments on this frequent path.
    if (typeof args[0] === "string") return isPrivate(args[0]) ? undefined : apply(orig, self, args);
    const type = intrinsics.String(args[0]);
    if (isPrivate(type)) return undefined;
    const rest: unknown[] = [type];
    for (let i = 1; i < args.length; i++) defineData(rest, i, args[i]);
    return apply(orig, self, rest);
  });
}
