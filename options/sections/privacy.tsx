// Options (DOM): a plain statement of what Seedgate keeps and where, with the log's retention as set.
import { formatNumber, t } from "../../ui/i18n";
import { useSend } from "../../ui/send-context";
import { useRemote } from "../../ui/use-remote";
import { hrefOf } from "../route";
import type { SectionProps } from "./section";

export function PrivacySection({ headingId }: SectionProps) {
  const send = useSend();
  const settings = useRemote(() => send({ type: "settings/get" }));
  const r = settings.data?.logRetention ?? { retentionDays: 90, maxEntries: 100_000 };
  return (
    <>
      <h1 id={headingId}>{t("optPrivacyTitle")}</h1>
      <p class="lead">{t("optPrivacyLead")}</p>
      <p>{t("optPrivacyKeeps")}</p>
      <ul class="plain-list">
        <li>{t("optPrivacySettings")}</li>
        <li>{t("optPrivacyEvidence")}</li>
        <li>{t("optPrivacyCounters")}</li>
        <li>
          {t("optPrivacyLog", { days: formatNumber(r.retentionDays), entries: formatNumber(r.maxEntries) })} <a href={hrefOf("log")}>{t("optPrivacyLogLink")}</a>
        </li>
      </ul>
      <p>{t("optPrivacyStays")}</p>
    </>
  );
}
