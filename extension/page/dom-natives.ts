// MAIN world, evaluated at document_start before any page script and before the guard wraps anything: the DOM
// built-ins the insertion guard (frame-birth.ts, html-insert.ts, doc-write.ts) calls, captured from this realm
// while they are still the browser's own. The browser checks their receiver by interface, not by realm, so these
// copies also work on nodes of every child realm the guard adopts.
import { getPrototypeOf, type Getter, type Native } from "./natives";

const g = globalThis as typeof globalThis & Record<string, { prototype: object } | undefined>;

// The type parameters say what the guard expects of each native it captures by name (descriptors are untyped).
function method<A extends unknown[] = unknown[], R = unknown>(iface: string, key: string): Native<A, R> | undefined {
  const proto = g[iface]?.prototype;
  const d = proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined;
  return typeof d?.value === "function" ? (d.value as Native<A, R>) : undefined;
}
function getter<T = unknown>(iface: string, key: string): Getter<T> | undefined {
  const proto = g[iface]?.prototype;
  const d = proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined;
  return typeof d?.get === "function" ? (d.get as Getter<T>) : undefined;
}
function setter<T = unknown>(iface: string, key: string): Native<[T], void> | undefined {
  const proto = g[iface]?.prototype;
  const d = proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined;
  return typeof d?.set === "function" ? (d.set as Native<[T], void>) : undefined;
}
/**
 * A member of an interface every browser the guard runs in has (Node, Element, Document, NodeList, Range, ...).
 * Typed as present: were one missing, its call would throw a TypeError, as calling undefined through Reflect.apply
 * always did here.
 */
function always<F>(f: F | undefined): F {
  return f as F; // see above
}

function captureDom() {
  return {
    nodeType: always(getter<number>("Node", "nodeType")),
    isConnected: always(getter<boolean>("Node", "isConnected")),
    parentNode: always(getter<Node | null>("Node", "parentNode")),
    ownerDocument: always(getter<Document>("Node", "ownerDocument")),
    firstChild: always(getter<Node | null>("Node", "firstChild")),
    replaceChild: always(method<[node: Node, child: Node], Node>("Node", "replaceChild")),
    appendChild: always(method<[node: Node], Node>("Node", "appendChild")),
    localName: always(getter<string>("Element", "localName")),
    namespaceURI: always(getter<string | null>("Element", "namespaceURI")),
    hasAttribute: always(method<[name: string], boolean>("Element", "hasAttribute")),
    getAttribute: always(method<[name: string], string | null>("Element", "getAttribute")),
    setAttribute: always(method<[name: string, value: string], void>("Element", "setAttribute")),
    removeAttribute: always(method<[name: string], void>("Element", "removeAttribute")),
    elementQsa: always(method<[selectors: string], NodeList>("Element", "querySelectorAll")),
    fragmentQsa: always(method<[selectors: string], NodeList>("DocumentFragment", "querySelectorAll")),
    nodeListLength: always(getter<number>("NodeList", "length")),
    nodeListItem: always(method<[index: number], Node | null>("NodeList", "item")),
    createComment: always(method<[data: string], Comment>("Document", "createComment")),
    createDocumentFragment: always(method<[], DocumentFragment>("Document", "createDocumentFragment")),
    createElementNS: always(method<[ns: string, name: string], Element>("Document", "createElementNS")),
    documentElement: always(getter<Element | null>("Document", "documentElement")),
    implementation: always(getter<DOMImplementation>("Document", "implementation")),
    createHTMLDocument: always(method<[title: string], Document>("DOMImplementation", "createHTMLDocument")),
    innerHTMLSet: always(setter("Element", "innerHTML")),
    setHTMLUnsafe: method("Element", "setHTMLUnsafe"),
    shadowHost: always(getter<Element>("ShadowRoot", "host")),
    // Not startContainer: Chromium 156 has no such getter on Range or AbstractRange.prototype (measured).
    rangeRoot: always(getter<Node>("Range", "commonAncestorContainer")),
    iframeWindow: always(getter<Window | null>("HTMLIFrameElement", "contentWindow")),
    frameWindow: always(getter<Window | null>("HTMLFrameElement", "contentWindow")),
    objectWindow: always(getter<Window | null>("HTMLObjectElement", "contentWindow")),
    addedNodes: always(getter<NodeList>("MutationRecord", "addedNodes")),
    defaultView: always(getter<Window | null>("Document", "defaultView")),
    write: method("Document", "write"),
    indexOf: String.prototype.indexOf,
    slice: String.prototype.slice,
    toLowerCase: String.prototype.toLowerCase,
    regexpExec: RegExp.prototype.exec,
    String,
    windowProto: getPrototypeOf(window) as object,
  };
}

/** Captured in the guard's own realm (a frame the parent's guard adopted never evaluates this: early.ts). */
export const dom: ReturnType<typeof captureDom> = captureDom();

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
export const insert: ReturnType<typeof captureInsert> = captureInsert();

const tt = (g as unknown as { trustedTypes?: object }).trustedTypes;
/** Trusted Types, where the browser has them: a brand check and the content of a TrustedHTML. */
export const trusted = {
  factory: tt,
  isHTML: method<[value: unknown], boolean>("TrustedTypePolicyFactory", "isHTML"),
  htmlToString: always(method<[], string>("TrustedHTML", "toString")) /* used only on a value isHTML said is one */,
  defaultPolicy: getter("TrustedTypePolicyFactory", "defaultPolicy"),
};
