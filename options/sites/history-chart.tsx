// Options (DOM): a site's uploads over its last 30 days as bars; the same numbers as a list for screen readers.
import { formatBytes } from "../../ui/format";
import type { SiteBudgets } from "../../extension/shared/ui-messages";
import { t } from "../../ui/i18n";
import {formatDay } from "../format";

export function HistoryChart({ history, name }: { history: SiteBudgets["history"]; name: string }) {
  const max = Math.max(1, ...history.map((d) => d.bytes));
  const total = history.reduce((a, d) => a + d.bytes, 0);
  return (
    <figure class="history">
      <ol aria-label={t("optHistoryLabel", { site: name })}>
        {history.map((d) => (
          <li key={d.day} title={`${formatDay(d.day)}: ${formatBytes(d.bytes)}`}>
            <span class="history-bar" aria-hidden="true" style={{ height: `${Math.max(d.bytes > 0 ? 2 : 0, Math.round((d.bytes / max) * 100))}%` }} />
            <span class="visually-hidden">
              {formatDay(d.day)}: {formatBytes(d.bytes)}
            </span>
          </li>
        ))}
      </ol>
      <figcaption class="small muted">{t("optHistoryTotal", { total: formatBytes(total) })}</figcaption>
    </figure>
  );
}
