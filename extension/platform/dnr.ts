// Any extension context: declarativeNetRequest, typed for the calls Seedgate makes (webextension-polyfill has no
// types for it; Chrome's promise API and Firefox's `browser.declarativeNetRequest` have the same shape).
import { browser } from "./browser";
import type { HeaderRule } from "../core/consent-header";

export interface Dnr {
  getDynamicRules(): Promise<HeaderRule[]>;
  updateDynamicRules(options: { removeRuleIds?: number[]; addRules?: HeaderRule[] }): Promise<void>;
}

/** The API, or null where the browser lacks it (the header is then not sent; nothing else depends on it). */
export function dnr(): Dnr | null {
  return (browser as unknown as { declarativeNetRequest?: Dnr }).declarativeNetRequest ?? null;
}

/** Which resource-type list the browser accepts (an unknown type fails the whole update). */
export function isFirefox(): boolean {
  return browser.runtime.getURL("").startsWith("moz-extension:");
}
