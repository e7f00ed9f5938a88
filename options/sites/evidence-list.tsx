// Options (DOM): why Seedgate thinks a site uses a P2P CDN, one item per piece of evidence, in plain words.
import type { Evidence } from "../../extension/shared/ui-messages";
import { seenText } from "../../ui/evidence-text";
import { t } from "../../ui/i18n";
import { formatDateTime } from "../format";

function kindName(kind: Evidence["kind"]): string {
  switch (kind) {
    case "declared":
      return t("optEvidenceDeclared");
    case "signature":
      return t("optEvidenceSignature");
    case "behaviour":
      return t("optEvidenceBehaviour");
  }
}

export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  if (evidence.length === 0) return <p class="empty">{t("optEvidenceNone")}</p>;
  return (
    <ul class="evidence">
      {evidence.map((e, i) => (
        <li key={i}>
          <span class="evidence-kind">{e.client ? t("optEvidenceKindClient", { kind: kindName(e.kind), client: e.client }) : kindName(e.kind)}</span>
          <span class="evidence-detail">{seenText(e)}</span>
          <span class="small muted">{t("optEvidenceSeen", { time: formatDateTime(e.at) })}</span>
        </li>
      ))}
    </ul>
  );
}
