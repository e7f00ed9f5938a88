// Options (DOM): the list of the Sites page. Cards that line up as a table from 720 px, stack below it; every
// control names its site for screen readers.
import { formatBytes } from "../../ui/format";
import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import type { Mode } from "../../extension/shared/status";
import { formatNumber, t, tn, uiLanguage } from "../../ui/i18n";
import { ErrorNotice, Loading } from "../../ui/notice";
import { useSend } from "../../ui/send-context";
import { errorText, useRemote } from "../../ui/use-remote";

import { MODES, modeName } from "../mode-names";
import { hrefOf } from "../route";
import { AddSite } from "./add-site";
import { filterRows, joinRows, sortRows, type SiteRow, type SortKey } from "./site-row";
import type { Removed } from "./removal";

interface Props {
  headingId: string;
  reloadKey: number;
  onRemove: (row: Removed["row"]) => Promise<void>;
  notice: ComponentChildren;
}

function usageText(used: number, limit: number | null): string {
  return limit === null ? formatBytes(used) : t("optUsedOf", { used: formatBytes(used), limit: formatBytes(limit) });
}

export function SiteList({ headingId, reloadKey, onRemove, notice }: Props) {
  const send = useSend();
  const id = useId();
  const rules = useRemote(() => send({ type: "sites/list" }));
  const overview = useRemote(() => send({ type: "budgets/overview" }), 5000);
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<SortKey>("name");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkMode, setBulkMode] = useState<Mode>("download-only");
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);

  const reload = () => Promise.all([rules.reload(), overview.reload()]);
  useEffect(() => {
    if (reloadKey > 0) void reload();
  }, [reloadKey]);

  const all = rules.data ? joinRows(rules.data, overview.data) : undefined;
  const shown = all ? sortRows(filterRows(all, query), sort, uiLanguage()) : [];
  const chosen = shown.filter((r) => selected.has(r.site));
  const allChosen = shown.length > 0 && chosen.length === shown.length;

  const toggle = (site: string, on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(site);
      else next.delete(site);
      return next;
    });

  const applyBulk = async () => {
    setStatus(null);
    setError(null);
    const failed: string[] = [];
    for (const r of chosen) {
      try {
        await send({ type: "site/set-mode", site: r.site, mode: bulkMode });
      } catch (err) {
        failed.push(`${r.name}: ${errorText(err)}`);
      }
    }
    const done = chosen.length - failed.length;
    if (done > 0) setStatus(tn("optBulkDone", done, { mode: modeName(bulkMode) }));
    if (failed.length > 0) setError({ title: t("optBulkFailed"), detail: failed.join(" ") });
    setSelected(new Set());
    await reload();
  };

  const removeRow = async (r: SiteRow) => {
    setError(null);
    try {
      await onRemove(r);
    } catch (err) {
      setError({ title: t("optRemoveFailed", { site: r.name }), detail: errorText(err) });
    }
  };

  let body;
  if (!all) {
    body = rules.loadError ? (
      <ErrorNotice title={t("optSitesLoadError")} detail={rules.loadError} onRetry={() => void reload()} />
    ) : (
      <Loading what={t("optLoadingSites")} />
    );
  } else if (all.length === 0) {
    body = <p class="empty">{t("optSitesEmpty")}</p>;
  } else {
    body = (
      <>
        <div class="list-tools">
          <div class="field">
            <label for={`${id}-search`}>{t("optSearchSites")}</label>
            <input id={`${id}-search`} type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for={`${id}-sort`}>{t("optSortBy")}</label>
            <select id={`${id}-sort`} value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
              <option value="name">{t("optSortName")}</option>
              <option value="usage">{t("optSortUsage")}</option>
              <option value="changed">{t("optSortChanged")}</option>
              <option value="mode">{t("optSortMode")}</option>
            </select>
          </div>
        </div>
        <div class="bulk" role="group" aria-label={t("optBulkLabel")}>
          <label class="check">
            <input type="checkbox" checked={allChosen} onChange={(e) => setSelected(e.currentTarget.checked ? new Set(shown.map((r) => r.site)) : new Set())} />
            {t("optSelectAllShown")}
          </label>
          <div class="field inline">
            <label for={`${id}-bulk`}>{t("optBulkModeLabel")}</label>
            <select id={`${id}-bulk`} value={bulkMode} onChange={(e) => setBulkMode(e.currentTarget.value as Mode)}>
              {MODES.map((m) => (
                <option key={m} value={m}>
                  {modeName(m)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" disabled={chosen.length === 0} onClick={() => void applyBulk()}>
            {tn("optBulkApply", chosen.length)}
          </button>
        </div>
        <p class="small muted" aria-live="polite">
          {query.trim() ? tn("optSitesShownOf", shown.length, { total: formatNumber(all.length) }) : tn("optSitesCount", all.length)}
        </p>
        {shown.length === 0 ? (
          <p class="empty">{t("optNoMatch", { query: query.trim() })}</p>
        ) : (
          <ul class="site-cards" aria-label={t("optSitesListLabel")}>
            {shown.map((r) => (
              <li key={r.site} class="site-card">
                <input type="checkbox" class="site-select" aria-label={t("optSelectSite", { site: r.name })} checked={selected.has(r.site)} onChange={(e) => toggle(r.site, e.currentTarget.checked)} />
                <div class="site-main">
                  <a class="site-name" href={hrefOf("sites", r.site)} aria-label={t("optOpenSite", { site: r.name })}>
                    {r.name}
                  </a>
                  <span class="small muted">{r.detected ? t("optDetected") : t("optNotDetected")}</span>
                </div>
                <span class={`mode-pill mode-${r.mode}`}>{modeName(r.mode)}</span>
                <dl class="site-usage small">
                  <div>
                    <dt>{t("optToday")}</dt>
                    <dd>{usageText(r.usedToday, r.dailyBudgetBytes)}</dd>
                  </div>
                  <div>
                    <dt>{t("optThisMonth")}</dt>
                    <dd>{usageText(r.usedThisMonth, r.monthlyBudgetBytes)}</dd>
                  </div>
                </dl>
                <span class="site-actions">
                  {r.hasRule && (
                    <button type="button" aria-label={t("optRemoveSiteLabel", { site: r.name })} onClick={() => void removeRow(r)}>
                      {t("optRemove")}
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }

  return (
    <>
      <h1 id={headingId}>{t("optSitesTitle")}</h1>
      <p class="lead">{t("optSitesLead")}</p>
      {notice}
      {status && (
        <p class="verdict ok" role="status">
          {status}
        </p>
      )}
      {error && <ErrorNotice title={error.title} detail={error.detail} onDismiss={() => setError(null)} />}
      <AddSite
        known={(site) => all?.some((r) => r.site === site && r.hasRule) ?? false}
        onAdded={async (site, mode) => {
          await send({ type: "site/set-mode", site, mode });
          await reload();
        }}
      />
      {body}
    </>
  );
}
