// Shared by the guard (MAIN world) and the bridge (isolated world): how the guard gets a private MessagePort.
// The guard is listed first in the manifest and runs first (measured: Chromium 156 and Firefox 153), then the
// bridge, in the same task, before any page script can exist in a fresh document. The bridge dispatches a
// cancelable MessageEvent carrying the port; the guard's listener takes it and cancels the event to say so.
// In a realm an ancestor's guard already adopted (a frame's about:blank global that the page could use and that
// the browser reuses for the loaded document), page listeners may already exist, so the guard instead marks the
// document element and the bridge, seeing the mark, offers nothing and stays silent.
export const OFFER_EVENT = "seedgate:offer-port";
/**
 * Set by a guard on each realm it adopts: a non-configurable function that re-attaches the guard to the realm's
 * current document. When the browser loads a document into that reused global, its content script calls it (plain
 * property access and call: the page may have replaced every built-in of that realm by then) so that frames the
 * new document's parser inserts are seen, like those of any guarded document.
 */
export const ADOPTED_KEY = "__seedgateAdopted";
export const ADOPTED_ATTRIBUTE = "data-seedgate-adopted";
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
