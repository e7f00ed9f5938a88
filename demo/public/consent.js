// The one place the demo talks to Seedgate's page API, through Seedgate's client library (@seedgate/p2p-consent,
// client/ in this repository, served as ES modules at /vendor/p2p-consent/). Without Seedgate the API is absent and
// the library answers its fallback ("allowed"): the page behaves like every P2P CDN page today, it seeds.
import { declareClient, hasSeedgate, onConsentChange } from "/vendor/p2p-consent/index.js";

/**
 * @typedef {import("../../client/src/status").P2PConsentStatus} P2PConsentStatus
 * @typedef {"seed" | "download-only" | "http-only"} Mode
 */

/** @returns {boolean} whether this browser has a consent API at all */
export function hasConsentApi() {
  return hasSeedgate();
}

/**
 * Declares this page's P2P client and returns today's status at once (request() never waits for the user);
 * later decisions arrive through onChange. Returns null where there is no consent API.
 * @param {{ client: string, version?: string, purpose?: string }} decl
 * @param {(status: P2PConsentStatus) => void} onChange
 * @returns {Promise<P2PConsentStatus | null>}
 */
export async function requestConsent(decl, onChange) {
  if (!hasSeedgate()) return null;
  onConsentChange(onChange);
  return declareClient(decl);
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
