// MAIN world: the wrappers of the HTML-string insertions (innerHTML, outerHTML, insertAdjacentHTML, setHTMLUnsafe,
// on elements and shadow roots). Markup that may hold a frame, set into a connected tree, is parsed inertly and
// inserted as nodes (html-insert.ts, frame-birth.ts); everything else goes to the native call, with the value the
// guard converted once. Runs while page scripts run: captured natives only.
import { apply, call, setterOf, type AnyNative, type Native } from "./natives";
import { dom, insert } from "./dom-natives";
import { elementParent, hostOf, isTemplate, parseInert, position, readMarkup } from "./html-insert";
import { wrapMethod, wrapSetter } from "./wrap";

type InsertNodes = (orig: AnyNative, self: unknown, args: unknown[], target: unknown, first: number, last: number) => unknown;
type Globals = Record<string, { prototype: object } | undefined>;

function connected(node: unknown): boolean {
  try {
    return Boolean(call(dom.isConnected, node));
  } catch {
    return false;
  }
}

export function wrapHtmlInsertion(W: Globals, insertNodes: InsertNodes): void {
  /** Parses `markup` inertly in `context` and inserts it with the native `method` on `self`. */
  const viaNodes = (method: Native | undefined, self: unknown, context: Element, markup: unknown, unsafe: boolean, options: unknown) => {
    const frag = parseInert(context, markup, unsafe, options);
    insertNodes(method!, self, [frag], self, 0, 1); // present wherever the wrapped setter or method is (DOM Living Standard)
  };
  // Markup without a frame tag, or set where no frame can be born (not connected, a template): no realm to check.
  const native = (orig: AnyNative, self: unknown, args: unknown[]) => apply(orig, self, args);

  const elementProto = W.Element?.prototype;
  if (setterOf(elementProto, "innerHTML")) {
    wrapSetter(elementProto, "innerHTML", (orig, self, value) => {
      const m = readMarkup(value);
      if (!m.frames || isTemplate(self) || !connected(self)) return void native(orig, self, [m.value]);
      viaNodes(insert.elementReplaceChildren, self, self as Element, m.value, false, undefined);
    });
  }
  if (setterOf(elementProto, "outerHTML")) {
    wrapSetter(elementProto, "outerHTML", (orig, self, value) => {
      const m = readMarkup(value);
      const parent = m.frames && connected(self) ? elementParent(self) : null;
      if (!parent) return void native(orig, self, [m.value]);
      viaNodes(insert.replaceWith, self, parent, m.value, false, undefined);
    });
  }
  wrapMethod(elementProto, "insertAdjacentHTML", (orig, self, args) => {
    const where = position(args[0]);
    const m = readMarkup(args[1]);
    const outside = where === "beforebegin" || where === "afterend";
    const context = where && m.frames && connected(self) ? (outside ? elementParent(self) : (self as Element)) : null;
    if (!context) return native(orig, self, [args[0], m.value]);
    const method = where === "beforebegin" ? insert.before : where === "afterbegin" ? insert.prepend : where === "beforeend" ? insert.append : insert.after;
    viaNodes(method, self, context, m.value, false, undefined);
    return undefined;
  });
  wrapMethod(elementProto, "setHTMLUnsafe", (orig, self, args) => {
    const m = readMarkup(args[0]);
    if (!m.frames || isTemplate(self) || !connected(self)) return native(orig, self, args.length > 1 ? [m.value, args[1]] : [m.value]);
    viaNodes(insert.elementReplaceChildren, self, self as Element, m.value, true, args[1]);
    return undefined;
  });

  const shadowProto = W.ShadowRoot?.prototype;
  if (setterOf(shadowProto, "innerHTML")) {
    wrapSetter(shadowProto, "innerHTML", (orig, self, value) => {
      const m = readMarkup(value);
      const host = m.frames && connected(self) ? hostOf(self) : null;
      if (!host) return void native(orig, self, [m.value]);
      viaNodes(insert.fragmentReplaceChildren, self, host, m.value, false, undefined);
    });
  }
  wrapMethod(shadowProto, "setHTMLUnsafe", (orig, self, args) => {
    const m = readMarkup(args[0]);
    const host = m.frames && connected(self) ? hostOf(self) : null;
    if (!host) return native(orig, self, args.length > 1 ? [m.value, args[1]] : [m.value]);
    viaNodes(insert.fragmentReplaceChildren, self, host, m.value, true, args[1]);
    return undefined;
  });
}
