// Any extension context: declarativeNetRequest, typed for the calls Seedgate makes (webextension-polyfill has no
// types for it; Chrome's promise API and Firefox's `browser.declarativeNetRequest` have the same shape).
import { browser } from "./browser";
import type { HeaderRule } from "../core/consent-header";
import type { PrivateHeaderRule } from "../core/private-header";

export interface Dnr {
  getDynamicRules(): Promise<HeaderRule[]>;
  updateDynamicRules(options: { removeRuleIds?: number[]; addRules?: HeaderRule[] }): Promise<void>;
  getSessionRules(): Promise<PrivateHeaderRule[]>;
  updateSessionRules(options: { removeRuleIds?: number[]; addRules?: PrivateHeaderRule[] }): Promise<void>;
}

/** The API, or null where the browser lacks it (the header is then not sent; nothing else depends on it). */
export function dnr(): Dnr | null {
  return (browser as unknown as { declarativeNetRequest?: Dnr }).declarativeNetRequest ?? null;
}

/** Which resource-type list the browser accepts (an unknown type fails the whole update). */
export function isFirefox(): boolean {
  return browser.runtime.getURL("").startsWith("moz-extension:");
}

/** Whether the user (or policy) lets the extension run in private windows; its rules see their requests only then. */
export async function allowedInPrivate(): Promise<boolean> {
  return browser.extension.isAllowedIncognitoAccess().catch(() => false);
}

/** Every open tab's id and whether it is in a private window (those the extension may see). */
export async function openTabs(): Promise<{ id: number; incognito: boolean }[]> {
  const tabs = await browser.tabs.query({});
  return tabs.filter((t) => t.id !== undefined).map((t) => ({ id: t.id!, incognito: t.incognito }));
}
