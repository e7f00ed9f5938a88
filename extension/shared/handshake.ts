// Shared by the bridge (isolated world) and the guard (MAIN world): how the guard gets a private MessagePort.
//
// The bridge is listed first in the manifest and runs first, then the guard, back to back at document_start,
// before any page script of that document can run (test/e2e/handshake.spec.ts checks the order in both
// browsers). The bridge only listens. The guard asks, inside its own first run: it listens for the offer, fires
// HELLO, and stops listening before its dispatch returns. The bridge answers HELLO synchronously by firing OFFER, a
// MessageEvent carrying the port, which the guard takes and cancels (that is how the bridge learns it was taken).
// So the guard accepts a port only while its own code is on the stack: a page can never hand it one, whatever the
// document's markup says and whenever the page's first script runs. Without a bridge there is no port, no policy,
// and the guard stays closed (uploads wait, no ICE).
//
// A guard whose realm another guard already accounts for (adopted by its parent: shared/handshake's ADOPT_CHILD_KEY,
// ADOPTED_KEY) fires ADOPTED instead, and the bridge of that document opens nothing. In a realm the page could use
// before this document loaded (a reused about:blank global), that event is fired with the adopting guard's own
// captured natives, and no page listener can exist for these names: every guarded realm refuses to register them
// (page/private-events.ts). The bridge answers one HELLO or ADOPTED, then stops listening.
export const HELLO_EVENT = "seedgate:hello";
export const ADOPTED_EVENT = "seedgate:adopted";
export const OFFER_EVENT = "seedgate:offer-port";
/** Event names a page may not listen for (page/private-events.ts). */
export const PRIVATE_EVENTS: readonly string[] = [HELLO_EVENT, ADOPTED_EVENT, OFFER_EVENT];
/**
 * Set by a guard on each realm it adopts: a non-configurable function that re-attaches the guard to the realm's
 * current document. When the browser loads a document into that reused global, its content script calls it (plain
 * property access and call: the page may have replaced every built-in of that realm by then) so that frames the
 * new document's parser inserts are seen, like those of any guarded document, and the document's bridge is told
 * (ADOPTED_EVENT) that there is no port to open. Only an own, non-configurable data property counts (named access
 * of an element with that id is not one).
 */
export const ADOPTED_KEY = "__seedgateAdopted";
/**
 * Set by a guard on every realm it guards (its own and each adopted one): a non-configurable function that adopts
 * the given window if it is one of this realm's own unguarded child frames (found by identity among `window[i]`;
 * anything else is ignored, so a page calling it can only get its frames guarded sooner). Chromium runs the content
 * scripts of a script-made about:blank frame synchronously inside the insertion call, before the parent's guard
 * sees the frame: the child's guard calls its parent's hook first, and when that adopted it, stops there (no engine,
 * no port of its own), which is most of the cost of a frame. Where the hook is missing or did not adopt, the child
 * guards itself in full.
 */
export const ADOPT_CHILD_KEY = "__seedgateAdoptChild";
