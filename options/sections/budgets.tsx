// Options (DOM): budgets — the global monthly cap and the metered rule; every site with its mode, daily and monthly
// budgets, rate limit, hide my IP, usage today and this month as bars, search and remove; a site's last 30 days.
// Typed amounts are read by core/budget-input: bad input is refused here with a message and never sent.
import { useState } from "preact/hooks";
import type { BudgetsOverview, SiteBudgets } from "../../extension/shared/ui-messages";
import type { Mode } from "../../extension/shared/status";
import { parseBudgetInput } from "../../extension/core/budget-input";
import { UsageBar } from "../../ui/budget-bars";
import { formatBytes } from "../../ui/format";
import { ErrorNotice, Loading } from "../../ui/notice";
import { useSend } from "../../ui/send-context";
import { useRemote } from "../../ui/use-remote";

type Row = BudgetsOverview["sites"][number];
const MODES: Mode[] = ["undecided", "allow", "download-only", "block"];

function AmountField({ label, value, onSave, allowEmpty = true }: { label: string; value: number | null; onSave: (bytes: number | null) => Promise<unknown>; allowEmpty?: boolean }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = text ?? (value === null ? "" : formatBytes(value).replace(/\.0 /, " "));
  const commit = () => {
    if (text === null) return;
    const r = parseBudgetInput(text);
    if (!r.ok) return setError(r.error);
    if (r.bytes === null && !allowEmpty) return setError("Enter an amount (0 for none).");
    setError(null);
    void onSave(r.bytes).then(
      () => setText(null),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <label class="amount">
      <span class="visually-hidden">{label}</span>
      <input
        type="text"
        inputMode="decimal"
        placeholder="no limit"
        value={shown}
        aria-label={label}
        aria-invalid={error ? "true" : "false"}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

function History({ site }: { site: string }) {
  const send = useSend();
  const remote = useRemote<SiteBudgets>(() => send({ type: "budgets/site", site }));
  const data = remote.data;
  if (!data) return remote.loadError ? <ErrorNotice title="Couldn't load the history" detail={remote.loadError} /> : <Loading what="the history" />;
  const max = Math.max(1, ...data.history.map((d) => d.bytes));
  return (
    <figure class="history" aria-label={`Uploads by ${site}, last 30 days`}>
      <ol>
        {data.history.map((d) => (
          <li key={d.day} title={`${d.day}: ${formatBytes(d.bytes)}`}>
            <span class="history-bar" style={{ height: `${Math.round((d.bytes / max) * 100)}%` }} />
            <span class="visually-hidden">
              {d.day}: {formatBytes(d.bytes)}
            </span>
          </li>
        ))}
      </ol>
      <figcaption>
        Last 30 days: {formatBytes(data.history.reduce((a, d) => a + d.bytes, 0))} uploaded
      </figcaption>
    </figure>
  );
}

export function BudgetsSection({ headingId }: { headingId: string }) {
  const send = useSend();
  const remote = useRemote(() => send({ type: "budgets/overview" }), 2000);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const data = remote.data;
  const save = (req: Parameters<typeof send>[0]) => send(req).then(() => remote.reload());

  const limits = (row: Row, patch: Partial<Pick<Row, "dailyBudgetBytes" | "monthlyBudgetBytes" | "rateLimitBps">>) =>
    save({ type: "site/set-limits", site: row.site, dailyBudgetBytes: row.dailyBudgetBytes, monthlyBudgetBytes: row.monthlyBudgetBytes, rateLimitBps: row.rateLimitBps, ...patch });

  return (
    <>
      <h2 id={headingId}>Budgets</h2>
      <p class="lead">
        Upload budgets hold exactly: a site never uploads more than the tightest budget that applies. Days and months
        begin at your local midnight. Type amounts such as 500 MiB or 2 GB; leave a field empty for no limit.
      </p>
      {remote.actionError && <ErrorNotice title="Couldn't save" detail={remote.actionError} onDismiss={remote.dismissActionError} />}
      {!data ? (
        remote.loadError ? <ErrorNotice title="Couldn't load the budgets" detail={remote.loadError} onRetry={() => void remote.reload()} /> : <Loading what="the budgets" />
      ) : (
        <>
          <h3>All sites</h3>
          <div class="form-grid">
            <span>Global monthly cap</span>
            <AmountField
              label="Global monthly cap"
              value={data.globalMonthlyCapBytes}
              onSave={(bytes) => save({ type: "settings/set-global-limits", globalMonthlyCapBytes: bytes, meteredBudgetBytes: data.metered.budgetBytes })}
            />
            <span>Budget while metered (0: no seeding while metered)</span>
            <AmountField
              label="Budget while metered"
              value={data.metered.budgetBytes}
              allowEmpty={false}
              onSave={(bytes) => save({ type: "settings/set-global-limits", globalMonthlyCapBytes: data.globalMonthlyCapBytes, meteredBudgetBytes: bytes ?? 0 })}
            />
          </div>
          <UsageBar label="Uploaded this month (all sites)" used={data.globalUsedThisMonth} limit={data.globalMonthlyCapBytes} />
          <p class="muted">Metered now: {data.metered.metered ? (data.metered.detected ? "yes (reported by the browser)" : "yes (your switch)") : "no"}</p>

          <h3>Sites</h3>
          <input type="search" placeholder="Search sites" aria-label="Search sites" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
          <div class="table-wrap">
            <table class="budgets-table">
              <thead>
                <tr>
                  <th scope="col">Site</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Daily</th>
                  <th scope="col">Monthly</th>
                  <th scope="col">Rate (per second)</th>
                  <th scope="col">Hide IP</th>
                  <th scope="col">Today</th>
                  <th scope="col">This month</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.sites
                  .filter((r) => r.site.includes(query.trim().toLowerCase()))
                  .map((r) => (
                    <>
                      <tr key={r.site}>
                        <th scope="row">{r.site}</th>
                        <td>
                          <select aria-label={`Mode for ${r.site}`} value={r.mode} onChange={(e) => void save({ type: "site/set-mode", site: r.site, mode: (e.target as HTMLSelectElement).value as Mode }).catch(() => {})}>
                            {MODES.map((m) => (
                              <option key={m} value={m}>
                                {m}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <AmountField label={`Daily budget for ${r.site}`} value={r.dailyBudgetBytes} onSave={(b) => limits(r, { dailyBudgetBytes: b })} />
                        </td>
                        <td>
                          <AmountField label={`Monthly budget for ${r.site}`} value={r.monthlyBudgetBytes} onSave={(b) => limits(r, { monthlyBudgetBytes: b })} />
                        </td>
                        <td>
                          <AmountField label={`Rate limit for ${r.site}`} value={r.rateLimitBps} onSave={(b) => limits(r, { rateLimitBps: b })} />
                        </td>
                        <td>
                          <input type="checkbox" aria-label={`Hide my IP on ${r.site}`} checked={r.hideIp} onChange={(e) => void save({ type: "site/set-hide-ip", site: r.site, hideIp: (e.target as HTMLInputElement).checked }).catch(() => {})} />
                        </td>
                        <td>
                          <UsageBar label={`${r.site} today`} used={r.usedToday} limit={r.dailyBudgetBytes} />
                        </td>
                        <td>
                          <UsageBar label={`${r.site} this month`} used={r.usedThisMonth} limit={r.monthlyBudgetBytes} />
                        </td>
                        <td>
                          <button type="button" aria-expanded={open === r.site ? "true" : "false"} onClick={() => setOpen(open === r.site ? null : r.site)}>
                            30 days
                          </button>{" "}
                          <button type="button" onClick={() => void save({ type: "site/remove", site: r.site }).catch(() => {})}>
                            Remove
                          </button>
                        </td>
                      </tr>
                      {open === r.site && (
                        <tr key={`${r.site}-history`}>
                          <td colSpan={9}>
                            <History site={r.site} />
                          </td>
                        </tr>
                      )}
                    </>
                  ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
