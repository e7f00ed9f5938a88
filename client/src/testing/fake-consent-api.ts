// Tests only: a fake of Seedgate's navigator.p2pConsent, dispatching `change` events with a `status` like the guard.
import type { ClientDeclaration, P2PConsentApi, P2PConsentStatus } from "../status";

export const status = (over: Partial<P2PConsentStatus> = {}): P2PConsentStatus => ({
  seeding: "allowed",
  uploadBudgetBytes: null,
  uploadRateLimitBps: null,
  metered: false,
  reason: "user",
  resetsAt: null,
  ...over,
});

export class FakeConsentApi extends EventTarget implements P2PConsentApi {
  declared: ClientDeclaration[] = [];
  constructor(public current: unknown = status()) {
    super();
  }
  query(): Promise<P2PConsentStatus> {
    return Promise.resolve(this.current as P2PConsentStatus);
  }
  request(decl: ClientDeclaration): Promise<P2PConsentStatus> {
    this.declared.push(decl);
    return this.query();
  }
  /** The visitor decided, or the budget changed. */
  change(next: unknown): void {
    this.current = next;
    const e = new Event("change");
    Object.defineProperty(e, "status", { value: next });
    this.dispatchEvent(e);
  }
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
