// Shared by the bridge (isolated world) and the guard (MAIN world): the two DOM event names of the synchronous
// handshake that hands the guard a private MessagePort at document_start, before any page script exists.
// The bridge runs first (manifest order; measured in Chromium 156 and Firefox 153) and waits for the ask; the
// guard listens for an offer only during its own synchronous start, so nothing a page dispatches later is taken.
// The offer is cancelable; the guard cancels it to say "taken", after which the bridge never offers again, so
// nothing a page does later can obtain the port.
export const OFFER_EVENT = "seedgate:offer-port";
export const ASK_EVENT = "seedgate:ask-port";
