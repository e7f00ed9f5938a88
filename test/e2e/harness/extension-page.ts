// Node (jest e2e): drives an extension page (popup, options) the same way in Chromium and Firefox, by what a
// user perceives: elements found by role and accessible name or by their label's text, clicks, a file given to a
// file input as a picker would (a File in a DataTransfer, then "change"), and files the page saves (its
// <a download> click answered with the blob's text instead of a download). Everything runs in the page through
// TestPage.evaluate, so no browser-specific locator, file-chooser or download API is needed.
import type { TestPage } from "./browser-session";
import { waitFor } from "./wait-for";

/** What a click on a download link saved: the file name and its text. */
export interface SavedFile {
  name: string;
  text: string;
}

/** Clicks the button whose accessible text matches `name` (a RegExp source, case-insensitive). */
export function clickButton(page: TestPage, name: string): Promise<void> {
  return page.evaluate((wanted) => {
    const buttons = [...document.querySelectorAll<HTMLElement>('button, [role="button"]')];
    const nameOf = (b: HTMLElement) => (b.getAttribute("aria-label") ?? b.textContent ?? "").trim();
    const button = buttons.find((b) => new RegExp(wanted, "i").test(nameOf(b)));
    if (!button) throw new Error(`no button named /${wanted}/ among ${buttons.map(nameOf).join(" | ")}`);
    button.click();
  }, name);
}

/** Gives the file input labelled `label` (a RegExp source) a file named `name` holding `content`. */
export function setInputFile(page: TestPage, label: string, name: string, content: string, type = "application/json"): Promise<void> {
  return page.evaluate(
    ([wanted, fileName, text, mime]) => {
      const inputs = [...document.querySelectorAll<HTMLInputElement>('input[type="file"]')];
      const input = inputs.find((i) => new RegExp(wanted, "i").test(i.closest("label")?.textContent ?? i.labels?.[0]?.textContent ?? i.getAttribute("aria-label") ?? ""));
      if (!input) throw new Error(`no file input labelled /${wanted}/`);
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], fileName, { type: mime }));
      input.files = transfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [label, name, content, type] as const,
  );
}

/** The text of the first element matching `selector` whose text matches `pattern`, once there is one. */
export function waitForText(page: TestPage, selector: string, pattern: RegExp, timeout = 10_000): Promise<string> {
  return waitFor(
    () => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent ?? ""), selector),
    { timeout, message: `${selector} with text ${pattern}` },
    (texts) => texts.some((t) => pattern.test(t)),
  ).then((texts) => texts.find((t) => pattern.test(t))!);
}

/**
 * Runs `action` (e.g. a clickButton) and answers the file the page saved through an <a download> click. The
 * link's click is kept from starting a real download; its blob URL is read as the page made it.
 */
export async function savedFile(page: TestPage, action: () => Promise<void>, timeout = 10_000): Promise<SavedFile> {
  await page.evaluate(() => {
    const w = window as unknown as { e2eSaved?: Promise<{ name: string; text: string }>[] };
    w.e2eSaved = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (!this.download) return click.call(this);
      // fetch resolves the blob URL now, so a revoke after the click cannot lose it.
      w.e2eSaved!.push(fetch(this.href).then(async (r) => ({ name: this.download, text: await r.text() })));
    };
  });
  await action();
  await waitFor(() => page.evaluate(() => (window as unknown as { e2eSaved: unknown[] }).e2eSaved.length), { timeout, message: "a file saved by the page" }, (n) => n > 0);
  return page.evaluate(() => (window as unknown as { e2eSaved: Promise<{ name: string; text: string }>[] }).e2eSaved[0]!);
}

/** Types `value` into the text box labelled `label` (a RegExp source) as input events would (Preact reads "input"). */
export function fillTextbox(page: TestPage, label: string, value: string): Promise<void> {
  return page.evaluate(
    ([wanted, text]) => {
      const boxes = [...document.querySelectorAll<HTMLInputElement>('input[type="text"], input[type="search"], input:not([type])')];
      // The box's label: a <label for> or a wrapping <label> (HTMLInputElement.labels has both), else its aria-label.
      const labelOf = (i: HTMLInputElement) => ([...(i.labels ?? [])].map((l) => l.textContent ?? "").join(" ") || i.getAttribute("aria-label") || "").trim();
      const box = boxes.find((i) => new RegExp(wanted, "i").test(labelOf(i)));
      if (!box) throw new Error(`no text box labelled /${wanted}/`);
      box.focus();
      box.value = text;
      box.dispatchEvent(new Event("input", { bubbles: true }));
      box.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [label, value] as const,
  );
}

/**
 * Focuses (element.focus(), as a locator's focus() does) the first element matching `selector` whose accessible
 * name matches `name` (a RegExp source, case-insensitive): its aria-label, else its labels' text, else its own text.
 */
export function focusElement(page: TestPage, selector: string, name = ""): Promise<void> {
  return page.evaluate(
    ([sel, wanted]) => {
      const nameOf = (el: HTMLElement) =>
        (el.getAttribute("aria-label") ?? ([...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent ?? "").join(" ") || el.textContent || "")).trim();
      const all = [...document.querySelectorAll<HTMLElement>(sel)];
      const el = all.find((e) => new RegExp(wanted, "i").test(nameOf(e)));
      if (!el) throw new Error(`no ${sel} named /${wanted}/ among ${all.map(nameOf).join(" | ")}`);
      el.focus();
      if (document.activeElement !== el) throw new Error(`${sel} named /${wanted}/ did not take the focus`);
    },
    [selector, name] as const,
  );
}

/** Whether the focused element matches `selector`. */
export function focusedMatches(page: TestPage, selector: string): Promise<boolean> {
  return page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
}
