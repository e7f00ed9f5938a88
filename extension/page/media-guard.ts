// MAIN world: what a site whose seeding is limited may send as media. Audio and video tracks go out as they are —
// a call on a P2P CDN's page still works, and a camera or canvas picture is not the site's content in bulk. An
// encoded-frame transform is different: it hands the page the encoded frames on their way out (RTCRtpScriptTransform,
// Chromium's createEncodedStreams), and a page can write any bytes into them — measured at about 0.6 MiB/s of
// arbitrary content in video frames on a limited site. So a sender's transform is refused where the user did not
// allow seeding (download only, block, undecided once detected), and taken off senders that have one when the
// site's mode turns limited. Sites nobody decided and nothing detected (video calls: end-to-end encryption uses
// transforms) and sites whose seeding is allowed keep them. See docs/threat-model.md ("Media").
import { apply, call, create, type RealmNatives } from "./natives";
import { wrapMethod, wrapSetter } from "./wrap";

export interface MediaPolicy {
  /** May a sender carry an encoded-frame transform now? (False until the policy is known.) */
  transformsAllowed(): boolean;
  /** A refusal for the page, naming Seedgate and the decision. */
  refusal(): Error;
}

export function installMediaGuard(realm: RealmNatives, policy: MediaPolicy, senders: { add(s: RTCRtpSender, set: (v: unknown) => void): void }): void {
  const proto = (realm.win as unknown as { RTCRtpSender?: { prototype: object } }).RTCRtpSender?.prototype;
  if (!proto) return;
  wrapSetter(proto, "transform", (orig, self, value) => {
    if (value !== null && value !== undefined && !policy.transformsAllowed()) throw policy.refusal();
    call(orig, self, value);
    if (value !== null && value !== undefined) senders.add(self as RTCRtpSender, (v) => call(orig, self, v));
  });
  wrapMethod(proto, "createEncodedStreams", (orig, self, args) => {
    if (!policy.transformsAllowed()) throw policy.refusal();
    return apply(orig, self, args);
  });
}

interface Entry {
  ref: WeakRef<RTCRtpSender>;
  set: (v: unknown) => void;
}

/** The transformed senders of one engine (every realm it guards), held weakly; no page prototype is involved. */
export function transformedSenders(): { add(s: RTCRtpSender, set: (v: unknown) => void): void; withdraw(): void } {
  const Ref = (globalThis as unknown as { WeakRef: typeof WeakRef }).WeakRef;
  const derefOf = Ref.prototype.deref;
  const alive = (e: Entry) => call(derefOf, e.ref) !== undefined;
  let list = create(null) as Record<number, Entry>;
  let n = 0;
  return {
    add(s, set) {
      // Bounded: drop the collected ones when the list grows.
      if (n >= 64) {
        const kept = create(null) as Record<number, Entry>;
        let m = 0;
        for (let i = 0; i < n; i++) if (alive(list[i]!)) kept[m++] = list[i]!;
        list = kept;
        n = m;
      }
      list[n++] = { ref: new Ref(s), set };
    },
    withdraw() {
      // Called on every change the engine announces (each leased send among them): nothing to do, nothing made.
      if (n === 0) return;
      for (let i = 0; i < n; i++) {
        if (!alive(list[i]!)) continue;
        try {
          list[i]!.set(null);
        } catch {
          // A closed connection's sender: nothing to take off.
        }
      }
      list = create(null) as Record<number, Entry>;
      n = 0;
    },
  };
}
