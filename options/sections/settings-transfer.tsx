// Options (DOM): export the settings to a file and import them from one. The import is all or nothing: the
// background checks the whole file (size, JSON, version, every key) and a file it refuses changes nothing; the
// message says why. A file too large to be settings is refused here before it is even read.
import { useState } from "preact/hooks";
import { formatNumber, t, tn } from "../../ui/i18n";
import type { SectionProps } from "./section";
import { SETTINGS_IMPORT_MAX_BYTES } from "../../extension/shared/ui-messages";
import { ErrorNotice } from "../../ui/notice";
import { useSend } from "../../ui/send-context";
import { errorText } from "../../ui/use-remote";
import { downloadText } from "../log/download";

export function SettingsTransferSection({ headingId }: SectionProps) {
  const send = useSend();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);

  const exportSettings = async () => {
    setError(null);
    try {
      const { text, fileName } = await send({ type: "settings/export" });
      downloadText([text], fileName, "application/json");
      setDone(t("optSavedFile", { file: fileName }));
    } catch (err) {
      setError({ title: t("optExportSettingsError"), detail: errorText(err) });
    }
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setDone(null);
    setError(null);
    if (file.size > SETTINGS_IMPORT_MAX_BYTES) {
      setError({
        title: t("optImportNothing"),
        detail: t("optImportTooLarge", { file: file.name, size: formatNumber(file.size), max: formatNumber(SETTINGS_IMPORT_MAX_BYTES) }),
      });
      return;
    }
    try {
      const r = await send({ type: "settings/import", text: await file.text() });
      const rules = tn("optImportRules", r.sites);
      setDone(r.fromVersion === r.schemaVersion ? t("optImported", { file: file.name, rules }) : t("optImportedUpgraded", { file: file.name, rules, version: r.fromVersion }));
    } catch (err) {
      setError({ title: t("optImportNothing"), detail: t("optImportRefused", { detail: errorText(err) }) });
    }
  };

  return (
    <>
      <h1 id={headingId}>{t("optTransferTitle")}</h1>
      <p class="lead">{t("optTransferLead")}</p>
      <h2>{t("optExportHeading")}</h2>
      <p>
        <button type="button" onClick={() => void exportSettings()}>
          {t("optExportSettings")}
        </button>
      </p>
      <h2>{t("optImportHeading")}</h2>
      <p class="small">{t("optImportHelp")}</p>
      <label>
        {t("optSettingsFile")}{" "}
        <input type="file" accept=".json,application/json" onChange={(e) => void importFile(e.currentTarget)} />
      </label>
      {done && (
        <p class="verdict ok" role="status">
          {done}
        </p>
      )}
      {error && <ErrorNotice title={error.title} detail={error.detail} onDismiss={() => setError(null)} />}
    </>
  );
}
