// Any page context: read and follow the visitor's P2P seeding decision through Seedgate's navigator.p2pConsent,
// with a fallback where Seedgate is absent. Zero dependencies; never throws on a browser without the API.
import type { ClientDeclaration, P2PConsentApi, P2PConsentStatus } from "./status";

export type { ClientDeclaration, P2PConsentApi, P2PConsentStatus } from "./status";

/** What an adapter returns: it follows the decision until `stop()`. */
export interface ConsentBinding {
  /** The last status applied, null until the first answer. */
  readonly status: P2PConsentStatus | null;
  /** Stops following the decision; the client keeps the settings it had last. */
  stop(): void;
}

export type FallbackPreset = "allowed" | "download-only" | "blocked";

const preset = (seeding: P2PConsentStatus["seeding"], uploadBudgetBytes: number | null): P2PConsentStatus =>
  Object.freeze({ seeding, uploadBudgetBytes, uploadRateLimitBps: null, metered: false, reason: "default", resetsAt: null });

/**
 * What the library reports without Seedgate. `allowed` keeps today's behaviour; `download-only` never seeds (no
 * byte budget: nobody bounds a client's requests there); `blocked` uses no P2P at all.
 */
export const FALLBACKS: Readonly<Record<FallbackPreset, P2PConsentStatus>> = Object.freeze({
  allowed: preset("allowed", null),
  "download-only": preset("download-only", null),
  blocked: preset("blocked", 0),
});

export interface ConsentOptions {
  /** The status to use where Seedgate is absent (or answers nonsense). Default `"allowed"`. */
  fallback?: FallbackPreset | P2PConsentStatus;
  /** The page API to use; default `navigator.p2pConsent`. Pass `null` to force the fallback. */
  api?: P2PConsentApi | null;
}

const SEEDING = ["allowed", "download-only", "blocked", "undecided"];
const REASONS = ["user", "default", "quota", "metered", "policy", "private"];
const count = (v: unknown) => v === null || (typeof v === "number" && v >= 0 && Number.isFinite(v));

/** A status as the page API reports it (checked, since a page can be handed anything). */
export function isConsentStatus(v: unknown): v is P2PConsentStatus {
  if (v === null || typeof v !== "object") return false;
  const s = v as Record<string, unknown>;
  return (
    SEEDING.includes(s.seeding as string) &&
    REASONS.includes(s.reason as string) &&
    count(s.uploadBudgetBytes) &&
    count(s.uploadRateLimitBps) &&
    typeof s.metered === "boolean" &&
    (s.resetsAt === null || typeof s.resetsAt === "string")
  );
}

function apiOf(options: ConsentOptions): P2PConsentApi | null {
  if (options.api !== undefined) return options.api;
  const nav = (globalThis as { navigator?: { p2pConsent?: P2PConsentApi } }).navigator;
  return nav?.p2pConsent ?? null;
}

function fallbackOf(options: ConsentOptions): P2PConsentStatus {
  const f = options.fallback ?? "allowed";
  return typeof f === "string" ? FALLBACKS[f] : f;
}

const checked = (v: unknown, options: ConsentOptions) => (isConsentStatus(v) ? v : fallbackOf(options));

/** True when Seedgate's page API is present in this frame. */
export function hasSeedgate(options: ConsentOptions = {}): boolean {
  return apiOf(options) !== null;
}

/** The decision and budget now; the fallback without Seedgate. */
export async function getConsent(options: ConsentOptions = {}): Promise<P2PConsentStatus> {
  const api = apiOf(options);
  if (!api) return fallbackOf(options);
  try {
    return checked(await api.query(), options);
  } catch {
    return fallbackOf(options);
  }
}

/**
 * Tells Seedgate which client runs here (shown to the visitor) and answers the status at once; the visitor's later
 * decision arrives through `onConsentChange`. Rejects a malformed declaration with a TypeError.
 */
export async function declareClient(decl: ClientDeclaration, options: ConsentOptions = {}): Promise<P2PConsentStatus> {
  for (const key of ["client", "version", "purpose"] as const) {
    const v: unknown = decl[key];
    if (v === undefined && key !== "client") continue;
    if (typeof v !== "string" || v.length === 0 || v.length > 100) throw new TypeError(`declareClient: "${key}" must be a string of 1 to 100 characters`);
  }
  const api = apiOf(options);
  if (!api) return fallbackOf(options);
  try {
    const clean: ClientDeclaration = { client: decl.client };
    if (decl.version !== undefined) clean.version = decl.version;
    if (decl.purpose !== undefined) clean.purpose = decl.purpose;
    return checked(await api.request(clean), options);
  } catch {
    return fallbackOf(options);
  }
}

/** Calls `cb` with each new status (the decision, or the budget left, changed). Returns the unsubscribe function. */
export function onConsentChange(cb: (status: P2PConsentStatus) => void, options: ConsentOptions = {}): () => void {
  const api = apiOf(options);
  if (!api) return () => {};
  const listener = (e: Event) => {
    const status: unknown = (e as Event & { status?: unknown }).status;
    if (isConsentStatus(status)) cb(status);
  };
  api.addEventListener("change", listener);
  return () => api.removeEventListener("change", listener);
}

/**
 * `onConsentChange`, plus the status now: `cb` runs once with the current status, then on every change (a change
 * that arrives before the first answer wins over it). What adapters use.
 */
export function watchConsent(cb: (status: P2PConsentStatus) => void, options: ConsentOptions = {}): () => void {
  let changed = false;
  let live = true;
  const stop = onConsentChange((s) => {
    changed = true;
    if (live) cb(s);
  }, options);
  void getConsent(options).then((s) => {
    if (live && !changed) cb(s);
  });
  return () => {
    live = false;
    stop();
  };
}
