// MAIN world: HTML strings that create frames in a live tree (innerHTML, outerHTML, insertAdjacentHTML,
// setHTMLUnsafe, on elements and shadow roots). The native setter parses straight into the tree: a frame with a
// URL is born unguarded, and the custom-element reactions the same call runs (constructors on upgrade,
// connectedCallback, attributeChangedCallback, disconnectedCallback of the replaced children) can reach it.
// When the markup may hold a frame, the guard parses it itself, in the same context, in an inert document (no
// browsing context: no frame is born, no custom element upgraded; scripts come out "already started", so they
// never run, as with the native setter), then inserts the nodes through frame-birth.ts. Markup without a frame
// tag goes to the native call untouched (the check is one regular-expression scan of the string).
// The value is converted once: a TrustedHTML (brand-checked) is passed on as such, anything else becomes a string
// here, so what was checked is what gets parsed. Runs while page scripts run: captured natives only.
import { call } from "./natives";
import { dom, trusted } from "./dom-natives";

const HTML_NS = "http://www.w3.org/1999/xhtml";
const FRAME_TAG = /<(?:i?frame)[\s/>]/i;

export interface Markup {
  /** What to hand the native parser: the page's TrustedHTML object, or the string made of its value once. */
  value: unknown;
  /** True if the markup may create a frame. */
  frames: boolean;
}

/** The page's value, converted once, and whether it may create a frame. */
export function readMarkup(value: unknown): Markup {
  let text: string;
  let pass: unknown;
  if (typeof value === "string") {
    text = pass = value;
  } else if (value === null) {
    text = pass = ""; // [LegacyNullToEmptyString]: the native setters read null as ""
  } else {
    let isTrusted: boolean;
    try {
      isTrusted = Boolean(trusted.factory && trusted.isHTML && call(trusted.isHTML, trusted.factory, value));
    } catch {
      isTrusted = false;
    }
    if (isTrusted) {
      text = call(trusted.htmlToString, value);
      pass = value;
    } else {
      text = pass = dom.String(value);
    }
  }
  return { value: pass, frames: call(dom.regexpExec, FRAME_TAG, text) !== null };
}

/**
 * `markup` parsed as children of an element like `context` (same namespace and name), in an inert document, and
 * moved into a fragment of `context`'s document. `unsafe`: setHTMLUnsafe (declarative shadow roots), with its
 * options. Throws what the native parser throws (Trusted Types, for one).
 */
export function parseInert(context: Element, markup: unknown, unsafe: boolean, options: unknown): DocumentFragment {
  const doc = call(dom.ownerDocument, context);
  const inert = call(dom.createHTMLDocument, call(dom.implementation, doc), "");
  const ns = call(dom.namespaceURI, context);
  const holder = call(dom.createElementNS, inert, ns ?? HTML_NS, call(dom.localName, context));
  if (unsafe) call(dom.setHTMLUnsafe!, holder, markup, options); // unsafe: the page called setHTMLUnsafe, so it exists
  else call(dom.innerHTMLSet, holder, markup);
  const frag = call(dom.createDocumentFragment, doc);
  for (let n = call(dom.firstChild, holder); n; n = call(dom.firstChild, holder)) call(dom.appendChild, frag, n);
  return frag;
}

/** True where markup set on `el` lands in an inert template's content, not in the tree. */
export function isTemplate(el: unknown): boolean {
  try {
    return call(dom.localName, el) === "template" && call(dom.namespaceURI, el) === HTML_NS;
  } catch {
    return false;
  }
}

/** The element whose context a shadow root's markup is parsed in: its host. */
export function hostOf(root: unknown): Element | null {
  try {
    return call(dom.shadowHost, root);
  } catch {
    return null;
  }
}

/** The element parent of `el`, or null (no parent, or a document: the native call decides what that means). */
export function elementParent(el: unknown): Element | null {
  try {
    const p = call(dom.parentNode, el);
    return p && call(dom.nodeType, p) === 1 ? (p as Element) : null;
  } catch {
    return null;
  }
}

/** Lower-case position keyword of insertAdjacentHTML, or null for anything else. */
export function position(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const p = call(dom.toLowerCase, value);
  return p === "beforebegin" || p === "afterbegin" || p === "beforeend" || p === "afterend" ? p : null;
}
