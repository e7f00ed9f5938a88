// MAIN world: the first lines of guard.js (scripts/build.mjs bundles this file on its own and puts it at the top of
// the guard's bundle, which returns right here when this evaluates to true). In a frame of a guarded same-origin
// parent — a script-made about:blank frame, whose content scripts Chromium runs synchronously inside the page's
// insertion call — it asks the parent's guard to adopt this realm (shared/handshake.ts, ADOPT_CHILD_KEY) before the
// rest of the bundle is evaluated; in a document loaded into a global a guard already guards, it calls that guard's
// hook instead. When either worked, the guard of this frame has nothing left to do but tell this
// document's bridge so (ADOPTED_EVENT): none of the rest of the bundle runs — no module of it is initialised, no
// native captured, no interface object of this realm touched (issue 12: an adopted frame pays for nothing it does
// not use). Where the hook is missing or did not adopt, the rest of the bundle runs and guards this realm in full.
// In a new realm nothing here can be poisoned yet: no page script has run in it, and the built-ins used are read
// now. A reused global, where page code has run, is handled first and without any of them (loadedIntoGuardedGlobal):
// only `window` (unforgeable, and no global `let` can shadow it), `typeof`, `delete` and a direct call.
import { ADOPT_CHILD_KEY, ADOPTED_EVENT, ADOPTED_KEY } from "../shared/handshake";
import { ownHook } from "./own-hook";

const gopd = Object.getOwnPropertyDescriptor;
const apply = Reflect.apply;
const EventCtor = Event;
const dispatch = EventTarget.prototype.dispatchEvent;

/** True if this realm carries the guard's page API (see realms.ts isUnguarded). */
function hasApi(win: Window): boolean {
  return Boolean(gopd(win.navigator, "p2pConsent"));
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

/**
 * True if this document loaded into a global a guard already guards: the browser keeps a frame's about:blank global
 * for the first same-origin document it loads (a srcdoc frame, a same-origin src frame, a popup that navigates).
 * That guard's hook (ADOPTED_KEY, defined on this global as an own non-configurable data property when it was
 * guarded, before any page code could reach it) watches this document too and tells its bridge; nothing of this
 * bundle is needed here.
 *
 * Page code HAS run in such a global (through the about:blank realm), so its built-ins may be poisoned:
 * Object.getOwnPropertyDescriptor could hide the hook, Reflect.apply skip the call. So nothing here is looked up:
 * the hook is read by plain property access (an own data property wins over anything the page put on a prototype,
 * and a non-configurable one cannot be replaced), its non-configurability is checked with the `delete` operator
 * (syntax: a configurable property the page defined is deleted, so it never counts), and it is called directly.
 */
function loadedIntoGuardedGlobal(): boolean {
  const win = window as unknown as Record<string, unknown>;
  let hook: unknown;
  try {
    hook = win[ADOPTED_KEY];
  } catch {
    return false; // an accessor of the page's that throws: not a guard's hook
  }
  if (typeof hook !== "function") return false;
  let removed: boolean;
  try {
    removed = delete win[ADOPTED_KEY];
  } catch {
    removed = false; // strict mode: a non-configurable property
  }
  if (removed) return false;
  (hook as () => void)();
  return true;
}

/** True: this realm is guarded by a guard already running; the bundle returns at once (scripts/build.mjs). */
export default loadedIntoGuardedGlobal() || adoptedByParent();
