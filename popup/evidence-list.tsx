// Popup (DOM): why Seedgate thinks this site uses a P2P CDN, behind a "Why?" disclosure — each piece of evidence
// with its kind, what was seen, when, and where the rule that matched comes from. The list grows the popup; it
// never scrolls on its own (no nested scrolling).
import { useState } from "preact/hooks";
import type { Evidence } from "../extension/shared/ui-messages";
import { formatWhen } from "../ui/format";
import { ruleText, seenText } from "../ui/evidence-text";
import { t } from "../ui/i18n";

export const KIND_TEXT: Record<Evidence["kind"], string> = {
  declared: t("evidenceDeclared"),
  signature: t("evidenceSignature"),
  behaviour: t("evidenceBehaviour"),
};

/** Newest first: the latest reason is the one a user just caused. */
export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  if (evidence.length === 0) return null;
  const items = [...evidence].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <ul class="evidence" aria-label={t("evidenceListLabel")}>
      {items.map((e) => (
        <li key={`${e.kind}|${e.detail}|${e.at}`}>
          <span class="evidence-kind">{t("evidenceKindColon", { kind: KIND_TEXT[e.kind] })}</span> {seenText(e)}{" "}
          <time class="muted" dateTime={e.at}>
            {formatWhen(e.at)}
          </time>
          {e.source && <span class="evidence-source muted"> · {t("evidenceRule", { source: ruleText(e.source) })}</span>}
        </li>
      ))}
    </ul>
  );
}

export function Why({ evidence }: { evidence: readonly Evidence[] }) {
  const [open, setOpen] = useState(false);
  if (evidence.length === 0) return null;
  return (
    <div class="why">
      <button type="button" class="disclosure" aria-expanded={open ? "true" : "false"} aria-controls="why-list" onClick={() => setOpen(!open)}>
        {t("whyButton")}
      </button>
      <div id="why-list" hidden={!open}>
        {open && <EvidenceList evidence={evidence} />}
      </div>
    </div>
  );
}
