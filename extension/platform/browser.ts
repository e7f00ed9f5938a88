// Any extension context: the one place that imports webextension-polyfill, so `browser.*` is the same API in
// Chrome and Firefox everywhere else.
import browser from "webextension-polyfill";

export type { Runtime, Tabs, Storage } from "webextension-polyfill";
export { browser };
