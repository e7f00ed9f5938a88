// Types for specs that run code in pages: navigator.p2pConsent as DESIGN.md defines it (installed by the guard).
import type { P2PConsentStatus } from "../../extension/shared/status";

declare global {
  interface P2PConsentChangeEvent extends Event {
    readonly status: P2PConsentStatus;
  }
  interface P2PConsent extends EventTarget {
    query(): Promise<P2PConsentStatus>;
    request(decl: { client: string; version?: string; purpose?: string }): Promise<P2PConsentStatus>;
    onchange: ((e: P2PConsentChangeEvent) => void) | null;
  }
  interface Navigator {
    readonly p2pConsent: P2PConsent;
  }
}
export {};
