// The one place the demo talks to Seedgate's page API, navigator.p2pConsent (see DESIGN.md, "The page API").
// Seedgate's client library (client/) will replace this file; nothing else in the demo knows the API.
// Without Seedgate the API is absent and the page behaves like every P2P CDN page today: it seeds.

/**
 * @typedef {{ seeding: "allowed" | "download-only" | "blocked" | "undecided", uploadBudgetBytes: number | null,
 *   uploadRateLimitBps: number | null, metered: boolean, reason: string, resetsAt: string | null }} P2PConsentStatus
 * @typedef {"seed" | "download-only" | "http-only"} Mode
 */

/** @returns {boolean} whether this browser has a consent API at all */
export function hasConsentApi() {
  return typeof navigator !== "undefined" && "p2pConsent" in navigator && !!navigator.p2pConsent;
}

/**
 * Declares this page's P2P client and returns today's status at once (request() never waits for the user);
 * later decisions arrive through onChange. Returns null where there is no consent API.
 * @param {{ client: string, version?: string, purpose?: string }} decl
 * @param {(status: P2PConsentStatus) => void} onChange
 * @returns {Promise<P2PConsentStatus | null>}
 */
export async function requestConsent(decl, onChange) {
  if (!hasConsentApi()) return null;
  const api = /** @type {any} */ (navigator).p2pConsent;
  api.addEventListener("change", (/** @type {any} */ e) => onChange(e.status));
  return api.request(decl);
}

/**
 * What the page does with a status. "undecided" is treated as download-only: the visitor has not said yes.
 * A spent upload budget also means download-only.
 * @param {P2PConsentStatus | null} status
 * @returns {Mode}
 */
export function modeFor(status) {
  if (!status) return "seed";
  if (status.seeding === "blocked") return "http-only";
  if (status.seeding === "allowed" && status.uploadBudgetBytes !== 0) return "seed";
  return "download-only";
}
