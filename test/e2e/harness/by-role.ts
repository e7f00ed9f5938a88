// Node (jest e2e): finds elements of an extension page (popup, options) by ARIA role and accessible name, the way
// Playwright's getByRole does, in Chromium and Firefox alike: everything runs in the page through
// TestPage.evaluate (harness/extension-page.ts does the same for clicks and fills). Roles: an explicit `role`
// attribute, else the element's implicit one (button, heading, list, listitem, meter, group for fieldset/details,
// link, checkbox, radio, textbox, region for a named section); names: aria-labelledby, aria-label, a <label>,
// then the element's own text (its aria-hidden parts left out); a string name matches as a case-insensitive
// substring, `exact` as the whole name, a RegExp as itself. Hidden elements (not rendered, or under
// aria-hidden="true") are not found. An action on a query (click, focus, attribute, text) needs exactly one match.
import type { TestPage } from "./browser-session";
import { waitFor } from "./wait-for";

export interface RoleOptions {
  name?: string | RegExp;
  exact?: boolean;
  /** Headings: their level (aria-level, else h1..h6). */
  level?: number;
}

/** What is sent to the page: RegExps as their source and flags. */
interface WireQuery {
  role?: string;
  css?: string;
  name?: { text: string; exact: boolean } | { source: string; flags: string };
  level?: number;
  /** Content text filter (getByText): the deepest elements whose text contains it, case-insensitive. */
  text?: string;
  within?: WireQuery;
}

type Op = "count" | "attr" | "text" | "click" | "focus" | "focused" | "texts" | "enabled";

/** Runs in the page: every helper is inside, since the function is sent as source. */
function inPage({ q, op, arg }: { q: WireQuery; op: Op; arg: string | null }): unknown {
  const norm = (s: string) => s.replace(/\s+/g, " ").trim();
  const hidden = (el: Element) => {
    if (el.closest('[aria-hidden="true"]')) return true;
    if (el.getClientRects().length === 0) return true;
    return getComputedStyle(el).visibility === "hidden";
  };
  const implicitRole = (el: Element): string | null => {
    const tag = el.tagName.toLowerCase();
    if (tag === "button") return "button";
    if (/^h[1-6]$/.test(tag)) return "heading";
    if (tag === "ul" || tag === "ol") return "list";
    if (tag === "li") return "listitem";
    if (tag === "meter") return "meter";
    if (tag === "fieldset" || tag === "details") return "group";
    if (tag === "a" && el.hasAttribute("href")) return "link";
    if (tag === "select") return "combobox";
    if (tag === "section" && (el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby"))) return "region";
    if (tag === "input") {
      const type = (el.getAttribute("type") ?? "text").toLowerCase();
      if (type === "checkbox") return "checkbox";
      if (type === "radio") return "radio";
      if (type === "button" || type === "submit" || type === "reset") return "button";
      if (type === "text" || type === "search" || type === "email" || type === "url") return "textbox";
    }
    return null;
  };
  const roleOf = (el: Element) => el.getAttribute("role")?.trim().split(/\s+/)[0] || implicitRole(el);
  const contentText = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? "";
    if (!(node instanceof Element)) return "";
    if (node.getAttribute("aria-hidden") === "true") return "";
    if (node instanceof HTMLElement && node.hidden) return "";
    if (node.tagName === "IMG") return node.getAttribute("alt") ?? "";
    return [...node.childNodes].map(contentText).join("");
  };
  const nameOf = (el: Element): string => {
    const by = el.getAttribute("aria-labelledby");
    if (by) return norm(by.split(/\s+/).map((id) => contentText(document.getElementById(id) ?? document.createElement("i"))).join(" "));
    const label = el.getAttribute("aria-label");
    if (label) return norm(label);
    const labels = (el as HTMLInputElement).labels;
    if (labels?.length) return norm([...labels].map(contentText).join(" "));
    const role = roleOf(el);
    if (role && ["button", "heading", "link", "listitem", "switch", "radio", "checkbox", "tab", "menuitem", "option", "cell"].includes(role)) return norm(contentText(el));
    return norm(el.getAttribute("title") ?? "");
  };
  const levelOf = (el: Element) => Number(el.getAttribute("aria-level") ?? el.tagName.match(/^H([1-6])$/)?.[1] ?? 0);
  const nameMatches = (el: Element, name: WireQuery["name"]) => {
    if (!name) return true;
    const n = nameOf(el);
    if ("source" in name) return new RegExp(name.source, name.flags).test(n);
    return name.exact ? n === norm(name.text) : n.toLowerCase().includes(norm(name.text).toLowerCase());
  };
  const find = (query: WireQuery): Element[] => {
    const roots: ParentNode[] = query.within ? find(query.within) : [document];
    const found = new Set<Element>();
    for (const root of roots) {
      for (const el of root.querySelectorAll(query.css ?? "*")) {
        if (hidden(el)) continue;
        if (query.role && roleOf(el) !== query.role) continue;
        if (query.level && levelOf(el) !== query.level) continue;
        if (!nameMatches(el, query.name)) continue;
        if (query.text !== undefined) {
          const has = (e: Element) => norm(e.textContent ?? "").toLowerCase().includes(norm(query.text!).toLowerCase());
          if (!has(el) || [...el.children].some((c) => !hidden(c) && has(c))) continue;
        }
        found.add(el);
      }
    }
    return [...found];
  };
  const all = find(q);
  if (op === "count") return all.length;
  if (op === "texts") return all.map((el) => el.textContent ?? "");
  if (all.length !== 1) return { error: `${all.length} elements match ${JSON.stringify(q)}` };
  const el = all[0] as HTMLElement;
  switch (op) {
    case "attr":
      return el.getAttribute(arg!);
    case "text":
      return el.textContent ?? "";
    case "enabled":
      return !(el as HTMLButtonElement).disabled && el.getAttribute("aria-disabled") !== "true";
    case "focused":
      return el === document.activeElement;
    case "focus":
      el.focus();
      return el === document.activeElement;
    case "click":
      if ((el as HTMLButtonElement).disabled) return { error: `disabled: ${JSON.stringify(q)}` };
      el.scrollIntoView({ block: "nearest" });
      el.click();
      return true;
  }
  return null;
}

/** One query on a page: Playwright-locator-like reads and actions, each evaluated in the page when called. */
export interface Found {
  count(): Promise<number>;
  /** The text of every match. */
  allTexts(): Promise<string[]>;
  /** The one match's attribute (null when absent). */
  attr(name: string): Promise<string | null>;
  text(): Promise<string>;
  enabled(): Promise<boolean>;
  isFocused(): Promise<boolean>;
  /** Focuses the one match (element.focus(), as Playwright's locator.focus() does). */
  focus(): Promise<void>;
  /** Clicks the one match once it is there and enabled (an element.click() in the page). */
  click(options?: { timeout?: number }): Promise<void>;
  /** Until exactly one matches ("attached", default) or none does ("detached"). */
  waitFor(options?: { state?: "attached" | "detached"; timeout?: number }): Promise<void>;
  /** A query inside this one's matches. */
  getByRole(role: string, options?: RoleOptions): Found;
  getByText(text: string): Found;
  /** Visible elements matching a CSS selector inside this one's matches. */
  locator(css: string): Found;
}

function wireName(name: RoleOptions["name"], exact = false): WireQuery["name"] {
  if (name === undefined) return undefined;
  return name instanceof RegExp ? { source: name.source, flags: name.flags } : { text: name, exact };
}

function found(page: TestPage, q: WireQuery): Found {
  const once = (op: Op, arg: string | null) => page.evaluate(inPage, { q, op, arg }) as Promise<unknown>;
  const failed = (r: unknown): r is { error: string } => !!r && typeof r === "object" && "error" in r;
  /** count and texts at once; the one-element reads and actions wait (10 s) for their element, as locators do. */
  const run = async <R>(op: Op, arg: string | null = null): Promise<R> => {
    if (op === "count" || op === "texts") return (await once(op, arg)) as R;
    const r = await waitFor(() => once(op, arg), { timeout: 10_000, message: `one ${JSON.stringify(q)} (${op})` }, (x) => !failed(x) || !x.error.startsWith("0 elements"));
    if (failed(r)) throw new Error(r.error);
    return r as R;
  };
  const self: Found = {
    count: () => run<number>("count"),
    allTexts: () => run<string[]>("texts"),
    attr: (name) => run<string | null>("attr", name),
    text: () => run<string>("text"),
    enabled: () => run<boolean>("enabled"),
    isFocused: () => run<boolean>("focused"),
    async focus() {
      if (!(await run<boolean>("focus"))) throw new Error(`could not focus ${JSON.stringify(q)}`);
    },
    async click({ timeout = 10_000 } = {}) {
      await waitFor(async () => (await self.count()) === 1 && (await self.enabled()), { timeout, message: `one enabled ${JSON.stringify(q)} to click` }, (ok) => ok);
      await run("click");
    },
    async waitFor({ state = "attached", timeout = 10_000 } = {}) {
      await waitFor(() => self.count(), { timeout, message: `${JSON.stringify(q)} ${state}` }, (n) => (state === "attached" ? n === 1 : n === 0));
    },
    getByRole: (role, options = {}) => found(page, { role, name: wireName(options.name, options.exact), level: options.level, within: q }),
    getByText: (text) => found(page, { text, within: q }),
    locator: (css) => found(page, { css, within: q }),
  };
  return self;
}

/** Elements of `page` with `role` (and the name and level asked for). */
export function getByRole(page: TestPage, role: string, options: RoleOptions = {}): Found {
  return found(page, { role, name: wireName(options.name, options.exact), level: options.level });
}

/** The deepest elements whose text contains `text` (case-insensitive, whitespace normalized). */
export function getByText(page: TestPage, text: string): Found {
  return found(page, { text });
}

/** The element with data-testid="id". */
export function getByTestId(page: TestPage, id: string): Found {
  return found(page, { css: `[data-testid="${id}"]` });
}

/** Elements matching a CSS selector (visible ones). */
export function locate(page: TestPage, css: string): Found {
  return found(page, { css });
}
