// Popup and options (extension pages): the one real sender, over runtime.sendMessage to the background.
import { browser } from "../extension/platform/browser";
import type { Send } from "../ui/send-context";

export const send: Send = (req) => browser.runtime.sendMessage(req) as Promise<never>;
