// Node (jest e2e), Chromium and Firefox with the built extension: page code that runs inside a DOM insertion (or reaches a frame that
// no window[i] lists) grabs RTCPeerConnection and RTCDataChannel.prototype.send from a frame born with a URL and
// uploads 512 KiB with them to a receiver on another site (pages/insertion-escapes.js). Counted at the receiver:
// on an undecided site that declared itself, no more than the site had left (64 KiB at most, shared by all
// routes); on a blocked site nothing. Without the defences, every route delivered all 512 KiB in both modes.
// How we checked (dist built with one defence removed, the routes it covers run in Chromium and Firefox, then
// restored; every one of them failed, 524288 B received from a realm that was unguarded when the page took it):
// - frame-birth.ts prepareBirths returning null: fragment-script, named-access, nested-range, custom-element,
//   customized-builtin, onload-sibling, innerhtml-custom-element, insertadjacenthtml-custom-element;
// - doc-write.ts writeInPieces returning false: document-write, document-write-split;
// - realms.ts guardReturned doing nothing (as before: the getters swept window[i], which lists no shadow-root
//   frame): closed-shadow-getter, declarative-shadow-document;
// - poisoned-reused-global (2026-12-03): with the build of 5b6156a, where the guard bundle of a document loaded
//   into an already guarded global looked for that guard's hook with the global's own (poisonable)
//   Object.getOwnPropertyDescriptor, it failed in both browsers and both modes (524288 B received, also on the
//   blocked site); early.ts now reads the hook without any built-in (loadedIntoGuardedGlobal).
import { randomUUID } from "node:crypto";
import { forEachBrowser } from "./harness/browsers";
import { useBrowserSession } from "./harness/session";
import { expectInsertionBounded, INSERTION_ROUTES } from "./harness/insertion-escapes";

forEachBrowser((browser) => {
  const s = useBrowserSession(browser);

  describe("undecided, declared (bound: 64 KiB for the site)", () => {
    test.each(INSERTION_ROUTES)("%s", async (route) => {
      await expectInsertionBounded(
        { newPage: (url) => s.browser.newPage(url), siteA: s.server.siteA, siteB: s.server.siteB },
        route,
        randomUUID(),
        "undecided",
      );
    });
  });

  describe("blocked (bound: 0)", () => {
    beforeAll(async () => {
      await s.extension.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" });
    });
    test.each(INSERTION_ROUTES)("%s", async (route) => {
      await expectInsertionBounded(
        { newPage: (url) => s.browser.newPage(url), siteA: s.server.siteA, siteB: s.server.siteB },
        route,
        randomUUID(),
        "blocked",
      );
    });
  });
});
