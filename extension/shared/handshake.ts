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
