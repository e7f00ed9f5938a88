// MAIN world, evaluated at document_start before any page script and before the guard wraps anything: the DOM
// built-ins the insertion guard (frame-birth.ts, html-insert.ts, doc-write.ts) calls, captured from this realm
// while they are still the browser's own. The browser checks their receiver by interface, not by realm, so these
// copies also work on nodes of every child realm the guard adopts.
import { getPrototypeOf, type Native } from "./natives";
import { adoptedEarly } from "./early";

type Fn = Native;
const g = globalThis as typeof globalThis & Record<string, { prototype: object } | undefined>;

function method(iface: string, key: string): Fn | undefined {
  const proto = g[iface]?.prototype;
  const d = proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined;
  return typeof d?.value === "function" ? (d.value as Fn) : undefined;
}
function getter(iface: string, key: string): Fn | undefined {
  const proto = g[iface]?.prototype;
  const d = proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined;
  return typeof d?.get === "function" ? (d.get as Fn) : undefined;
}
function setter(iface: string, key: string): Fn | undefined {
  const proto = g[iface]?.prototype;
  const d = proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined;
  return typeof d?.set === "function" ? (d.set as Fn) : undefined;
}

function captureDom() {
  return {
    nodeType: getter("Node", "nodeType"),
    isConnected: getter("Node", "isConnected"),
    parentNode: getter("Node", "parentNode"),
    ownerDocument: getter("Node", "ownerDocument"),
    firstChild: getter("Node", "firstChild"),
    replaceChild: method("Node", "replaceChild"),
    appendChild: method("Node", "appendChild"),
    localName: getter("Element", "localName"),
    namespaceURI: getter("Element", "namespaceURI"),
    hasAttribute: method("Element", "hasAttribute"),
    getAttribute: method("Element", "getAttribute"),
    setAttribute: method("Element", "setAttribute"),
    removeAttribute: method("Element", "removeAttribute"),
    elementQsa: method("Element", "querySelectorAll"),
    fragmentQsa: method("DocumentFragment", "querySelectorAll"),
    nodeListLength: getter("NodeList", "length"),
    nodeListItem: method("NodeList", "item"),
    createComment: method("Document", "createComment"),
    createDocumentFragment: method("Document", "createDocumentFragment"),
    createElementNS: method("Document", "createElementNS"),
    documentElement: getter("Document", "documentElement"),
    implementation: getter("Document", "implementation"),
    createHTMLDocument: method("DOMImplementation", "createHTMLDocument"),
    innerHTMLSet: setter("Element", "innerHTML"),
    setHTMLUnsafe: method("Element", "setHTMLUnsafe"),
    shadowHost: getter("ShadowRoot", "host"),
    // Not startContainer: Chromium 156 has no such getter on Range or AbstractRange.prototype (measured).
    rangeRoot: getter("Range", "commonAncestorContainer"),
    iframeWindow: getter("HTMLIFrameElement", "contentWindow"),
    frameWindow: getter("HTMLFrameElement", "contentWindow"),
    objectWindow: getter("HTMLObjectElement", "contentWindow"),
    addedNodes: getter("MutationRecord", "addedNodes"),
    defaultView: getter("Document", "defaultView"),
    write: method("Document", "write"),
    indexOf: String.prototype.indexOf,
    slice: String.prototype.slice,
    toLowerCase: String.prototype.toLowerCase,
    regexpExec: RegExp.prototype.exec,
    String,
    windowProto: getPrototypeOf(window) as object,
  };
}

/**
 * Captured in the guard's own realm only: a frame whose guard the parent adopted (early.ts) runs nothing of this
 * bundle but evaluates it, and pays for no capture (issue 12).
 */
export const dom: ReturnType<typeof captureDom> = adoptedEarly ? (null as unknown as ReturnType<typeof captureDom>) : captureDom();

/** The insertion methods' originals, for the guard's own insertions (the page sees wrapped versions). */
function captureInsert() {
  return {
    elementReplaceChildren: method("Element", "replaceChildren"),
    fragmentReplaceChildren: method("DocumentFragment", "replaceChildren"),
    before: method("Element", "before"),
    after: method("Element", "after"),
    prepend: method("Element", "prepend"),
    append: method("Element", "append"),
    replaceWith: method("Element", "replaceWith"),
  };
}
export const insert: ReturnType<typeof captureInsert> = adoptedEarly ? (null as unknown as ReturnType<typeof captureInsert>) : captureInsert();

const tt = (g as unknown as { trustedTypes?: object }).trustedTypes;
/** Trusted Types, where the browser has them: a brand check and the content of a TrustedHTML. */
export const trusted = {
  factory: tt,
  isHTML: method("TrustedTypePolicyFactory", "isHTML"),
  htmlToString: method("TrustedHTML", "toString"),
  defaultPolicy: getter("TrustedTypePolicyFactory", "defaultPolicy"),
};
