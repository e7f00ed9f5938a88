// MAIN world: the first module of the guard's bundle to run (index.ts imports it first). In a frame of a guarded
// same-origin parent — a script-made about:blank frame, whose content scripts Chromium runs synchronously inside
// the page's insertion call — it asks the parent's guard to adopt this realm (shared/handshake.ts,
// ADOPT_CHILD_KEY) before the rest of the bundle captures anything here. When that worked, the guard of this frame
// has nothing left to do but tell this document's bridge so (ADOPTED_EVENT): natives.ts skips capturing this realm
// and index.ts returns at once.
// Nothing here can be poisoned yet: no page script has run in this realm, and the built-ins used are read now.
import { ADOPT_CHILD_KEY, ADOPTED_EVENT, ADOPTED_KEY } from "../shared/handshake";

const gopd = Object.getOwnPropertyDescriptor;
const apply = Reflect.apply;
const EventCtor = Event;
const dispatch = EventTarget.prototype.dispatchEvent;

/** True if this realm carries the guard's page API (see realms.ts isUnguarded). */
function hasApi(win: Window): boolean {
  return Boolean(gopd(win.navigator, "p2pConsent"));
}

/**
 * The function a guard defined on `win` (an own, non-configurable data property holding a function), or null.
 * Named access (`<html id=...>`, a named frame) gives no own property of the window, so markup cannot forge one.
 */
export function ownHook(win: Window, key: string): ((...a: unknown[]) => unknown) | null {
  try {
    const d = gopd(win, key);
    return d && !d.configurable && "value" in d && typeof d.value === "function" ? (d.value as (...a: unknown[]) => unknown) : null;
  } catch {
    return null;
  }
}

/**
 * True only if this realm came out of the parent's hook guarded: the page API and the adoption mark in place (the
 * mark is defined last, after the WebRTC wrappers). What it reads of the parent is the parent guard's own
 * non-configurable hook, defined before the parent's page ran; in a parent without a guard it is whatever that
 * page put there — but a parent without a guard is already unguarded WebRTC for that page, which gains nothing here.
 */
function adoptedByParent(): boolean {
  try {
    const win = window as unknown as Record<string, unknown> & Window;
    if (!win.navigator || gopd(win, ADOPTED_KEY) !== undefined || hasApi(win)) return false; // index.ts decides
    const parent = win.parent;
    if (!parent || parent === win) return false;
    const hook = ownHook(parent, ADOPT_CHILD_KEY);
    if (!hook) return false;
    apply(hook, undefined, [win]);
    if (!hasApi(win) || !ownHook(win, ADOPTED_KEY)) return false;
    // Tell this document's bridge to open nothing: this realm is the parent guard's to account for.
    apply(dispatch, win, [new EventCtor(ADOPTED_EVENT)]);
    return true;
  } catch {
    return false;
  }
}

export const adoptedEarly = adoptedByParent();
