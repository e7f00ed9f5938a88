// Tests only (jsdom): a fake background that records requests, and a render helper that provides it.
import type { ComponentChild } from "preact";
import { render } from "@testing-library/preact";
import type { UiReply, UiRequest } from "../extension/shared/ui-messages";
import { SendContext, type Send } from "./send-context";

export type FakeHandlers = {
  [K in UiRequest["type"]]?: (req: Extract<UiRequest, { type: K }>) => UiReply[K] | Promise<UiReply[K]>;
};

export function fakeSend(handlers: FakeHandlers) {
  const calls: UiRequest[] = [];
  const send: Send = async (req) => {
    calls.push(req);
    const handler = handlers[req.type] as ((r: typeof req) => unknown) | undefined;
    if (!handler) throw new Error(`No handler for ${req.type}`);
    return (await handler(req)) as never;
  };
  /** The requests sent so far, without the ones of `type` (e.g. polling reads) and the budget panel's reads. */
  const sent = (except?: UiRequest["type"]) => calls.filter((c) => c.type !== except && c.type !== "budgets/site");
  return { send, calls, sent };
}

export function renderWithSend(send: Send, ui: ComponentChild) {
  return render(<SendContext.Provider value={send}>{ui}</SendContext.Provider>);
}
