// Options (DOM): one site's page (#/sites/<site>): its mode (changed only by pressing one of the four buttons),
// hide my IP, daily and monthly budgets and rate, usage with the last 30 days, the evidence, its log, and Remove.
import { formatBytes } from "../../ui/format";
import { useId, useState } from "preact/hooks";
import type { Mode } from "../../extension/shared/status";
import type { RuleListing } from "../../extension/shared/ui-messages";
import { t } from "../../ui/i18n";
import { ErrorNotice, Loading } from "../../ui/notice";
import { useSend } from "../../ui/send-context";
import { errorText, useRemote } from "../../ui/use-remote";
import {formatDateTime } from "../format";
import { MODES, modeDescription, modeName } from "../mode-names";
import { hrefOf } from "../route";
import type { Removed } from "./removal";
import { AmountField } from "./amount-field";
import { EvidenceList } from "./evidence-list";
import { HistoryChart } from "./history-chart";
import { displayDomain } from "../../ui/unicode-domain";

function Usage({ label, used, limit }: { label: string; used: number; limit: number | null }) {
  return (
    <div class="usage">
      <span>{label}</span>
      {limit !== null && <meter min={0} max={Math.max(1, limit)} value={Math.min(used, limit)} aria-label={label} />}
      <span class="small">{limit === null ? t("optUsedNoLimit", { used: formatBytes(used) }) : t("optUsedOf", { used: formatBytes(used), limit: formatBytes(limit) })}</span>
    </div>
  );
}

export function SiteDetail({ headingId, site, onRemove }: { headingId: string; site: string; onRemove: (row: Removed["row"]) => Promise<void> }) {
  const send = useSend();
  const id = useId();
  const name = displayDomain(site);
  const rules = useRemote(() => send({ type: "sites/list" }));
  const budgets = useRemote(() => send({ type: "budgets/site", site }), 5000);
  const evidence = useRemote(() => send({ type: "site/evidence", site }));

  const [removeError, setRemoveError] = useState<string | null>(null);
  const rule: RuleListing | undefined = rules.data?.find((r) => r.site === site);
  const mode: Mode = rule?.mode ?? "undecided";
  const limits = budgets.data?.limits;

  const setMode = (m: Mode) =>
    void rules.change(
      (list) => (list.some((r) => r.site === site) ? list.map((r) => (r.site === site ? { ...r, mode: m } : r)) : [...list, { site, mode: m, hideIp: false, detected: false, updatedAt: new Date().toISOString() }]),
      () => send({ type: "site/set-mode", site, mode: m }),
    );
  const setHideIp = (hideIp: boolean) =>
    void rules.change(
      (list) => (list.some((r) => r.site === site) ? list.map((r) => (r.site === site ? { ...r, hideIp } : r)) : [...list, { site, mode: "undecided", hideIp, detected: false, updatedAt: new Date().toISOString() }]),
      () => send({ type: "site/set-hide-ip", site, hideIp }),
    );
  const saveLimits = (patch: Partial<NonNullable<typeof limits>>) =>
    send({ type: "site/set-limits", site, dailyBudgetBytes: limits?.dailyBudgetBytes ?? null, monthlyBudgetBytes: limits?.monthlyBudgetBytes ?? null, rateLimitBps: limits?.rateLimitBps ?? null, ...patch }).then(() =>
      Promise.all([budgets.reload(), rules.reload()]),
    );

  return (
    <>
      <p class="crumb">
        <a href={hrefOf("sites")}>{t("optBackToSites")}</a>
      </p>
      <h1 id={headingId} class="site-title">
        {name}
      </h1>
      {name !== site && <p class="small muted">{t("optStoredAs", { site })}</p>}
      {rules.actionError && <ErrorNotice title={t("optSaveError")} detail={rules.actionError} onDismiss={rules.dismissActionError} />}
      {!rules.data ? (
        rules.loadError ? <ErrorNotice title={t("optSiteLoadError")} detail={rules.loadError} onRetry={() => void rules.reload()} /> : <Loading what={name} />
      ) : (
        <>
          <p class="small muted">
            {rule ? t("optRuleChanged", { time: formatDateTime(rule.updatedAt) }) : t("optNoRule")}
          </p>
          <section class="card" aria-labelledby={`${id}-mode`}>
            <h2 id={`${id}-mode`}>{t("optModeHeading")}</h2>
            <div class="mode-buttons" role="group" aria-label={t("optModeFor", { site: name })}>
              {MODES.map((m) => (
                <button key={m} type="button" class="mode-button" aria-pressed={m === mode ? "true" : "false"} aria-describedby={`${id}-desc-${m}`} onClick={() => m !== mode && setMode(m)}>
                  <span class="mode-button-label">{modeName(m)}</span>
                  <span class="mode-button-desc" id={`${id}-desc-${m}`}>
                    {modeDescription(m)}
                  </span>
                </button>
              ))}
            </div>
            <label class="check">
              <input type="checkbox" checked={rule?.hideIp ?? false} onChange={(e) => setHideIp(e.currentTarget.checked)} />
              {t("optHideIp")}
            </label>
            <p class="field-help">{t("optHideIpHelp")}</p>
          </section>
        </>
      )}
      <section class="card" aria-labelledby={`${id}-budgets`}>
        <h2 id={`${id}-budgets`}>{t("optBudgetsHeading")}</h2>
        <p class="field-help">{t("optBudgetsHelp")}</p>
        {budgets.actionError && <ErrorNotice title={t("optSaveError")} detail={budgets.actionError} onDismiss={budgets.dismissActionError} />}
        {!budgets.data ? (
          budgets.loadError ? <ErrorNotice title={t("optBudgetsLoadError")} detail={budgets.loadError} onRetry={() => void budgets.reload()} /> : <Loading what={t("optLoadingBudgets")} />
        ) : (
          <>
            <div class="amounts">
              <AmountField label={t("optDailyBudget")} value={budgets.data.limits.dailyBudgetBytes} onSave={(b) => saveLimits({ dailyBudgetBytes: b })} />
              <AmountField label={t("optMonthlyBudget")} value={budgets.data.limits.monthlyBudgetBytes} onSave={(b) => saveLimits({ monthlyBudgetBytes: b })} />
              <AmountField label={t("optRateLimit")} help={t("optRateLimitHelp")} value={budgets.data.limits.rateLimitBps} onSave={(b) => saveLimits({ rateLimitBps: b })} />
            </div>
            <h3>{t("optUsageHeading")}</h3>
            <Usage label={t("optToday")} used={budgets.data.usedToday} limit={budgets.data.limits.dailyBudgetBytes} />
            <Usage label={t("optThisMonth")} used={budgets.data.usedThisMonth} limit={budgets.data.limits.monthlyBudgetBytes} />
            <h3>{t("optHistoryHeading")}</h3>
            <HistoryChart history={budgets.data.history} name={name} />
          </>
        )}
      </section>
      <section class="card" aria-labelledby={`${id}-evidence`}>
        <h2 id={`${id}-evidence`}>{t("optEvidenceHeading")}</h2>
        {!evidence.data ? (
          evidence.loadError ? <ErrorNotice title={t("optEvidenceLoadError")} detail={evidence.loadError} onRetry={() => void evidence.reload()} /> : <Loading what={t("optLoadingEvidence")} />
        ) : (
          <EvidenceList evidence={evidence.data} />
        )}
        <p>
          <a href={hrefOf("log", site)}>{t("optSiteLogLink", { site: name })}</a>
        </p>
      </section>
      {removeError && <ErrorNotice title={t("optRemoveFailed", { site: name })} detail={removeError} onDismiss={() => setRemoveError(null)} />}
      {rule && (
        <p>
          <button
            type="button"
            class="danger"
            onClick={() =>
              void onRemove({ site, name, mode: rule.mode, hideIp: rule.hideIp, dailyBudgetBytes: limits?.dailyBudgetBytes ?? null, monthlyBudgetBytes: limits?.monthlyBudgetBytes ?? null, rateLimitBps: limits?.rateLimitBps ?? null }).catch((err: unknown) => setRemoveError(errorText(err)))
            }
          >
            {t("optRemoveRule", { site: name })}
          </button>
        </p>
      )}
    </>
  );
}
