// The bridge's allow-list of guard messages: every guard message type and nothing the bridge alone may say.
import { GUARD_MESSAGE_TYPES, type BridgeMessage, type GuardMessage } from "./messages";
import type { Assert, Equals } from "../core/type-checks";

// The list is built from a Record over the union, so it cannot miss a type; this pins the union it is over.
type Listed = GuardMessage["type"];
type _allListed = Assert<Equals<Listed, "usage" | "lease/request" | "lease/return" | "declare" | "conn/open" | "conn/blocked" | "conn/close" | "detect" | "conn/peer" | "lease/settle">>;

test("the bridge relays every guard message type", () => {
  const expected: Listed[] = ["usage", "lease/request", "lease/return", "declare", "conn/open", "conn/blocked", "conn/close", "detect", "conn/peer", "lease/settle"];
  expect([...GUARD_MESSAGE_TYPES].sort()).toEqual([...expected].sort());
});

test("what only the bridge may say is never relayed from the page's world", () => {
  // A guard (or a page) saying "not metered" or announcing another frame must not reach the background.
  const bridgeOnly: BridgeMessage["type"][] = ["frame/hello", "net"];
  for (const t of bridgeOnly) expect(GUARD_MESSAGE_TYPES.has(t)).toBe(false);
});
