// Popup (DOM): the current site's budget bars and the "I'm on a metered connection" switch (with an optional end).
import { useState } from "preact/hooks";
import type { SiteBudgets } from "../extension/shared/ui-messages";
import { BudgetBars } from "../ui/budget-bars";
import { formatTime } from "../ui/format";
import { ErrorNotice } from "../ui/notice";
import { useSend } from "../ui/send-context";
import { Switch } from "../ui/switch";
import { useRemote } from "../ui/use-remote";

const DURATIONS: { label: string; ms: number | null }[] = [
  { label: "until I turn it off", ms: null },
  { label: "for 1 hour", ms: 3_600_000 },
  { label: "for 24 hours", ms: 86_400_000 },
];

export function BudgetPanel({ site }: { site: string }) {
  const send = useSend();
  const remote = useRemote<SiteBudgets>(() => send({ type: "budgets/site", site }), 1000);
  const [duration, setDuration] = useState(0);
  const data = remote.data;
  // Secondary to the site's status above: a failed load is a quiet line, not a second alert.
  if (!data) return remote.loadError ? <p class="muted">Budgets unavailable: {remote.loadError}</p> : null;
  const m = data.metered;
  const setManual = (on: boolean) => {
    const ms = DURATIONS[duration]!.ms;
    const until = on && ms !== null ? new Date(Date.now() + ms).toISOString() : null;
    void remote.change(
      (d) => ({ ...d, metered: { ...d.metered, manual: { on, until }, metered: on || d.metered.detected } }),
      () => send({ type: "metered/set-manual", on, until }),
    );
  };
  return (
    <section class="block" aria-labelledby="budget-heading">
      <h2 id="budget-heading">Upload budget</h2>
      {remote.actionError && <ErrorNotice title="Couldn't save your change" detail={remote.actionError} onDismiss={remote.dismissActionError} />}
      <BudgetBars bars={data.bars} />
      <Switch
        label="I'm on a metered connection"
        description={
          m.detected
            ? "Your browser reports a metered connection (Data Saver or cellular)."
            : m.manual.on && m.manual.until
              ? `Until ${formatTime(m.manual.until)}.`
              : "While on, the metered rule applies to every site."
        }
        checked={m.manual.on}
        onChange={setManual}
      />
      {!m.manual.on && (
        <label class="muted">
          Turn on{" "}
          <select value={String(duration)} onChange={(e) => setDuration(Number((e.target as HTMLSelectElement).value))}>
            {DURATIONS.map((d, i) => (
              <option key={d.label} value={String(i)}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}
