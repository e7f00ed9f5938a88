// MAIN world, every frame, document_start, before any page script: the page guard. Takes the private port from
// the bridge, wraps WebRTC and installs navigator.p2pConsent in this realm and in every same-origin child realm
// the page could reach before that realm's own content scripts run. Until the background has told this frame its
// policy, it fails closed: uploads wait, and no ICE gathering starts.
import { adoptedEarly } from "./early";
import type { GuardMessage } from "../shared/messages";
import { call, captureChildRealm, defineProperty, home, type RealmNatives } from "./natives";
import { listenForBridge } from "./bridge-port";
import { ADOPT_CHILD_KEY, ADOPTED_ATTRIBUTE, ADOPTED_KEY } from "../shared/handshake";
import { GuardEngine } from "./engine";
import { installRtcGuard } from "./rtc-guard";
import { installTransferGuard } from "./transfer-guard";
import { installConsentApi } from "./consent-api";
import { adoptChild, isUnguarded, watchRealms } from "./realms";
import { installDetectWatch } from "./detect-watch";
import { shouldAnnounce, type Announced } from "../core/thresholds";
import { watchNetwork } from "./net-watch";

function main(): void {
  // Adopted by the parent's guard before the rest of this bundle ran (early.ts): nothing left to do here.
  if (adoptedEarly) return;
  // Already guarded: an ancestor frame's guard reached this realm first (a frame whose about:blank document the
  // parent could use; the browser keeps the same global when the frame's real document loads).
  if (!home.navigator) return;
  const adopted = (window as unknown as Record<string, unknown>)[ADOPTED_KEY];
  if (typeof adopted === "function" || !isUnguarded(window)) {
    // A document loaded into a global an ancestor's guard adopted: that guard watches this document too.
    if (typeof adopted === "function") adopted();
    // Tell this document's bridge to stay silent: the page may already listen here (see shared/handshake.ts).
    document.documentElement?.setAttribute(ADOPTED_ATTRIBUTE, "");
    return;
  }

  let post: (msg: GuardMessage) => void = () => {};
  const engine = new GuardEngine((msg) => post(msg));
  engine.detector.onDeclared = () => engine.declaredHere();
  const apis: { changed(): void }[] = [];
  let last: Announced | null = null;
  engine.onChange = () => {
    const status = engine.status();
    if (!status) return;
    // A change event when the decision, metered state, rate or refill time changes, or the budget left crosses
    // a threshold (half, quarter, tenth, exhausted, refilled): never one per send.
    const next: Announced = { status, limit: engine.policy?.budgetLimit ?? null };
    if (!shouldAnnounce(last, next)) return;
    last = next;
    for (let i = 0; i < apis.length; i++) apis[i]!.changed();
  };

  const guard = (realm: RealmNatives) => {
    installRtcGuard(realm, engine);
    installTransferGuard(realm);
    const api = installConsentApi(realm, {
      current: () => engine.status(),
      whenKnown: (fn) => engine.whenPolicy(fn),
      declare: (d) => {
        engine.declaredHere();
        engine.post({ type: "declare", ...d });
      },
    });
    const detectWatch = installDetectWatch(realm, engine);
    // Not `apis[n] = api`: a page setter on Array.prototype[n] would see it (child realms are added at run time).
    defineProperty(apis, apis.length, { value: api, enumerable: true, writable: true, configurable: true });
    const onRealm = (child: Window & typeof globalThis) => {
      if (isUnguarded(child)) guard(captureChildRealm(child, home));
    };
    const watcher = watchRealms(realm, onRealm);
    defineProperty(realm.win, ADOPT_CHILD_KEY, {
      value: (child: unknown) => {
        adoptChild(realm, realm.win, child, onRealm);
      },
      enumerable: false,
      configurable: false,
      writable: false,
    });
    if (realm !== home) {
      defineProperty(realm.win, ADOPTED_KEY, {
        value: () => {
          watcher.observe();
          detectWatch.observe();
        },
        enumerable: false,
        configurable: false,
        writable: false,
      });
    }
  };
  guard(home);

  let net: { resend(): void } | null = null;
  const port = listenForBridge((msg) => {
    engine.onMessage(msg);
    // A settled lease on a policy: a new background (or regime) that may not know the connection yet.
    if (msg.type === "policy" && msg.resetLease) net?.resend();
  });
  post = (msg) => port.post(msg);
  // Only the top frame says what the connection is (one report per tab); every frame hears the result.
  if (window === window.top) net = watchNetwork((metered) => post({ type: "net", metered }));
  call(home.addEventListener as never, window, "pagehide", () => engine.leaving());
}

main();
