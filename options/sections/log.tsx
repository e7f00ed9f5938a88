// Options (DOM): the audit log. Filter by site, type and time, search, a virtualized listbox (one tab stop; pages of
// entries load as you scroll) whose selected entry shows below as labelled fields, "who learned my IP address" for
// a site, how long the log is kept, export as JSON Lines (the signed, verifiable chain) or CSV, a per-site HTML
// report, verifying an exported file here, the install key that signs exports, and clearing the log (confirmed).
// Pages and export chunks come from the background (log/* requests); verifying happens in this page with the core's
// own rules.
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { LOG_TYPES, verifyJsonl, verifyReport, webCryptoSha256, type LogEntry, type LogFilter, type LogType } from "../../extension/core/log";
import type { InstallKeyView, Learner } from "../../extension/shared/ui-messages";
import { formatNumber, t, tn } from "../../ui/i18n";
import { ErrorNotice } from "../../ui/notice";
import { useSend, type Send } from "../../ui/send-context";
import { errorText } from "../../ui/use-remote";
import { formatLogTime } from "../format";
import { summary, typeLabel } from "../log/describe";
import { downloadText } from "../log/download";
import { EntryDetail } from "../log/entry-detail";
import { InstallKeyPanel } from "../log/install-key-panel";
import { exportChunks, queryLog } from "../log/log-source";
import { verdictText, verifyText, type VerdictLevel } from "../log/log-strings";
import { ReportPanel } from "../log/report-panel";
import { RetentionForm } from "../log/retention-form";
import { VirtualList } from "../log/virtual-list";
import { displayDomain } from "../../ui/unicode-domain";
import type { SectionProps } from "./section";

const PAGE = 300;
const ROW = 30;
const ROW_NARROW = 52;

interface Form {
  site: string;
  type: "" | LogType;
  from: string;
  to: string;
  text: string;
}
const EMPTY: Form = { site: "", type: "", from: "", to: "", text: "" };

/** datetime-local (the user's zone) -> ISO, or undefined when empty or not a date. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local).getTime();
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** A site as typed or shown (Unicode) -> as stored (lowercase ASCII). */
function storedSite(text: string): string {
  const s = text.trim().toLowerCase();
  if (!/[^ -~]/.test(s)) return s;
  try {
    return new URL(`http://${s}/`).hostname;
  } catch {
    return s;
  }
}

export function toFilter(f: Form): LogFilter {
  const out: LogFilter = {};
  if (f.site.trim()) out.site = storedSite(f.site);
  if (f.type) out.type = f.type;
  const from = isoOf(f.from);
  const to = isoOf(f.to);
  if (from) out.from = from;
  if (to) out.to = to;
  if (f.text.trim()) out.text = f.text.trim();
  return out;
}

function useNarrow(): boolean {
  const query = "(max-width: 640px)";
  const [narrow, setNarrow] = useState(() => typeof matchMedia === "function" && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== "function") return;
    const m = matchMedia(query);
    const on = () => setNarrow(m.matches);
    m.addEventListener("change", on);
    return () => m.removeEventListener("change", on);
  }, []);
  return narrow;
}

export function LogSection({ headingId, param }: SectionProps) {
  const send = useSend();
  const id = useId();
  const [form, setForm] = useState<Form>(() => ({ ...EMPTY, site: param ? displayDomain(param) : "" }));
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [cursor, setCursor] = useState<number | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(-1);
  const generation = useRef(0);
  const busy = useRef(false);
  const row = useNarrow() ? ROW_NARROW : ROW;

  useEffect(() => {
    if (param !== null) setForm((f) => ({ ...f, site: displayDomain(param) }));
  }, [param]);

  const filter = toFilter(form);
  const filterKey = JSON.stringify(filter);

  const loadMore = useCallback(
    async (reset: boolean) => {
      if (busy.current && !reset) return;
      if (!reset && cursor === null) return;
      const mine = reset ? ++generation.current : generation.current;
      busy.current = true;
      setLoading(true);
      try {
        const page = await queryLog(send, JSON.parse(filterKey) as LogFilter, PAGE, reset ? null : (cursor ?? null));
        if (mine !== generation.current) return;
        setEntries((old) => (reset ? page.entries : [...old, ...page.entries]));
        if (reset) setSelected(-1);
        setCursor(page.cursor);
        setError(null);
      } catch (err) {
        if (mine === generation.current) setError(errorText(err));
      } finally {
        if (mine === generation.current) {
          busy.current = false;
          setLoading(false);
        }
      }
    },
    [send, filterKey, cursor],
  );

  // A new filter starts over (debounced while typing).
  const latest = useRef(loadMore);
  latest.current = loadMore;
  useEffect(() => {
    const t = setTimeout(() => void latest.current(true), 200);
    return () => clearTimeout(t);
  }, [filterKey]);

  const onNearEnd = useCallback(() => {
    if (cursor !== null && cursor !== undefined && !busy.current) void loadMore(false);
  }, [cursor, loadMore]);

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const total = cursor === null ? entries.length : -1;
  const entry = selected >= 0 ? entries[selected] : undefined;

  return (
    <>
      <h1 id={headingId}>{t("logTitle")}</h1>
      <p class="lead">{t("logLead")}</p>
      <form class="log-filters" role="search" aria-label={t("logFilterLabel")} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={`${id}-site`}>{t("logFilterSite")}</label>
          <input id={`${id}-site`} type="text" name="site" placeholder={t("optAddPlaceholder")} value={form.site} onInput={(e) => set({ site: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for={`${id}-type`}>{t("logFilterType")}</label>
          <select id={`${id}-type`} name="type" value={form.type} onChange={(e) => set({ type: e.currentTarget.value as Form["type"] })}>
            <option value="">{t("logAllTypes")}</option>
            {LOG_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {typeLabel(ty)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-from`}>{t("logFilterFrom")}</label>
          <input id={`${id}-from`} type="datetime-local" step={1} name="from" value={form.from} onInput={(e) => set({ from: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for={`${id}-to`}>{t("logFilterTo")}</label>
          <input id={`${id}-to`} type="datetime-local" step={1} name="to" value={form.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for={`${id}-text`}>{t("logFilterSearch")}</label>
          <input id={`${id}-text`} type="search" name="text" value={form.text} onInput={(e) => set({ text: e.currentTarget.value })} />
        </div>
      </form>
      {error && <ErrorNotice title={t("logReadError")} detail={error} onRetry={() => void loadMore(true)} />}
      <p class="small" role="status" aria-live="polite">
        {loading ? t("logLoading") : cursor === null ? tn("logCount", entries.length) : tn("logCountMore", entries.length)}
      </p>
      <p class="small muted" id={`${id}-keys`}>
        {t("logKeysHelp")}
      </p>
      {entries.length === 0 && cursor === null && !loading ? (
        <p class="empty">{Object.keys(filter).length > 0 ? t("logEmptyFiltered") : t("logEmpty")}</p>
      ) : (
        <VirtualList
          items={entries}
          rowHeight={row}
          height={Math.min(420, Math.max(row * 3, entries.length * row))}
          label={t("logListLabel")}
          total={total}
          keyOf={(e) => e.seq}
          selected={selected}
          onSelect={setSelected}
          onNearEnd={onNearEnd}
          resetKey={filterKey}
          renderRow={(e) => (
            <div class={`log-row${row === ROW_NARROW ? " narrow" : ""}`}>
              <span class="log-time">{formatLogTime(e.time)}</span>
              <span class="log-site">{e.site ? displayDomain(e.site) : "—"}</span>
              <span class="log-summary">{summary(e)}</span>
            </div>
          )}
        />
      )}
      {entry && <EntryDetail entry={entry} />}
      {filter.site && <WhoLearned send={send} site={filter.site} />}
      <RetentionForm />
      <ExportAndVerify send={send} />
      <ReportPanel send={send} site={filter.site ?? ""} />
      <ClearLog send={send} />
    </>
  );
}

function WhoLearned({ send, site }: { send: Send; site: string }) {
  const [learners, setLearners] = useState<Learner[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = displayDomain(site);
  useEffect(() => {
    let alive = true;
    setLearners(null);
    const timer = setTimeout(() => {
      send({ type: "log/who-learned", site }).then(
        (l) => alive && setLearners(l),
        (err: unknown) => alive && setError(errorText(err)),
      );
    }, 300);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [send, site]);
  return (
    <div class="who-learned card">
      <h2 id="who-learned-heading">{t("logWhoLearned", { site: name })}</h2>
      {error ? (
        <ErrorNotice title={t("logWhoLearnedError")} detail={error} />
      ) : !learners ? (
        <p class="small">{t("logWhoLearnedLoading")}</p>
      ) : learners.length === 0 ? (
        <p class="empty">{t("logWhoLearnedNone", { site: name })}</p>
      ) : (
        <div class="table-scroll">
          <table class="learners" aria-labelledby="who-learned-heading">
            <thead>
              <tr>
                <th scope="col">{t("logLearnerAddress")}</th>
                <th scope="col">{t("logLearnerPorts")}</th>
                <th scope="col">{t("logLearnerConnections")}</th>
                <th scope="col">{t("logLearnerFirst")}</th>
                <th scope="col">{t("logLearnerLast")}</th>
              </tr>
            </thead>
            <tbody>
              {learners.map((l) => (
                <tr key={l.address}>
                  <th scope="row" class="site-cell">
                    {l.address}
                  </th>
                  <td>{l.ports.join(", ")}</td>
                  <td>{formatNumber(l.connections)}</td>
                  <td>{formatLogTime(l.first)}</td>
                  <td>{formatLogTime(l.last)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="small">{t("logWhoLearnedNote")}</p>
    </div>
  );
}

/** The lines of a file, read as a stream (a log of millions of entries is never held whole). */
async function* fileLines(file: Blob): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  let rest = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const parts = (rest + value).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}

function ExportAndVerify({ send }: { send: Send }) {
  const [exportState, setExportState] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<{ level: VerdictLevel; text: string } | null>(null);
  const [key, setKey] = useState<InstallKeyView | null>(null);

  const doExport = async (format: "jsonl" | "csv") => {
    setExportError(null);
    setExportState(t("logExporting"));
    try {
      const parts: string[] = [];
      for await (const chunk of exportChunks(send, format)) parts.push(chunk);
      const stamp = new Date().toISOString().replaceAll(":", "-").slice(0, 19);
      downloadText(parts, `seedgate-log-${stamp}.${format}`, format === "jsonl" ? "application/jsonl" : "text/csv");
      setExportState(format === "jsonl" ? t("logExportedJsonl") : t("logExportedCsv"));
    } catch (err) {
      setExportState(null);
      setExportError(errorText(err));
    }
  };

  const verify = async (file: File | undefined) => {
    if (!file) return;
    setVerdict({ level: "ok", text: verifyText.checking(file.name) });
    const current = key?.fingerprint ?? null;
    const previous = key?.previous.map((k) => k.fingerprint) ?? [];
    try {
      if (/\.html?$/i.test(file.name)) {
        const r = await verifyReport(await file.text(), webCryptoSha256);
        const exportPart = r.export ? verdictText(file.name, r.export, current, previous) : null;
        if (!r.ok) setVerdict({ level: "broken", text: [exportPart?.level === "broken" ? exportPart.text : null, verifyText.reportBroken(file.name, r.reason)].filter(Boolean).join(" ") });
        else setVerdict({ level: exportPart!.level, text: `${exportPart!.text} ${verifyText.reportOk(file.name, r.params.site)}` });
        return;
      }
      setVerdict(verdictText(file.name, await verifyJsonl(fileLines(file), webCryptoSha256), current, previous));
    } catch (err) {
      setVerdict({ level: "broken", text: verifyText.unreadable(file.name, errorText(err)) });
    }
  };

  return (
    <div class="log-export card">
      <h2>{t("logExportHeading")}</h2>
      <p class="small">{t("logExportHelp")}</p>
      <p class="actions">
        <button type="button" onClick={() => void doExport("jsonl")}>
          {t("logExportJsonl")}
        </button>{" "}
        <button type="button" onClick={() => void doExport("csv")}>
          {t("logExportCsv")}
        </button>
      </p>
      {exportState && (
        <p class="small" role="status">
          {exportState}
        </p>
      )}
      {exportError && <ErrorNotice title={t("logExportError")} detail={exportError} onDismiss={() => setExportError(null)} />}
      <h3>{t("logVerifyHeading")}</h3>
      <label class="file-field">
        {verifyText.label()}{" "}
        <input type="file" accept=".jsonl,.html,.htm,application/jsonl,text/html,text/plain" onChange={(e) => void verify(e.currentTarget.files?.[0])} />
      </label>
      {verdict && (
        <p class={`verdict ${verdict.level}`} role={verdict.level === "ok" ? "status" : "alert"}>
          {verdict.text}
        </p>
      )}
      <InstallKeyPanel send={send} onKey={setKey} />
    </div>
  );
}

function ClearLog({ send }: { send: Send }) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  // The question opens with focus on Cancel: a second Enter never deletes the log.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const clear = async () => {
    setConfirming(false);
    try {
      const { removed } = await send({ type: "log/clear" });
      setResult(tn("logClearedResult", removed));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const cancel = () => {
    setConfirming(false);
    setTimeout(() => openRef.current?.focus(), 0);
  };
  return (
    <div class="log-clear card danger-zone">
      <h2 id={`${id}-h`}>{t("logClearHeading")}</h2>
      {confirming ? (
        <div role="group" aria-labelledby={`${id}-q`}>
          <p id={`${id}-q`}>{t("logClearConfirm")}</p>
          <p class="actions">
            <button type="button" class="danger" onClick={() => void clear()}>
              {t("logClearNow")}
            </button>{" "}
            <button type="button" ref={confirmRef} onClick={cancel}>
              {t("logCancel")}
            </button>
          </p>
        </div>
      ) : (
        <p>
          <button type="button" class="danger" ref={openRef} onClick={() => setConfirming(true)}>
            {t("logClearButton")}
          </button>
        </p>
      )}
      {result && (
        <p class="small" role="status">
          {result}
        </p>
      )}
      {error && <ErrorNotice title={t("logClearError")} detail={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
