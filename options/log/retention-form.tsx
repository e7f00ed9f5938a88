// Options (DOM): how long the log keeps entries (days) and how many at most, with the settings schema's bounds.
// Bad input is refused here with a message; the background checks the same bounds again.
import { useId, useState } from "preact/hooks";
import { formatNumber, t } from "../../ui/i18n";
import { ErrorNotice, Loading } from "../../ui/notice";
import { useSend } from "../../ui/send-context";
import { errorText, useRemote } from "../../ui/use-remote";

export const RETENTION_BOUNDS = { days: [1, 3650], entries: [1000, 10_000_000] } as const;

/** A whole number typed with or without group separators ("100,000", "100.000", "100 000"), or null. */
export function readWhole(text: string): number | null {
  const s = text.trim().replace(/[\s,.'\u00a0\u202f]/g, "");
  return /^\d{1,9}$/.test(s) ? Number(s) : null;
}

export function RetentionForm() {
  const send = useSend();
  const id = useId();
  const settings = useRemote(() => send({ type: "settings/get" }));
  const [days, setDays] = useState<string | null>(null);
  const [max, setMax] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const data = settings.data?.logRetention;

  const save = async () => {
    setSaved(false);
    if (!data) return;
    const d = readWhole(days ?? String(data.retentionDays));
    const m = readWhole(max ?? String(data.maxEntries));
    const [dMin, dMax] = RETENTION_BOUNDS.days;
    const [mMin, mMax] = RETENTION_BOUNDS.entries;
    if (d === null || d < dMin || d > dMax) return setError(t("logRetentionDaysError", { min: formatNumber(dMin), max: formatNumber(dMax) }));
    if (m === null || m < mMin || m > mMax) return setError(t("logRetentionEntriesError", { min: formatNumber(mMin), max: formatNumber(mMax) }));
    setError(null);
    try {
      await send({ type: "settings/set-log-retention", retentionDays: d, maxEntries: m });
      await settings.reload();
      setDays(null);
      setMax(null);
      setSaved(true);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <form class="card retention" aria-labelledby={`${id}-h`} onSubmit={(e) => (e.preventDefault(), void save())}>
      <h2 id={`${id}-h`}>{t("logRetentionHeading")}</h2>
      <p class="field-help">{t("logRetentionHelp")}</p>
      {!data ? (
        settings.loadError ? <ErrorNotice title={t("optSettingsLoadError")} detail={settings.loadError} onRetry={() => void settings.reload()} /> : <Loading what={t("optLoadingSettings")} />
      ) : (
        <>
          <div class="amounts">
            <div class="field">
              <label for={`${id}-days`}>{t("logRetentionDays")}</label>
              <input id={`${id}-days`} type="text" inputMode="numeric" value={days ?? String(data.retentionDays)} aria-invalid={error ? "true" : "false"} aria-describedby={error ? `${id}-err` : undefined} onInput={(e) => setDays(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for={`${id}-max`}>{t("logRetentionEntries")}</label>
              <input id={`${id}-max`} type="text" inputMode="numeric" value={max ?? String(data.maxEntries)} aria-invalid={error ? "true" : "false"} aria-describedby={error ? `${id}-err` : undefined} onInput={(e) => setMax(e.currentTarget.value)} />
            </div>
            <button type="submit">{t("logRetentionSave")}</button>
          </div>
          {error && (
            <p class="field-error" id={`${id}-err`} role="alert">
              {error}
            </p>
          )}
          {saved && (
            <p class="verdict ok" role="status">
              {t("logRetentionSaved", { days: formatNumber(data.retentionDays), entries: formatNumber(data.maxEntries) })}
            </p>
          )}
        </>
      )}
    </form>
  );
}
