// Shared by every context: the page API's status type and the per-frame policy the background sends to guards.

/** A site's mode as the user (or policy) set it. `undecided` means nobody has decided yet. */
export type Mode = "allow" | "download-only" | "block" | "undecided";
export const MODES: readonly Mode[] = ["allow", "download-only", "block", "undecided"];

/** What `navigator.p2pConsent` reports (DESIGN.md, "The page API"). */
export interface P2PConsentStatus {
  seeding: "allowed" | "download-only" | "blocked" | "undecided";
  /** Left now across every budget that applies; null = unlimited. */
  uploadBudgetBytes: number | null;
  uploadRateLimitBps: number | null;
  metered: boolean;
  reason: "user" | "default" | "quota" | "metered" | "policy" | "private";
  /** ISO time at which the tightest budget refills. */
  resetsAt: string | null;
}

/**
 * How the guard enforces in one frame:
 * - `open`: uploads are not limited (no budget applies); the guard counts and reports.
 * - `leased`: every uploaded byte must be covered by a lease from the background (budgets, download-only bound).
 * - `block`: no peer connection may be created; existing ones are closed.
 */
export type Enforcement = "open" | "leased" | "block";

export interface FramePolicy {
  /** Registrable domain of the top-level page: the unit of every decision. */
  site: string;
  status: P2PConsentStatus;
  enforcement: Enforcement;
  /** Force `iceTransportPolicy: "relay"` so peers never learn the visitor's address. */
  hideIp: boolean;
  /** The limit of the budget that binds `status.uploadBudgetBytes` (its change thresholds are shares of it); null: none. */
  budgetLimit: number | null;
}

/** Undecided bound: 64 KiB plus 2% of the bytes the site received (DESIGN.md, modes table). */
export const DOWNLOAD_ONLY_BASE_BYTES = 64 * 1024;
export const DOWNLOAD_ONLY_RECEIVED_RATIO = 0.02;
