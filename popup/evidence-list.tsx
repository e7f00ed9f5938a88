// Popup (DOM): why Seedgate thinks this site uses a P2P CDN — each piece of evidence with its kind, what was seen,
// when, and where the rule that matched comes from (the signature list's citation, or Seedgate's own rule).
import type { Evidence } from "../extension/shared/ui-messages";
import { formatTime } from "../ui/format";

export const KIND_TEXT: Record<Evidence["kind"], string> = {
  declared: "Declared by the site",
  signature: "Known P2P client",
  behaviour: "Seen in its traffic",
};

/** Newest first: the list is bounded in height, and the latest reason is the one a user just caused. */
export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  if (evidence.length === 0) return null;
  const items = [...evidence].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <ul class="evidence" aria-label="Why Seedgate thinks so">
      {items.map((e) => (
        <li key={`${e.kind}|${e.detail}|${e.at}`} title={e.source ? `Rule: ${e.source}` : undefined}>
          <span class="evidence-kind">{KIND_TEXT[e.kind]}:</span> {e.detail}{" "}
          <time class="muted" dateTime={e.at}>
            {formatTime(e.at)}
          </time>
          {e.source && <span class="evidence-source muted"> · rule: {e.source}</span>}
        </li>
      ))}
    </ul>
  );
}
