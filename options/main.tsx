// Options (extension page): wires the real sender into the options UI.
import { render } from "preact";
import { SendContext } from "../ui/send-context";
import { send } from "../popup/send";
import { OptionsApp } from "./options-app";
import { SECTIONS } from "./sections";
import { uiLanguage } from "../ui/i18n";

// The page speaks the browser's UI language (screen readers pick their voice from it).
document.documentElement.lang = uiLanguage();

render(
  <SendContext.Provider value={send}>
    <OptionsApp sections={SECTIONS} />
  </SendContext.Provider>,
  document.getElementById("app")!,
);
