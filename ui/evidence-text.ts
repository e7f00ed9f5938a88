// Popup and options (DOM): a piece of evidence in the user's language. The detector keeps what it saw as a message
// and its values (core/detection/evidence.ts `text`) beside the English `detail` the log records; evidence stored
// before that existed shows its English detail. A Seedgate rule's source is named in the user's language too; a
// signature's source is the signature list's citation and stays as written.
import { BEHAVIOUR_SOURCE } from "../extension/core/detection/behaviour";
import { DECLARED_SOURCE } from "../extension/core/detection/declared";
import type { Evidence } from "../extension/shared/ui-messages";
import { formatNumber, t, type MessageKey } from "./i18n";

const RULES: Readonly<Record<string, MessageKey>> = {
  [BEHAVIOUR_SOURCE.handshake]: "ruleHandshake",
  [BEHAVIOUR_SOURCE.uploads]: "ruleUploads",
  [BEHAVIOUR_SOURCE.volume]: "ruleProbation",
  [DECLARED_SOURCE.request]: "ruleRequest",
  [DECLARED_SOURCE.meta]: "ruleMeta",
};

/** What was seen, in the UI's language (numbers formatted in it); the stored English detail without a message. */
export function seenText(e: Pick<Evidence, "detail" | "text">): string {
  if (!e.text) return e.detail;
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.text.values)) values[k] = typeof v === "number" ? formatNumber(v) : v;
  return t(e.text.message, values);
}

/** Where the rule that matched comes from, in the UI's language when it is one of Seedgate's own rules. */
export function ruleText(source: string): string {
  const key = Object.hasOwn(RULES, source) ? RULES[source] : undefined;
  return key ? t(key) : source;
}
