// Options (DOM): "Report for a site": exports the whole signed log (as Export JSON Lines does), builds the site's
// report over the chosen period with the core and saves it as one HTML file that embeds that export.
import { useState } from "preact/hooks";
import { makeReport, webCryptoSha256 } from "../../extension/core/log";
import { ErrorNotice } from "../../ui/notice";
import { errorText } from "../../ui/use-remote";
import type { Send } from "../../ui/send-context";
import { downloadText } from "./download";
import { exportChunks } from "./log-source";
import { t } from "../../ui/i18n";

/** datetime-local (the user's zone) -> ISO, or null when empty or not a date. */
function isoOrNull(local: string): string | null {
  const t = local ? new Date(local).getTime() : NaN;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function ReportPanel({ send, site: initialSite }: { send: Send; site: string }) {
  const [site, setSite] = useState(initialSite);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [state, setState] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    const s = site.trim().toLowerCase();
    if (!s) {
      setState(t("logReportNeedSite"));
      return;
    }
    setState(t("logReportMaking"));
    try {
      let text = "";
      for await (const chunk of exportChunks(send, "jsonl")) text += chunk;
      const html = await makeReport(text, { site: s, from: isoOrNull(from), to: isoOrNull(to) }, webCryptoSha256);
      const stamp = new Date().toISOString().replaceAll(":", "-").slice(0, 19);
      const file = `seedgate-report-${s.replace(/[^a-z0-9.-]/g, "_")}-${stamp}.html`;
      downloadText([html], file, "text/html");
      setState(t("optSavedFile", { file }));
    } catch (err) {
      setState(null);
      setError(errorText(err));
    }
  };

  return (
    <div class="log-report card">
      <h2>{t("logReportHeading")}</h2>
      <p class="small">{t("logReportLead")}</p>
      <form class="log-filters" aria-label={t("logReportHeading")} onSubmit={(e) => (e.preventDefault(), void save())}>
        <label>
          {t("logReportSite")}
          <input type="text" name="report-site" placeholder={t("optAddPlaceholder")} value={site} onInput={(e) => setSite(e.currentTarget.value)} />
        </label>
        <label>
          {t("logReportFrom")}
          <input type="datetime-local" name="report-from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t("logReportTo")}
          <input type="datetime-local" name="report-to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit">{t("logReportSave")}</button>
      </form>
      {state && (
        <p class="small" role="status">
          {state}
        </p>
      )}
      {error && <ErrorNotice title={t("logReportError")} detail={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
