// Popup (DOM): the current site's budget bars and the "I'm on a metered connection" switch (with an optional end).
import { useState } from "preact/hooks";
import type { SiteBudgets } from "../extension/shared/ui-messages";
import { BudgetBars } from "../ui/budget-bars";
import { formatWhen } from "../ui/format";
import { t } from "../ui/i18n";
import { ErrorNotice } from "../ui/notice";
import { useSend } from "../ui/send-context";
import { Switch } from "../ui/switch";
import { useRemote } from "../ui/use-remote";

const DURATIONS: { label: () => string; ms: number | null }[] = [
  { label: () => t("meteredUntilOff"), ms: null },
  { label: () => t("meteredFor1h"), ms: 3_600_000 },
  { label: () => t("meteredFor24h"), ms: 86_400_000 },
];

export function BudgetPanel({ site }: { site: string }) {
  const send = useSend();
  const remote = useRemote<SiteBudgets>(() => send({ type: "budgets/site", site }), 1000);
  const [duration, setDuration] = useState(0);
  const data = remote.data;
  // Secondary to the site's status above: a failed load is a quiet line, not a second alert.
  if (!data) return remote.loadError ? <p class="muted">{t("budgetsUnavailable", { error: remote.loadError })}</p> : null;
  const m = data.metered;
  const setManual = (on: boolean) => {
    const ms = DURATIONS[duration]!.ms;
    const until = on && ms !== null ? new Date(Date.now() + ms).toISOString() : null;
    void remote.change(
      (d) => ({ ...d, metered: { ...d.metered, manual: { on, until }, metered: on || d.metered.byNetwork } }),
      () => send({ type: "metered/set-manual", on, until }),
    );
  };
  return (
    <section class="block" aria-labelledby="budget-heading">
      <h3 id="budget-heading">{t("budgetHeading")}</h3>
      {remote.actionError && <ErrorNotice title={t("saveFailed")} detail={remote.actionError} onDismiss={remote.dismissActionError} />}
      <BudgetBars bars={data.bars} />
      <Switch
        label={t("meteredSwitch")}
        description={
          m.byNetwork
            ? t("meteredDetected")
            : m.manual.on && m.manual.until
              ? t("meteredUntil", { time: formatWhen(m.manual.until) })
              : t("meteredHint")
        }
        checked={m.manual.on}
        onChange={setManual}
      />
      {!m.manual.on && (
        <label class="muted">
          {t("meteredTurnOn")}{" "}
          <select value={String(duration)} onChange={(e) => setDuration(Number((e.target as HTMLSelectElement).value))}>
            {DURATIONS.map((d, i) => (
              <option key={d.ms ?? "none"} value={String(i)}>
                {d.label()}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}
