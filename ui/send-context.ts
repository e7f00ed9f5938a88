// Popup and options (DOM): the typed sender the components use, provided through a tiny context so tests
// pass a fake and only main.tsx touches the browser API.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { UiReply, UiRequest } from "../extension/shared/ui-messages";

/** Sends one request to the background and resolves with its typed reply; rejects with the background's error. */
export type Send = <T extends UiRequest>(req: T) => Promise<UiReply[T["type"]]>;

export const SendContext = createContext<Send | null>(null);

export function useSend(): Send {
  const send = useContext(SendContext);
  if (!send) throw new Error("useSend() outside <SendContext.Provider>");
  return send;
}
