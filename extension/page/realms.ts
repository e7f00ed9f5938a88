// MAIN world: finds every same-origin child realm (iframe, frame, object, popup) the moment the page could first
// reach it, and hands it to `onRealm` before any page code touches it. Measured in Chromium 156: a frame that is
// navigating to a URL (or never loads, or is sandboxed, srcdoc or data:) holds a same-origin about:blank document
// that the parent can use, and that no content script ever runs in; the same global is reused when the frame's
// document loads. Reachability paths covered:
// - the HTML parser inserting a frame: a MutationObserver, whose callback runs at the microtask checkpoint the
//   parser performs before running the next script;
// - a script inserting a frame (any DOM insertion method or HTML setter): a check after the call returns;
// - element.contentWindow / contentDocument / getSVGDocument(), and window.open(): checked before they return;
// - a frame whose own content scripts run inside the insertion call (Chromium, script-made about:blank): its guard
//   calls the parent guard's hook (adoptChild, via shared/handshake.ts ADOPT_CHILD_KEY) before the call returns.
// Each check walks the window's child frames (`window.length`, indexed access the page cannot intercept).
// This code also runs later, while page scripts run (installing into a new child realm): so index loops only,
// never for-of, spread or destructuring, which go through iterators the page may have replaced.
import { apply, call, getOwnPropertyDescriptor, getterOf, setterOf, type RealmNatives } from "./natives";
import { wrapGetter, wrapMethod, wrapSetter } from "./wrap";

export type RealmSink = (win: Window & typeof globalThis) => void;

/** True if the realm can be read from here (same origin) and carries no guard yet. */
export function isUnguarded(win: Window): boolean {
  try {
    const nav = (win as Window & typeof globalThis).navigator;
    return !getOwnPropertyDescriptor(nav, "p2pConsent");
  } catch {
    return false; // cross-origin: its own content scripts guard it, and the page cannot reach into it
  }
}

/** Guard `win`'s unguarded child frames (and theirs: each guarded realm watches its own children). */
export function sweep(realm: RealmNatives, win: Window, onRealm: RealmSink): void {
  let n: number;
  try {
    n = realm.windowLength ? (call(realm.windowLength as never, win) as number) : 0;
  } catch {
    return;
  }
  for (let i = 0; i < n; i++) {
    let child: Window | undefined;
    try {
      child = (win as unknown as Record<number, Window>)[i];
    } catch {
      continue;
    }
    if (child && isUnguarded(child)) onRealm(child as Window & typeof globalThis);
  }
}

/**
 * Guard `child` if it is one of `win`'s own child frames and unguarded. Compared by identity, newest frames first
 * (an inserted frame is usually the last one): a page calling this with anything else gets nothing done.
 */
export function adoptChild(realm: RealmNatives, win: Window, child: unknown, onRealm: RealmSink): boolean {
  let n: number;
  try {
    n = realm.windowLength ? (call(realm.windowLength as never, win) as number) : 0;
  } catch {
    return false;
  }
  for (let i = n - 1; i >= 0; i--) {
    let w: Window | undefined;
    try {
      w = (win as unknown as Record<number, Window>)[i];
    } catch {
      continue;
    }
    if (!w || w !== child) continue;
    if (!isUnguarded(w)) return false;
    onRealm(w as Window & typeof globalThis);
    return true;
  }
  return false;
}

const INSERTERS: [string, string[]][] = [
  ["Node", ["appendChild", "insertBefore", "replaceChild", "moveBefore"]],
  ["Element", ["append", "prepend", "before", "after", "replaceWith", "replaceChildren", "insertAdjacentElement", "insertAdjacentHTML", "setHTMLUnsafe"]],
  ["CharacterData", ["before", "after", "replaceWith"]],
  ["DocumentType", ["before", "after", "replaceWith"]],
  ["Document", ["append", "prepend", "replaceChildren", "write", "writeln"]],
  ["DocumentFragment", ["append", "prepend", "replaceChildren"]],
  ["ShadowRoot", ["setHTMLUnsafe"]],
  ["Range", ["insertNode", "surroundContents"]],
];
const HTML_SETTERS: [string, string][] = [
  ["Element", "innerHTML"],
  ["Element", "outerHTML"],
  ["ShadowRoot", "innerHTML"],
  ["HTMLIFrameElement", "srcdoc"],
  ["HTMLIFrameElement", "src"],
  ["HTMLObjectElement", "data"],
  ["HTMLEmbedElement", "src"],
];
const FRAME_GETTERS: [string, string][] = [
  ["HTMLIFrameElement", "contentWindow"],
  ["HTMLIFrameElement", "contentDocument"],
  ["HTMLFrameElement", "contentWindow"],
  ["HTMLFrameElement", "contentDocument"],
  ["HTMLObjectElement", "contentWindow"],
  ["HTMLObjectElement", "contentDocument"],
];
const SVG_DOCUMENT_OWNERS = ["HTMLIFrameElement", "HTMLObjectElement", "HTMLEmbedElement", "HTMLFrameElement"];

export interface RealmWatcher {
  /** Watch the realm's current document for frames its parser inserts (again, after a new document loaded). */
  observe(): void;
}

export function watchRealms(realm: RealmNatives, onRealm: RealmSink): RealmWatcher {
  const { win } = realm;
  const W = win as unknown as Record<string, { prototype: object } | undefined>;
  /** The window whose frames an inserted node can have added: the node's document's window. */
  const windowOf = (node: unknown): Window | null => {
    try {
      const doc = realm.ownerDocument ? (call(realm.ownerDocument as never, node) as Document | null) : null;
      const target = doc ?? (node as Document);
      return realm.defaultView ? (call(realm.defaultView as never, target) as Window | null) : null;
    } catch {
      return null;
    }
  };
  const after = (self: unknown) => {
    sweep(realm, win, onRealm);
    const w = windowOf(self);
    if (w && w !== win) sweep(realm, w, onRealm);
  };

  for (let i = 0; i < INSERTERS.length; i++) {
    const proto = W[INSERTERS[i]![0]]?.prototype;
    const methods = INSERTERS[i]![1];
    for (let j = 0; j < methods.length; j++) {
      wrapMethod(proto, methods[j]!, (orig, self, args) => {
        try {
          return apply(orig, self, args);
        } finally {
          after(self);
        }
      });
    }
  }
  for (let i = 0; i < HTML_SETTERS.length; i++) {
    const iface = HTML_SETTERS[i]![0];
    const key = HTML_SETTERS[i]![1];
    const proto = W[iface]?.prototype;
    if (!setterOf(proto, key)) continue;
    wrapSetter(proto, key, (orig, self, value) => {
      try {
        call(orig as never, self, value);
      } finally {
        after(self);
      }
    });
  }
  for (let i = 0; i < FRAME_GETTERS.length; i++) {
    const iface = FRAME_GETTERS[i]![0];
    const key = FRAME_GETTERS[i]![1];
    const proto = W[iface]?.prototype;
    if (!getterOf(proto, key)) continue;
    wrapGetter(proto, key, (orig, self) => {
      after(self);
      return call(orig as never, self);
    });
  }
  for (let i = 0; i < SVG_DOCUMENT_OWNERS.length; i++) {
    wrapMethod(W[SVG_DOCUMENT_OWNERS[i]!]?.prototype, "getSVGDocument", (orig, self, args) => {
      after(self);
      return apply(orig, self, args);
    });
  }
  wrapMethod(win, "open", (orig, self, args) => {
    const opened = apply(orig, self, args) as Window | null;
    if (opened && isUnguarded(opened)) onRealm(opened as Window & typeof globalThis);
    return opened;
  });

  // Frames the parser inserts: checked at the microtask checkpoint before the parser runs the next script.
  const mo = typeof realm.MutationObserver === "function" ? new realm.MutationObserver(() => sweep(realm, win, onRealm)) : null;
  let observed: Document | null = null;
  const observe = () => {
    const root = win.document;
    if (!mo || !root || root === observed) return;
    observed = root;
    call(realm.moObserve as never, mo, root, { childList: true, subtree: true });
  };
  observe();
  return { observe };
}
