// Popup (extension page): wires the real browser API into the popup UI.
import { render } from "preact";
import { browser } from "../extension/platform/browser";
import { uiLanguage } from "../ui/i18n";
import { SendContext } from "../ui/send-context";
import { PopupApp } from "./popup-app";
import { send } from "./send";

/** `?tabId=N` lets tests and keyboard users open the popup as a page (in a tab of any width) for a given tab. */
const given = new URLSearchParams(location.search).get("tabId");
if (given !== null) document.documentElement.classList.add("as-page");
document.documentElement.lang = uiLanguage();

async function tabId(): Promise<number | null> {
  if (given !== null) {
    const id = Number(given);
    if (!Number.isSafeInteger(id) || id < 0) throw new Error(`"${given}" is not a tab id.`);
    return id;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** The options page, at the site's detail in the Sites page (options/ owns the #/sites/<site> route). */
async function openOptions(site: string | null): Promise<void> {
  if (site === null) return browser.runtime.openOptionsPage();
  await browser.tabs.create({ url: browser.runtime.getURL(`options/options.html#/sites/${encodeURIComponent(site)}`) });
}

render(
  <SendContext.Provider value={send}>
    <PopupApp tabId={tabId} openOptions={openOptions} />
  </SendContext.Provider>,
  document.getElementById("app")!,
);
