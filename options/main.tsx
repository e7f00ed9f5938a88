// Options (extension page): wires the real sender into the options UI.
import { render } from "preact";
import { SendContext } from "../ui/send-context";
import { send } from "../popup/send";
import { OptionsApp } from "./options-app";
import { SECTIONS } from "./sections";

render(
  <SendContext.Provider value={send}>
    <OptionsApp sections={SECTIONS} />
  </SendContext.Provider>,
  document.getElementById("app")!,
);
