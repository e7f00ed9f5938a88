// Node (jest e2e), Chromium with dist/chrome: page code that runs inside a DOM insertion (or reaches a frame that
// no window[i] lists) grabs RTCPeerConnection and RTCDataChannel.prototype.send from a frame born with a URL and
// uploads 512 KiB with them to a receiver on another site (pages/insertion-escapes.js). Counted at the receiver:
// on an undecided site that declared itself, no more than the site had left (64 KiB at most, shared by all
// routes); on a blocked site nothing. Without the defences, every route delivered all 512 KiB in both modes.
// How we checked (dist built with the defence removed, this spec run, then restored):
// - frame-birth.ts prepareBirths returning null: fragment-script, nested-range, custom-element,
//   customized-builtin, onload-sibling, innerhtml-custom-element, insertadjacenthtml-custom-element failed
//   (524288 B received, reached an unguarded realm);
// - doc-write.ts writeInPieces returning false: document-write and document-write-split failed the same way;
// - realms.ts guardReturned doing nothing (the getters as before: a sweep of window[i]): closed-shadow-getter and
//   declarative-shadow-document failed the same way.
import { randomUUID } from "node:crypto";
import { useExtensionSession } from "./harness/session";
import { expectInsertionBounded, INSERTION_ROUTES } from "./harness/insertion-escapes";

const s = useExtensionSession({ ui: true });

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
    await s.ui.send({ type: "site/set-mode", site: "127.0.0.1", mode: "block" });
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
