// Popup (DOM): the site's name, one sentence of what it wants, and what applies to it right now — for an undecided
// site, what the default gives it ("Download only — you have not decided").
import type { SiteView } from "../extension/shared/ui-messages";
import { formatBytes, formatWhen } from "../ui/format";
import { t } from "../ui/i18n";
import { MODE_LABEL, REASON_TEXT, SEEDING_TEXT } from "../ui/mode-text";
import { displayDomain } from "../ui/unicode-domain";

export function SiteSummary({ view }: { view: SiteView }) {
  return (
    <div class="site">
      <h2 id="site-heading" class="site-name" title={view.site ?? undefined}>
        {displayDomain(view.site ?? "")}
      </h2>
      <p class="asks">{view.detected ? t("siteAsks") : t("siteNoP2p")}</p>
    </div>
  );
}

/** "Now: Download only — you have not decided · 64 KiB upload left". */
export function NowLine({ view }: { view: SiteView }) {
  const { effective } = view;
  if (!effective) return null;
  // "undecided" is the download-only bound of a site nobody decided for: say what it does.
  const status = effective.seeding === "undecided" ? MODE_LABEL["download-only"] : SEEDING_TEXT[effective.seeding];
  const why = view.pause?.active
    ? t("nowWhyPaused")
    : view.mode === "undecided" && effective.reason === "default"
      ? t("nowWhyUndecided")
      : REASON_TEXT[effective.reason];
  const showBudget = view.detected && effective.seeding !== "blocked" && effective.uploadBudgetBytes !== null;
  return (
    <p class="now" data-testid="now">
      {t("nowLabel")} <strong>{status}</strong> — {why}
      {effective.metered && <span class="muted"> · {t("nowMetered")}</span>}
      {showBudget && (
        <span class="muted">
          {" · "}
          {effective.resetsAt
            ? t("nowUploadLeftUntil", { left: formatBytes(effective.uploadBudgetBytes ?? 0), time: formatWhen(effective.resetsAt) })
            : t("nowUploadLeft", { left: formatBytes(effective.uploadBudgetBytes ?? 0) })}
        </span>
      )}
    </p>
  );
}
