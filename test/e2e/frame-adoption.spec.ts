// Node (jest e2e), Chromium and Firefox with the built extension: a script-made about:blank frame is guarded by its parent's guard
// from inside the insertion call (the child's own guard asks the parent to adopt it and stops there: no engine and
// no background port per frame), at every depth; the adoption hook a guarded page carries cannot be replaced, and
// calling it with anything but an unguarded child frame does nothing.
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  test("a script-made about:blank frame is adopted by its parent's guard before appendChild returns, at every depth", async () => {
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    try {
      const seen = await page.evaluate(async () => {
        type W = Window & typeof globalThis & Record<string, unknown>;
        const look = (w: W) => ({
          api: typeof Object.getOwnPropertyDescriptor(w.navigator, "p2pConsent")?.value,
          adoptedMark: typeof w.__seedgateAdopted,
          hook: typeof w.__seedgateAdoptChild,
        });
        const out: Record<string, unknown> = {};
        const f = document.createElement("iframe");
        // The load event of an about:blank frame fires inside appendChild: page code can reach the frame there.
        f.addEventListener("load", () => (out.inLoad = look(window[window.length - 1] as W)), { once: true });
        document.body.appendChild(f);
        const child = f.contentWindow as W;
        out.child = look(child);
        const inner = child.document.createElement("iframe");
        child.document.body.appendChild(inner);
        out.grandchild = look(inner.contentWindow as W);
        // The adopted frames answer from the top's guard (one engine): the same status as the page.
        const [top, fromChild, fromGrandchild] = await Promise.all([
          navigator.p2pConsent.query(),
          (child.navigator as Navigator).p2pConsent.query(),
          ((inner.contentWindow as W).navigator as Navigator).p2pConsent.query(),
        ]);
        out.sameStatus = JSON.stringify(top) === JSON.stringify(fromChild) && JSON.stringify(top) === JSON.stringify(fromGrandchild);
        return out;
      });
      const adopted = { api: "object", adoptedMark: "function", hook: "function" };
      expect(seen.child).toEqual(adopted);
      expect(seen.grandchild).toEqual(adopted);
      if (seen.inLoad !== undefined) expect(seen.inLoad).toEqual(adopted);
      expect(seen.sameStatus).toBe(true);
    } finally {
      await page.close();
    }
  });

  test("the page cannot replace the adoption hook, and calling it with anything else does nothing", async () => {
    const page = await s.browser.newPage(`${s.server.siteA}/first-script.html`);
    try {
      const r = await page.evaluate(() => {
        type W = Window & typeof globalThis & Record<string, unknown>;
        const w = window as unknown as W;
        const d = Object.getOwnPropertyDescriptor(w, "__seedgateAdoptChild");
        let replaced = true;
        try {
          Object.defineProperty(w, "__seedgateAdoptChild", { value: () => {} });
        } catch {
          replaced = false;
        }
        const hook = w.__seedgateAdoptChild as (x: unknown) => unknown;
        const threw: string[] = [];
        for (const x of [undefined, null, {}, window, new Proxy({}, {}), document.createElement("iframe")]) {
          try {
            hook(x);
          } catch (e) {
            threw.push(String(e));
          }
        }
        return { configurable: d?.configurable, writable: d?.writable, enumerable: d?.enumerable, replaced, threw, same: w.__seedgateAdoptChild === hook };
      });
      expect(r).toEqual({ configurable: false, writable: false, enumerable: false, replaced: false, threw: [], same: true });
    } finally {
      await page.close();
    }
  });
});
