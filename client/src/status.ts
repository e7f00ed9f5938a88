// Any context: the types of Seedgate's page API (navigator.p2pConsent), copied so this package has no dependency.
// status.test.ts checks they stay identical to the extension's own (extension/shared/status.ts).

/** What `navigator.p2pConsent` reports: the visitor's decision for this site and the upload budget left. */
export interface P2PConsentStatus {
  seeding: "allowed" | "download-only" | "blocked" | "undecided";
  /** Bytes left now across every budget that applies; null = unlimited. */
  uploadBudgetBytes: number | null;
  uploadRateLimitBps: number | null;
  metered: boolean;
  reason: "user" | "default" | "quota" | "metered" | "policy" | "private";
  /** ISO time at which the tightest budget refills. */
  resetsAt: string | null;
}

/** What a client tells Seedgate about itself: shown to the visitor when they decide. */
export interface ClientDeclaration {
  /** 1 to 100 characters, e.g. "webtorrent". */
  client: string;
  version?: string;
  purpose?: string;
}

/** `navigator.p2pConsent`, as Seedgate installs it in every frame. */
export interface P2PConsentApi {
  query(): Promise<P2PConsentStatus>;
  request(decl: ClientDeclaration): Promise<P2PConsentStatus>;
  addEventListener(type: "change", listener: (e: Event) => void): void;
  removeEventListener(type: "change", listener: (e: Event) => void): void;
}
