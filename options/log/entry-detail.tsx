// Options (DOM): the selected log entry as labelled fields, with the stored entry as JSON behind a toggle.
import { useId, useState } from "preact/hooks";
import type { LogEntry } from "../../extension/core/log";
import { formatNumber, t } from "../../ui/i18n";
import { fields } from "./describe";

export function EntryDetail({ entry }: { entry: LogEntry }) {
  const id = useId();
  const [raw, setRaw] = useState(false);
  return (
    <section class="log-detail card" aria-labelledby={`${id}-h`} aria-live="polite">
      <h2 id={`${id}-h`}>{t("logEntryHeading", { seq: formatNumber(entry.seq) })}</h2>
      <dl class="fields">
        {fields(entry).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        <button type="button" aria-expanded={raw ? "true" : "false"} aria-controls={`${id}-raw`} onClick={() => setRaw(!raw)}>
          {raw ? t("logHideRaw") : t("logShowRaw")}
        </button>
      </p>
      {raw && (
        <pre id={`${id}-raw`} tabIndex={0} aria-label={t("logRawLabel")}>
          {JSON.stringify(entry, null, 2)}
        </pre>
      )}
    </section>
  );
}
