// MAIN world, every frame, document_start, before any page script: the page guard. Takes the private port from
// the bridge, wraps WebRTC and installs navigator.p2pConsent in this realm and in every same-origin child realm
// the page could reach before that realm's own content scripts run. Until the background has told this frame its
// policy, it fails closed: uploads wait, and no ICE gathering starts.
import type { BackgroundMessage } from "../shared/messages";
import { call, captureChildRealm, dataDesc, defineProperty, home, type RealmNatives } from "./natives";
import { connectBridge, type BridgePort } from "./bridge-port";
import { guardPrivateEvents } from "./private-events";
import { ADOPT_CHILD_KEY, ADOPTED_EVENT, ADOPTED_KEY } from "../shared/handshake";
import { GuardEngine } from "./engine";
import { installRtcGuard } from "./rtc-guard";
import { installTransferGuard } from "./transfer-guard";
import { installMediaGuard, transformedSenders, type MediaPolicy } from "./media-guard";
import { installConsentApi } from "./consent-api";
import { adoptChild, isUnguarded, watchRealms } from "./realms";
import { installDetectWatch } from "./detect-watch";
import { RealmList } from "./realm-list";
import { shouldAnnounce, type Announced } from "../core/allowance/thresholds";

const callChanged = (api: { changed(): void }) => api.changed();

function main(): void {
  // A realm the parent's guard adopted, or a document loaded into a global a guard already guards (the browser
  // keeps a frame's about:blank global for the first same-origin document it loads), never gets here: the bundle's
  // first lines (early.ts) called the hook of the guard that guards it and returned.
  if (!home.navigator) return;
  // Guarded, but not by a hook of ours: nothing here can be trusted to guard or to tell the bridge; a second guard
  // would capture what the page may have replaced. The bridge stays unanswered, and opens nothing.
  if (!isUnguarded(window)) return;

  // The private port first, inside this run (bridge-port.ts): the bridge answers only now.
  const onMessage = (msg: BackgroundMessage) => engine.onMessage(msg);
  const engine = new GuardEngine((msg) => port.post(msg));
  let port: BridgePort = connectBridge(onMessage);
  // Each realm's page API, held only while its realm lives (realm-list.ts).
  const apis = new RealmList<{ changed(): void }>();
  let last: Announced | null = null;
  const senders = transformedSenders();
  const media: MediaPolicy = {
    // Seeding allowed, or a site nobody decided and nothing detected (on probation: a call); never before the policy
    // is known.
    transformsAllowed: () => {
      const p = engine.policy;
      // A page that declared itself is held (gate enforcement null) until its detected policy comes: not a call.
      return p !== null && (p.status.seeding === "allowed" || (engine.onProbation && engine.enforcement === "leased"));
    },
    refusal: () => {
      const site = engine.policy?.site || "this site";
      return new home.DOMException(`Seedgate: encoded-frame transforms on media senders are not allowed on ${site}: it may not seed (they can carry any data).`, "NotAllowedError");
    },
  };
  engine.onChange = () => {
    if (!media.transformsAllowed()) senders.withdraw();
    const status = engine.status();
    if (!status) return;
    // A change event when the decision, metered state, rate or refill time changes, or the budget left crosses
    // a threshold (half, quarter, tenth, exhausted, refilled): never one per send.
    const next: Announced = { status, limit: engine.policy?.budgetLimit ?? null };
    if (!shouldAnnounce(last, next)) return;
    last = next;
    // Each realm's API in turn. A realm whose frame was removed is gone (Firefox: NS_ERROR_UNEXPECTED from its
    // natives): it is dropped, and nothing it throws reaches the page code whose call got us here.
    apis.each(callChanged);
  };

  const guard = (realm: RealmNatives) => {
    const win = realm.win;
    // A document the browser loads into this global later (same-origin, the window reused) calls this from its
    // own guard run: watch the new document, and answer its bridge, which is waiting for this run's event.
    // Defined on the realm's global below as a non-configurable property, it lives exactly as long as the realm:
    // what the guard keeps per realm is held under it, weakly (realm-list.ts).
    const nextDocument = () => {
      watcher.observe();
      detectWatch.observe();
      if (realm !== home) {
        // Adopted: this engine's port accounts for the realm; its new bridge opens nothing. Fired with this guard's
        // natives: the page may have replaced that realm's, but not these, and may not listen (private-events.ts).
        call(home.dispatchEvent, win, new home.Event(ADOPTED_EVENT));
        return;
      }
      // This guard's own realm with a new document: the old document's bridge is gone; take the new one's port.
      const next = connectBridge(onMessage);
      if (next.connected) port = next;
    };
    installRtcGuard(realm, engine);
    installTransferGuard(realm);
    installMediaGuard(realm, media, senders);
    guardPrivateEvents(realm);
    const api = installConsentApi(realm, {
      current: () => engine.status(),
      whenKnown: (fn) => engine.whenPolicy(fn),
      declare: (d) => {
        engine.declaredHere();
        engine.post({ type: "declare", ...d });
      },
    });
    const detectWatch = installDetectWatch(realm, engine, nextDocument);
    apis.add(nextDocument, api);
    const onRealm = (child: Window & typeof globalThis) => {
      if (isUnguarded(child)) guard(captureChildRealm(child, home));
    };
    const watcher = watchRealms(realm, onRealm);
    defineProperty(
      realm.win,
      ADOPT_CHILD_KEY,
      dataDesc(
        (child: unknown) => {
          adoptChild(realm, child, onRealm);
        },
        false,
        false,
        false,
      ),
    );
    defineProperty(win, ADOPTED_KEY, dataDesc(nextDocument, false, false, false));
  };
  guard(home);
  call(home.addEventListener, window, "pagehide", () => engine.leaving());
}

main();
