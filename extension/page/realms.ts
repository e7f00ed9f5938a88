// MAIN world: finds every same-origin child realm (iframe, frame, object, popup) the moment the page could first
// reach it, and hands it to `onRealm` before any page code touches it. Measured in Chromium 156: a frame that is
// navigating to a URL (or never loads, or is sandboxed, srcdoc or data:) holds a same-origin about:blank document
// that the parent can use, and that no content script ever runs in; the same global is reused when the frame's
// document loads. Reachability paths covered:
// - the HTML parser inserting a frame: a MutationObserver, whose callback runs at the microtask checkpoint the
//   parser performs before running the next script, and checks the frames among the nodes its records added;
// - a script inserting a frame (any DOM insertion method or HTML setter): the frame elements among the inserted
//   nodes are listed before the call (frame-birth.ts) and their realms checked right after it returns;
// - element.contentWindow / contentDocument / getSVGDocument(), and window.open(): checked before they return;
// - a frame whose own content scripts run inside the insertion call (Chromium, script-made about:blank): its guard
//   calls the parent guard's hook (adoptChild, via shared/handshake.ts ADOPT_CHILD_KEY) before the call returns.
// Each check costs O(1) per inserted frame: nothing walks the document's frames per insertion, so the cost of a
// frame does not grow with the frames already there. Only document.write (per piece, doc-write.ts) and
// Range.surroundContents (which re-inserts frames it does not take as arguments) sweep the window's child frames
// (`window.length`, indexed access the page cannot intercept).
// This code also runs later, while page scripts run (installing into a new child realm): so index loops only,
// never for-of, spread or destructuring, which go through iterators the page may have replaced.
import { apply, call, getOwnPropertyDescriptor, getterOf, setterOf, type AnyNative, type RealmNatives } from "./natives";
import { wrapGetter, wrapMethod, wrapSetter } from "./wrap";
import { dom } from "./dom-natives";
import { customElementDefined, finishBirths, frameFor, frameWindowOf, prepareBirths } from "./frame-birth";
import { wrapHtmlInsertion } from "./html-wrappers";
import { writeInPieces } from "./doc-write";

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
    n = realm.windowLength ? call(realm.windowLength, win) : 0;
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
 * Guard `child` (the hook a child frame's guard calls, early.ts) if it is a same-origin Window without a guard:
 * O(1), with no walk over `win`'s frames. A page calling the hook itself gains nothing: any such Window it holds is
 * one the getters (contentWindow, defaultView, ...) already guard when they hand it out, so guarding it here is the
 * same as guarding it there; anything that is not a Window fails the brand check.
 */
export function adoptChild(realm: RealmNatives, child: unknown, onRealm: RealmSink): boolean {
  if (!realm.windowLength || child === null || typeof child !== "object") return false;
  try {
    call(realm.windowLength, child); // brand check: throws unless child is a Window
  } catch {
    return false;
  }
  if (!isUnguarded(child as Window)) return false;
  onRealm(child as Window & typeof globalThis);
  return true;
}

/** Insertion methods, and which arguments are the nodes they insert ("*": all; "-": none can create a realm). */
const INSERTERS: [string, string, number | "*" | "-"][] = [
  ["Node", "appendChild", 0],
  ["Node", "insertBefore", 0],
  ["Node", "replaceChild", 0],
  ["Node", "moveBefore", "-"], // moves keep the frame's browsing context: no realm is born
  ["Element", "append", "*"],
  ["Element", "prepend", "*"],
  ["Element", "before", "*"],
  ["Element", "after", "*"],
  ["Element", "replaceWith", "*"],
  ["Element", "replaceChildren", "*"],
  ["Element", "insertAdjacentElement", 1],
  ["CharacterData", "before", "*"],
  ["CharacterData", "after", "*"],
  ["CharacterData", "replaceWith", "*"],
  ["DocumentType", "before", "*"],
  ["DocumentType", "after", "*"],
  ["DocumentType", "replaceWith", "*"],
  ["Document", "append", "*"],
  ["Document", "prepend", "*"],
  ["Document", "replaceChildren", "*"],
  ["DocumentFragment", "append", "*"],
  ["DocumentFragment", "prepend", "*"],
  ["DocumentFragment", "replaceChildren", "*"],
  ["Range", "insertNode", 0],
  ["Range", "surroundContents", 0],
];
const HTML_SETTERS: [string, string][] = [
  ["HTMLIFrameElement", "srcdoc"],
  ["HTMLIFrameElement", "src"],
  ["HTMLObjectElement", "data"],
  ["HTMLEmbedElement", "src"],
];
/** Getters that hand out a child realm (a Window or a Document): the realm is guarded before it is returned. */
const REALM_GETTERS: [string, string][] = [
  ["HTMLIFrameElement", "contentWindow"],
  ["HTMLIFrameElement", "contentDocument"],
  ["HTMLFrameElement", "contentWindow"],
  ["HTMLFrameElement", "contentDocument"],
  ["HTMLObjectElement", "contentWindow"],
  ["HTMLObjectElement", "contentDocument"],
  ["Document", "defaultView"],
  ["MessageEvent", "source"],
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
      const doc = realm.ownerDocument ? call(realm.ownerDocument, node) : null;
      const target = doc ?? (node as Document);
      return realm.defaultView ? call(realm.defaultView, target) : null;
    } catch {
      return null;
    }
  };
  /** A full sweep of the windows an insertion into `self` can have touched: only for Range.surroundContents. */
  const sweepAround = (self: unknown) => {
    sweep(realm, win, onRealm);
    const w = windowOf(self);
    if (w && w !== win) sweep(realm, w, onRealm);
  };

  /** A Window or Document handed out to the page: its realm, guarded now if it is a same-origin unguarded one. */
  const guardReturned = (value: unknown) => {
    let w: unknown = value;
    try {
      if (realm.defaultView && value !== null && typeof value === "object") {
        try {
          w = call(realm.defaultView, value); // a Document: its window
        } catch {
          w = value; // not a Document
        }
      }
      if (!w || !realm.windowLength) return;
      call(realm.windowLength, w); // brand check: throws unless w is a Window
    } catch {
      return;
    }
    if (isUnguarded(w as Window)) onRealm(w as Window & typeof globalThis);
  };
  const adopt = (w: Window) => guardReturned(w);
  /**
   * A native insertion of nodes, with every frame that would be born with a URL born guarded and every other
   * inserted frame's realm checked after the call (frame-birth.ts); `around`: sweep the touched windows too.
   */
  const insertNodes = (orig: AnyNative, self: unknown, args: unknown[], target: unknown, first: number, last: number, around = false): unknown => {
    const births = prepareBirths(target, args, first, last);
    let result: unknown;
    try {
      result = apply(orig, self, args);
    } finally {
      try {
        finishBirths(births, adopt);
      } finally {
        if (around) sweepAround(self);
      }
    }
    return frameFor(births, result);
  };

  for (let i = 0; i < INSERTERS.length; i++) {
    const iface = INSERTERS[i]![0];
    const which = INSERTERS[i]![2];
    const isRange = iface === "Range";
    // surroundContents also re-inserts the frames of the range's contents, which are not its arguments.
    const around = isRange && INSERTERS[i]![1] === "surroundContents";
    if (which === "-") continue; // moveBefore keeps the frame's browsing context: no realm is born, nothing to wrap
    wrapMethod(W[iface]?.prototype, INSERTERS[i]![1], (orig, self, args) => {
      let target: unknown = self;
      if (isRange) {
        try {
          target = call(dom.rangeRoot, self);
        } catch {
          target = null;
        }
      }
      return which === "*" ? insertNodes(orig, self, args, target, 0, args.length, around) : insertNodes(orig, self, args, target, which, which + 1, around);
    });
  }
  wrapHtmlInsertion(W, insertNodes);
  // Any custom element definition ends the fast path of frame-birth.ts (a lone frame inserted as it is).
  wrapMethod(W.CustomElementRegistry?.prototype, "define", (orig, self, args) => {
    customElementDefined();
    return apply(orig, self, args);
  });
  for (let k = 0; k < 2; k++) {
    const newline = k === 1;
    wrapMethod(W.Document?.prototype, newline ? "writeln" : "write", (orig, self, args) => {
      const w = windowOf(self);
      const sweepWritten = () => {
        if (w) sweep(realm, w, onRealm);
      };
      if (dom.write && writeInPieces(dom.write, self, args, newline, sweepWritten)) return undefined;
      try {
        return apply(orig, self, args);
      } finally {
        sweepWritten(); // written whole: the frames it wrote are checked after the call only (threat model, left open)
      }
    });
  }
  for (let i = 0; i < HTML_SETTERS.length; i++) {
    const iface = HTML_SETTERS[i]![0];
    const key = HTML_SETTERS[i]![1];
    const proto = W[iface]?.prototype;
    if (!setterOf(proto, key)) continue;
    // A frame given a URL keeps its realm until the navigation commits, and the new document gets its own content
    // scripts (adopted through early.ts); its current realm is checked here, O(1).
    wrapSetter(proto, key, (orig, self, value) => {
      try {
        call(orig, self, value);
      } finally {
        const w = frameWindowOf(self as Element);
        if (w) guardReturned(w);
      }
    });
  }
  for (let i = 0; i < REALM_GETTERS.length; i++) {
    const iface = REALM_GETTERS[i]![0];
    const key = REALM_GETTERS[i]![1];
    const proto = W[iface]?.prototype;
    if (!getterOf(proto, key)) continue;
    wrapGetter(proto, key, (orig, self) => {
      const value = call(orig, self);
      guardReturned(value);
      return value;
    });
  }
  for (let i = 0; i < SVG_DOCUMENT_OWNERS.length; i++) {
    wrapMethod(W[SVG_DOCUMENT_OWNERS[i]!]?.prototype, "getSVGDocument", (orig, self, args) => {
      const value = apply(orig, self, args);
      guardReturned(value);
      return value;
    });
  }
  wrapMethod(win, "open", (orig, self, args) => {
    const opened = apply(orig, self, args) as Window | null;
    if (opened && isUnguarded(opened)) onRealm(opened as Window & typeof globalThis);
    return opened;
  });

  // Frames the parser inserts: checked at the microtask checkpoint before the parser runs the next script. Only the
  // nodes the records added are looked at (a frame, or the frames inside an added subtree): O(1) per inserted frame.
  const checkAdded = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    try {
      if (call(dom.nodeType, node) !== 1) return;
      const w = frameWindowOf(node as Element);
      if (w) guardReturned(w);
      if (call(dom.firstChild, node) === null) return;
      const list = call(dom.elementQsa, node, "iframe,frame,object");
      const n = call(dom.nodeListLength, list);
      for (let i = 0; i < n; i++) {
        const f = frameWindowOf(call(dom.nodeListItem, list, i) as Element);
        if (f) guardReturned(f);
      }
    } catch {
      // a node that went away
    }
  };
  const mo =
    typeof realm.MutationObserver === "function"
      ? new realm.MutationObserver((records: MutationRecord[]) => {
          for (let i = 0; i < records.length; i++) {
            try {
              const nodes = call(dom.addedNodes, records[i]);
              const n = call(dom.nodeListLength, nodes);
              for (let j = 0; j < n; j++) checkAdded(call(dom.nodeListItem, nodes, j));
            } catch {
              // not a record of ours
            }
          }
        })
      : null;
  let observed: Document | null = null;
  const observe = () => {
    const root = win.document;
    if (!mo || !root || root === observed) return;
    observed = root;
    call(realm.moObserve!, mo, root, { childList: true, subtree: true }); // mo exists: so does MutationObserver
  };
  observe();
  return { observe };
}
