// MAIN world, every frame, document_start, before any page script: the page guard. Captures built-ins, takes the
// private port from the bridge, wraps WebRTC and installs navigator.p2pConsent. Until the background has told this
// frame its policy, it fails closed: uploads wait, and no ICE gathering starts.
import { natives } from "./natives";
import { connectBridge } from "./bridge-port";
import { GuardEngine } from "./engine";
import { installRtcGuard } from "./rtc-guard";
import { installConsentApi } from "./consent-api";
import type { P2PConsentStatus } from "../shared/status";

function same(a: P2PConsentStatus | null, b: P2PConsentStatus | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.seeding === b.seeding &&
    a.uploadBudgetBytes === b.uploadBudgetBytes &&
    a.uploadRateLimitBps === b.uploadRateLimitBps &&
    a.metered === b.metered &&
    a.reason === b.reason &&
    a.resetsAt === b.resetsAt
  );
}

function main(): void {
  if (!natives.navigator || typeof natives.navigator !== "object") return;
  let post: (msg: Parameters<GuardEngine["post"]>[0]) => void = () => {};
  const engine = new GuardEngine((msg) => post(msg));
  installRtcGuard(engine);
  const api = installConsentApi({
    current: () => engine.status(),
    whenKnown: (fn) => engine.whenPolicy(fn),
    declare: (d) => engine.post({ type: "declare", ...d }),
  });
  let last: P2PConsentStatus | null = null;
  engine.onChange = () => {
    const now = engine.status();
    if (same(now, last)) return;
    last = now;
    api.changed();
  };
  const port = connectBridge((msg) => engine.onMessage(msg));
  post = (msg) => port.post(msg);
}

main();
