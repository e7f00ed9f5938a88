// MAIN world: `navigator.p2pConsent` (DESIGN.md, "The page API"). Read-only for the page: it reports the decision
// and the budget; enforcement lives in the WebRTC wrappers, so nothing a page does to this object grants anything.
import type { P2PConsentStatus } from "../shared/status";
import { call, create, dataDesc, defineProperty, freeze, type RealmNatives } from "./natives";

export interface ConsentSource {
  /** The status now, or null while the policy is not known yet. */
  current(): P2PConsentStatus | null;
  /** Run `fn` once the policy is known (at once if it is). */
  whenKnown(fn: () => void): void;
  declare(decl: { client: string; version?: string; purpose?: string }): void;
}

const MAX = 100;

function snapshot(s: P2PConsentStatus): P2PConsentStatus {
  // Created in the guard's realm; frozen, so the page cannot edit what another listener will read.
  return freeze({
    seeding: s.seeding,
    uploadBudgetBytes: s.uploadBudgetBytes,
    uploadRateLimitBps: s.uploadRateLimitBps,
    metered: s.metered,
    reason: s.reason,
    resetsAt: s.resetsAt,
  });
}

export function installConsentApi(realm: RealmNatives, source: ConsentSource): { changed(): void } {
  const natives = realm;
  const RealmTypeError = (realm.win as unknown as { TypeError: TypeErrorConstructor }).TypeError;
  const text = (v: unknown, name: string, required: boolean): string | undefined => {
    if (v === undefined && !required) return undefined;
    if (typeof v !== "string" || v.length === 0 || v.length > MAX) {
      throw new RealmTypeError(`p2pConsent.request: "${name}" must be a string of 1 to ${MAX} characters`);
    }
    return v;
  };
  const target = new natives.EventTarget();
  const whenKnown = () =>
    new natives.Promise<P2PConsentStatus>((resolve) => source.whenKnown(() => resolve(snapshot(source.current()!))));

  const api = create(natives.EventTarget.prototype) as EventTarget & Record<string, unknown>;
  const methods = {
    query(): Promise<P2PConsentStatus> {
      return whenKnown();
    },
    request(decl: unknown): Promise<P2PConsentStatus> {
      try {
        if (decl === null || typeof decl !== "object") throw new RealmTypeError("p2pConsent.request needs an object { client, version?, purpose? }");
        const d = decl as Record<string, unknown>;
        const client = text(d.client, "client", true)!;
        const version = text(d.version, "version", false);
        const purpose = text(d.purpose, "purpose", false);
        source.declare({ client, ...(version ? { version } : {}), ...(purpose ? { purpose } : {}) });
      } catch (e) {
        return new natives.Promise<P2PConsentStatus>((_resolve, reject) => reject(e));
      }
      return whenKnown();
    },
    addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      call(natives.addEventListener, target, type, listener, options);
    },
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
      call(natives.removeEventListener, target, type, listener, options);
    },
    dispatchEvent(): boolean {
      throw new natives.DOMException("p2pConsent events come from Seedgate only", "NotAllowedError");
    },
  };
  const keys = ["query", "request", "addEventListener", "removeEventListener", "dispatchEvent"] as const;
  for (let i = 0; i < keys.length; i++) defineProperty(api, keys[i]!, dataDesc(methods[keys[i]!], true, false, false));
  let onchange: ((e: Event) => void) | null = null;
  defineProperty(api, "onchange", {
    __proto__: null,
    enumerable: true,
    configurable: false,
    get: () => onchange,
    set: (fn: unknown) => {
      onchange = typeof fn === "function" ? (fn as (e: Event) => void) : null;
    },
  } as PropertyDescriptor);
  call(natives.addEventListener, target, "change", (e: Event) => {
    if (onchange) call(onchange, api, e);
  });
  freeze(api);
  // Non-configurable: a page cannot delete or replace it.
  defineProperty(natives.navigator, "p2pConsent", dataDesc(api, true, false, false));

  return {
    changed() {
      const s = source.current();
      if (!s) return;
      const e = new natives.Event("change");
      defineProperty(e, "status", dataDesc(snapshot(s), true, false, false));
      call(natives.dispatchEvent, target, e);
    },
  };
}
