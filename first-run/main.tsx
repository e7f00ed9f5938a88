// First-run page (extension page): opened once on install (background/index.ts); wires the real browser API.
import { render } from "preact";
import { t, uiLanguage } from "../ui/i18n";
import { SendContext } from "../ui/send-context";
import { send } from "../popup/send";
import { FirstRunApp } from "./first-run-app";
import { pinState } from "./pin-state";

document.documentElement.lang = uiLanguage();
document.title = t("frTitle");

// The raw chrome.action: webextension-polyfill does not wrap getUserSettings, and Firefox has no such method.
const g = globalThis as { chrome?: { action?: Parameters<typeof pinState>[0]; runtime?: { openOptionsPage(): void } } };

render(
  <SendContext.Provider value={send}>
    <FirstRunApp pinState={() => pinState(g.chrome?.action)} openOptions={() => g.chrome?.runtime?.openOptionsPage()} />
  </SendContext.Provider>,
  document.getElementById("app")!,
);
