// Options (DOM): what applies where the user has not decided: undecided sites, private windows, and the limits for
// all sites (the global monthly cap and the budget while on a metered connection).
import { formatBytes } from "../../ui/format";
import type { PrivateWindowMode, UndecidedDefault, UiSettings } from "../../extension/shared/ui-messages";
import { t } from "../../ui/i18n";
import { ErrorNotice, Loading } from "../../ui/notice";
import { useSend } from "../../ui/send-context";
import { useRemote } from "../../ui/use-remote";

import { defaultChoices, privateChoices } from "../mode-names";
import { AmountField } from "../sites/amount-field";
import { ChoiceFieldset } from "../sites/choice-fieldset";
import type { SectionProps } from "./section";

export function DefaultsSection({ headingId }: SectionProps) {
  const send = useSend();
  const settings = useRemote(() => send({ type: "settings/get" }));
  const overview = useRemote(() => send({ type: "budgets/overview" }));
  const data = settings.data;
  const limits = overview.data;

  const change = (patch: Partial<UiSettings>, action: () => Promise<unknown>) => void settings.change((s) => ({ ...s, ...patch }), action);
  const setDefault = (value: UndecidedDefault) => change({ defaultUndecided: value }, () => send({ type: "settings/set-default-undecided", value }));
  const setPrivate = (mode: PrivateWindowMode) => change({ privateWindows: mode }, () => send({ type: "settings/set-private-windows", mode }));
  const saveLimits = (globalMonthlyCapBytes: number | null, meteredBudgetBytes: number) =>
    send({ type: "settings/set-global-limits", globalMonthlyCapBytes, meteredBudgetBytes }).then(() => overview.reload());

  return (
    <>
      <h1 id={headingId}>{t("optDefaultsTitle")}</h1>
      <p class="lead">{t("optDefaultsLead")}</p>
      {settings.actionError && <ErrorNotice title={t("optSaveError")} detail={settings.actionError} onDismiss={settings.dismissActionError} />}
      {data ? (
        <>
          <ChoiceFieldset legend={t("optDefaultUndecidedLegend")} choices={defaultChoices()} value={data.defaultUndecided} onChange={setDefault} />
          <ChoiceFieldset legend={t("optPrivateLegend")} choices={privateChoices()} value={data.privateWindows} onChange={setPrivate} />
        </>
      ) : settings.loadError ? (
        <ErrorNotice title={t("optSettingsLoadError")} detail={settings.loadError} onRetry={() => void settings.reload()} />
      ) : (
        <Loading what={t("optLoadingSettings")} />
      )}
      <section class="card" aria-labelledby={`${headingId}-limits`}>
        <h2 id={`${headingId}-limits`}>{t("optLimitsHeading")}</h2>
        <p class="field-help">{t("optLimitsHelp")}</p>
        {limits ? (
          <div class="amounts">
            <AmountField
              label={t("optGlobalCap")}
              help={t("optGlobalCapUsed", { used: formatBytes(limits.globalUsedThisMonth) })}
              value={limits.globalMonthlyCapBytes}
              onSave={(b) => saveLimits(b, limits.metered.budgetBytes)}
            />
            <AmountField
              label={t("optMeteredBudget")}
              help={limits.metered.metered ? (limits.metered.byNetwork ? t("optMeteredNowDetected") : t("optMeteredNowManual")) : t("optMeteredNotNow")}
              value={limits.metered.budgetBytes}
              allowEmpty={false}
              onSave={(b) => saveLimits(limits.globalMonthlyCapBytes, b ?? 0)}
            />
          </div>
        ) : overview.loadError ? (
          <ErrorNotice title={t("optBudgetsLoadError")} detail={overview.loadError} onRetry={() => void overview.reload()} />
        ) : (
          <Loading what={t("optLoadingBudgets")} />
        )}
      </section>
    </>
  );
}
