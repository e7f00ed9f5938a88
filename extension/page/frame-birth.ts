// MAIN world: frames are born guarded, whatever inserts them. Measured in Chromium 156 and Firefox ESR 153: a frame
// inserted WITHOUT a URL (no src, no srcdoc) gets its content scripts — this guard, which asks the parent's guard to
// adopt it (early.ts) — synchronously inside the insertion call, before the frame's load event and before any
// page code of the same call; a frame inserted WITH src or srcdoc holds an initial about:blank realm that no
// content script runs in, and page code running inside the same call (a script after it in a fragment, a
// custom-element reaction, a load or onload handler) can take that realm's pristine natives.
//
// So every insertion into a connected tree that carries such a frame is reshaped (`prepareBirths` before the
// native call, `finishBirths` after it):
// - before: each frame with src/srcdoc among the inserted nodes (the nodes themselves, and their descendants
//   found with the browser's own querySelectorAll) is swapped for a placeholder comment; the native call then
//   inserts a batch that holds no such frame, so the page code it runs can reach no new realm;
// - after: one frame at a time, in tree order, its src/srcdoc attributes are taken off, it replaces its
//   placeholder (born with no URL: guarded synchronously by the browser-injected guard; its about:blank load
//   event, which a frame with a URL never fires, is stopped before any page listener), and then its attributes
//   are put back, which navigates it as it would have been: a same-origin document reuses the guarded global, a
//   cross-origin one gets its own content scripts. No page code runs between taking the attributes off and the
//   frame's birth; a frame whose attributes came back in between (a custom element fighting removeAttribute) is
//   not inserted, and the insertion throws.
// Cost: one querySelectorAll over the inserted nodes only (never the document), and two extra DOM operations per
// frame with a URL. Frames in shadow roots of inserted elements are not found here; nothing indexes them
// (window[i] does not), so the page reaches them only through the getters realms.ts guards directly.
// Runs while page scripts run: index loops only, captured natives only.
import { call, defineProperty, home } from "./natives";
import { dom } from "./dom-natives";

/** Every element that can hold a child realm; those born with a URL are set aside, the rest checked after the call. */
const SELECTOR = "iframe,frame,object";
const HTML_NS = "http://www.w3.org/1999/xhtml";
const ELEMENT = 1;
const FRAGMENT = 11;

export interface Birth {
  frame: Element;
  holder: Comment;
}

/**
 * A batch prepared for insertion: the frames set aside (`list`), and the frame elements inserted as they are
 * (`others`: born without a URL, the lone frame of the fast path, objects), whose realms are checked right after the
 * call — the check is O(1) per inserted frame, never a walk over the document's frames.
 */
export interface Births {
  list: Birth[];
  n: number;
  others: Element[];
  m: number;
}

function addOther(b: Births, el: Element): void {
  defineProperty(b.others, b.m++, { value: el, enumerable: true, writable: true, configurable: true });
}

function isFrameElement(el: Element): boolean {
  if (call(dom.namespaceURI, el) !== HTML_NS) return false;
  const name = call(dom.localName, el);
  return name === "iframe" || name === "frame" || name === "object";
}

function nodeTypeOf(x: unknown): number {
  if (x === null || (typeof x !== "object" && typeof x !== "function")) return 0;
  try {
    return call(dom.nodeType, x);
  } catch {
    return 0; // not a node (a string becomes a Text node)
  }
}

/** True for an HTML iframe/frame element that would be created navigating to a URL. */
function bornWithUrl(el: Element): boolean {
  if (call(dom.namespaceURI, el) !== HTML_NS) return false;
  const name = call(dom.localName, el);
  if (name === "iframe") return Boolean(call(dom.hasAttribute, el, "src") || call(dom.hasAttribute, el, "srcdoc"));
  return name === "frame" && Boolean(call(dom.hasAttribute, el, "src"));
}

function add(b: Births, frame: Element, holder: Comment): void {
  // Own data properties on a guard-made array: no page setter on Array.prototype sees them.
  defineProperty(b.list, b.n++, { value: { __proto__: null, frame, holder }, enumerable: true, writable: true, configurable: true });
}

function placeholderFor(node: Node): Comment {
  const doc = call(dom.ownerDocument, node);
  return call(dom.createComment, doc, "seedgate:frame");
}

/** Sets aside the frames with a URL among `root`'s descendants (root itself is handled by the caller). */
function setAsideDescendants(b: Births, root: Node, type: number): void {
  const qsa = type === FRAGMENT ? dom.fragmentQsa : dom.elementQsa;
  const list = call(qsa, root, SELECTOR);
  const n = call(dom.nodeListLength, list);
  for (let i = 0; i < n; i++) {
    const f = call(dom.nodeListItem, list, i) as Element;
    if (!bornWithUrl(f)) {
      if (isFrameElement(f)) addOther(b, f);
      continue;
    }
    const parent = call(dom.parentNode, f);
    if (!parent) continue;
    const holder = placeholderFor(f);
    call(dom.replaceChild, parent, holder, f);
    add(b, f, holder);
  }
}

/**
 * Before a native insertion into `target` of `args[first..last)`: set aside every frame with a URL among those
 * nodes and their descendants (a node argument that is such a frame is replaced in `args` by its placeholder).
 * Frame elements among them without a URL are listed in `others`, to be checked after the call (`finishBirths`).
 * Null when nothing needs it: the target is not connected (no frame can be born there) or no frame is inserted.
 */
export function prepareBirths(target: unknown, args: unknown[], first: number, last: number): Births | null {
  try {
    if (!call(dom.isConnected, target)) return null;
  } catch {
    return null; // not a node: the native call throws its own error
  }
  if (last - first === 1 && loneFrame(args[first])) return { list: [], n: 0, others: [args[first] as Element], m: 1 };
  let b: Births | null = null;
  for (let i = first; i < last && i < args.length; i++) {
    const a = args[i];
    const type = nodeTypeOf(a);
    if (type !== ELEMENT && type !== FRAGMENT) continue;
    b ??= { list: [], n: 0, others: [], m: 0 };
    if (type === ELEMENT && bornWithUrl(a as Element)) {
      const holder = placeholderFor(a as Node);
      add(b, a as Element, holder);
      defineProperty(args, i, { value: holder, enumerable: true, writable: true, configurable: true });
    } else if (type === ELEMENT && isFrameElement(a as Element)) {
      addOther(b, a as Element);
    }
    // An element without children holds no frame: no querySelectorAll for it (the common case of one frame).
    if (type === ELEMENT && call(dom.firstChild, a) === null) continue;
    setAsideDescendants(b, a as Node, type);
  }
  return b && (b.n > 0 || b.m > 0) ? b : null;
}

/** The realm of a frame element (iframe, frame, object), or null. */
export function frameWindowOf(el: Element): Window | null {
  try {
    const name = call(dom.localName, el);
    const getter = name === "iframe" ? dom.iframeWindow : name === "frame" ? dom.frameWindow : name === "object" ? dom.objectWindow : undefined;
    return getter ? call(getter, el) : null;
  } catch {
    return null;
  }
}

let definitions = false;
/** Called by the guard's wrapper of CustomElementRegistry.prototype.define, in every realm it guards. */
export function customElementDefined(): void {
  definitions = true;
}

/**
 * True for one frame with a URL and no child nodes, inserted alone while no custom element was ever defined in a
 * realm this guard watches: nothing can run page code inside that call (its about:blank fires no load event, it
 * has no scripts, and no reaction exists), so it is inserted as it is and adopted right after the call
 * (realms.ts), and the browser keeps reusing its about:blank global for the same-origin document it loads.
 */
function loneFrame(node: unknown): boolean {
  if (definitions || nodeTypeOf(node) !== ELEMENT) return false;
  return bornWithUrl(node as Element) && call(dom.firstChild, node) === null;
}

/** The frame a placeholder stands for, if `value` is one (an insertion method returning the inserted node). */
export function frameFor(b: Births | null, value: unknown): unknown {
  if (!b || b.n === 0) return value;
  for (let i = 0; i < b.n; i++) if (b.list[i]!.holder === value) return b.list[i]!.frame;
  return value;
}

function stopLoad(e: Event): void {
  if (e.isTrusted) call(home.stopImmediatePropagation, e);
}

/**
 * After the native insertion (also when it threw): each frame inserted as it was has its realm checked (`adopt`: the
 * lone frame of the fast path, whose about:blank realm no content script runs in, is adopted here); each frame set
 * aside takes its placeholder's place, born without a URL, then gets its src/srcdoc back. `adopt` is called with
 * any realm the browser did not guard at birth (never seen in Chromium 156 or Firefox 153). Throws if the page put
 * a frame's URL back while it was being taken off.
 */
export function finishBirths(b: Births | null, adopt: (win: Window) => void): void {
  if (!b) return;
  for (let i = 0; i < b.m; i++) {
    const win = frameWindowOf(b.others[i]!);
    if (win) adopt(win);
  }
  let refused = false;
  for (let i = 0; i < b.n; i++) {
    const frame = b.list[i]!.frame;
    const holder = b.list[i]!.holder;
    const parent = call(dom.parentNode, holder);
    if (!parent) continue; // the page removed the place meanwhile: the frame stays out, as if removed with it
    const src = call(dom.getAttribute, frame, "src");
    const srcdoc = call(dom.getAttribute, frame, "srcdoc");
    if (src !== null) call(dom.removeAttribute, frame, "src");
    if (srcdoc !== null) call(dom.removeAttribute, frame, "srcdoc");
    if (call(dom.hasAttribute, frame, "src") || call(dom.hasAttribute, frame, "srcdoc")) {
      refused = true; // a custom element's attributeChangedCallback put it back: this frame is not inserted
      continue;
    }
    call(home.addEventListener, frame, "load", stopLoad, true);
    try {
      call(dom.replaceChild, parent, frame, holder);
    } finally {
      call(home.removeEventListener, frame, "load", stopLoad, true);
    }
    const win = call(dom.localName, frame) === "iframe" ? call(dom.iframeWindow, frame) : call(dom.frameWindow, frame);
    if (win) adopt(win);
    // srcdoc first: while srcdoc is present, setting src navigates nowhere (srcdoc wins, as it would have).
    if (srcdoc !== null) call(dom.setAttribute, frame, "srcdoc", srcdoc);
    if (src !== null) call(dom.setAttribute, frame, "src", src);
  }
  if (refused) throw new home.DOMException("Seedgate: a frame's source changed while it was being inserted", "NotAllowedError");
}
