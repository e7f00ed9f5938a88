// Options (DOM): the audit log. Filter by site, type and time, search, a virtualized list (pages of entries load
// as you scroll), "who learned my IP address" for a site, the install key that signs exports, export as JSON
// Lines (the signed, verifiable chain) or CSV, a per-site HTML report, and verify an exported file or report here.
// Pages and export chunks come from the background (log/* requests); verifying happens in this page with the
// core's own rules.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { LOG_TYPES, verifyJsonl, verifyReport, type LogEntry, type LogFilter, type LogType } from "../../extension/core/log";
import { ErrorNotice } from "../../ui/notice";
import { errorText } from "../../ui/use-remote";
import { formatTime } from "../../ui/format";
import { summary, TYPE_LABELS } from "../log/describe";
import { downloadText } from "../log/download";
import { exportChunks, queryLog, webDigest } from "../log/log-source";
import { VirtualList } from "../log/virtual-list";
import type { InstallKeyView, Learner } from "../../extension/shared/ui-messages";
import { InstallKeyPanel } from "../log/install-key-panel";
import { ReportPanel } from "../log/report-panel";
import { verdictText, VERIFY_TEXT, type VerdictLevel } from "../log/log-strings";
import { useSend, type Send } from "../../ui/send-context";

const PAGE = 300;
const ROW = 28;

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

export function toFilter(f: Form): LogFilter {
  const out: LogFilter = {};
  if (f.site.trim()) out.site = f.site.trim().toLowerCase();
  if (f.type) out.type = f.type;
  const from = isoOf(f.from);
  const to = isoOf(f.to);
  if (from) out.from = from;
  if (to) out.to = to;
  if (f.text.trim()) out.text = f.text.trim();
  return out;
}

export function LogSection({ headingId }: { headingId: string }) {
  const send = useSend();
  const [form, setForm] = useState<Form>(EMPTY);
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [cursor, setCursor] = useState<number | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<LogEntry | null>(null);
  const generation = useRef(0);
  const busy = useRef(false);

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

  return (
    <>
      <h2 id={headingId}>Log</h2>
      <p class="lead">
        Everything Seedgate saw and did, kept only in this browser: detections, your decisions, each peer connection and
        the address that learned yours, bytes per connection and what was enforced. Each entry is chained to the one
        before it and exports are signed by this install's key, so an exported log shows any change.
      </p>
      <form class="log-filters" role="search" aria-label="Filter the log" onSubmit={(e) => e.preventDefault()}>
        <label>
          Site
          <input type="text" name="site" placeholder="example.com" value={form.site} onInput={(e) => set({ site: e.currentTarget.value })} />
        </label>
        <label>
          Type
          <select name="type" value={form.type} onChange={(e) => set({ type: e.currentTarget.value as Form["type"] })}>
            <option value="">All types</option>
            {LOG_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" name="from" value={form.from} onInput={(e) => set({ from: e.currentTarget.value })} />
        </label>
        <label>
          To
          <input type="datetime-local" name="to" value={form.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        </label>
        <label>
          Search
          <input type="search" name="text" value={form.text} onInput={(e) => set({ text: e.currentTarget.value })} />
        </label>
      </form>
      {error && <ErrorNotice title="Couldn't read the log" detail={error} onRetry={() => void loadMore(true)} />}
      <p class="small" role="status" aria-live="polite">
        {loading ? "Loading entries…" : cursor === null ? `${entries.length.toLocaleString()} entries` : `${entries.length.toLocaleString()} entries loaded; more load as you scroll`}
      </p>
      <VirtualList
        items={entries}
        rowHeight={ROW}
        height={Math.min(420, Math.max(ROW * 3, entries.length * ROW))}
        label="Log entries, newest first"
        total={total}
        keyOf={(e) => e.seq}
        onNearEnd={onNearEnd}
        resetKey={filterKey}
        renderRow={(e) => (
          <button type="button" class="log-row" aria-pressed={selected?.seq === e.seq} onClick={() => setSelected(e)}>
            <span class="log-time">{formatTime(e.time)}</span>
            <span class="log-type">{TYPE_LABELS[e.type]}</span>
            <span class="log-site">{e.site ?? "—"}</span>
            <span class="log-summary">{summary(e)}</span>
          </button>
        )}
      />
      {selected && (
        <div class="log-detail">
          <h3>
            Entry {selected.seq} <button type="button" onClick={() => setSelected(null)}>Close</button>
          </h3>
          <pre>{JSON.stringify(selected, null, 2)}</pre>
        </div>
      )}
      {filter.site && <WhoLearned send={send} site={filter.site} />}
      <ExportAndVerify send={send} />
      <ReportPanel send={send} site={filter.site ?? ""} />
    </>
  );
}

function WhoLearned({ send, site }: { send: Send; site: string }) {
  const [learners, setLearners] = useState<Learner[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    setLearners(null);
    const t = setTimeout(() => {
      send({ type: "log/who-learned", site }).then(
        (l) => alive && setLearners(l),
        (err: unknown) => alive && setError(errorText(err)),
      );
    }, 300);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [send, site]);
  return (
    <div class="who-learned">
      <h3 id="who-learned-heading">Who learned my IP address on {site}</h3>
      {error ? (
        <ErrorNotice title="Couldn't read the connections" detail={error} />
      ) : !learners ? (
        <p class="small">Reading connections…</p>
      ) : learners.length === 0 ? (
        <p class="empty">No peer connection of {site} is in the log.</p>
      ) : (
        <table class="sites" aria-labelledby="who-learned-heading">
          <thead>
            <tr>
              <th scope="col">Remote address</th>
              <th scope="col">Ports</th>
              <th scope="col">Connections</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {learners.map((l) => (
              <tr key={l.address}>
                <th scope="row" class="site-cell">
                  {l.address}
                </th>
                <td>{l.ports.join(", ")}</td>
                <td>{l.connections}</td>
                <td>{formatTime(l.first)}</td>
                <td>{formatTime(l.last)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="small">
        Addresses as the peer announced them; a name ending in .local is a peer on your local network whose browser hid
        its address.
      </p>
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
    setExportState("Exporting…");
    try {
      const parts: string[] = [];
      for await (const chunk of exportChunks(send, format)) parts.push(chunk);
      const stamp = new Date().toISOString().replaceAll(":", "-").slice(0, 19);
      downloadText(parts, `seedgate-log-${stamp}.${format}`, format === "jsonl" ? "application/jsonl" : "text/csv");
      setExportState(`Exported as ${format === "jsonl" ? "JSON Lines" : "CSV"}.`);
    } catch (err) {
      setExportState(null);
      setExportError(errorText(err));
    }
  };

  const verify = async (file: File | undefined) => {
    if (!file) return;
    setVerdict({ level: "ok", text: VERIFY_TEXT.checking(file.name) });
    const current = key?.fingerprint ?? null;
    const previous = key?.previous.map((k) => k.fingerprint) ?? [];
    try {
      if (/\.html?$/i.test(file.name)) {
        const r = await verifyReport(await file.text(), webDigest);
        const exportPart = r.export ? verdictText(file.name, r.export, current, previous) : null;
        if (!r.ok) setVerdict({ level: "broken", text: [exportPart?.level === "broken" ? exportPart.text : null, VERIFY_TEXT.reportBroken(file.name, r.reason)].filter(Boolean).join(" ") });
        else setVerdict({ level: exportPart!.level, text: `${exportPart!.text} ${VERIFY_TEXT.reportOk(file.name, r.params.site)}` });
        return;
      }
      setVerdict(verdictText(file.name, await verifyJsonl(fileLines(file), webDigest), current, previous));
    } catch (err) {
      setVerdict({ level: "broken", text: VERIFY_TEXT.unreadable(file.name, errorText(err)) });
    }
  };

  return (
    <div class="log-export">
      <InstallKeyPanel send={send} onKey={setKey} />
      <h3>Export and verify</h3>
      <p class="small">
        JSON Lines is the signed, verifiable chain (check it here or with <code>npm run verify-log -- FILE</code>, which
        prints the fingerprint of the key that signed it); CSV opens in a spreadsheet. The file is made in this page
        and saved by your browser: nothing is sent anywhere.
      </p>
      <p class="actions">
        <button type="button" onClick={() => void doExport("jsonl")}>
          Export JSON Lines
        </button>{" "}
        <button type="button" onClick={() => void doExport("csv")}>
          Export CSV
        </button>
      </p>
      {exportState && (
        <p class="small" role="status">
          {exportState}
        </p>
      )}
      {exportError && <ErrorNotice title="Couldn't export the log" detail={exportError} onDismiss={() => setExportError(null)} />}
      <ClearLog send={send} />
      <label>
        {VERIFY_TEXT.label}{" "}
        <input type="file" accept=".jsonl,.html,.htm,application/jsonl,text/html,text/plain" onChange={(e) => void verify(e.currentTarget.files?.[0])} />
      </label>
      {verdict && (
        <p class={`verdict ${verdict.level}`} role={verdict.level === "ok" ? "status" : "alert"}>
          {verdict.text}
        </p>
      )}
    </div>
  );
}

function ClearLog({ send }: { send: Send }) {
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const clear = async () => {
    setConfirming(false);
    try {
      const { removed } = await send({ type: "log/clear" });
      setResult(`Removed ${removed.toLocaleString()} entries. One entry records that the log was cleared, so a later export still verifies.`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div class="log-clear">
      {confirming ? (
        <p>
          Delete every entry of the log? Export it first if you want to keep it.{" "}
          <button type="button" onClick={() => void clear()}>
            Delete all entries
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <p>
          <button type="button" onClick={() => setConfirming(true)}>
            Clear the log…
          </button>
        </p>
      )}
      {result && (
        <p class="small" role="status">
          {result}
        </p>
      )}
      {error && <ErrorNotice title="Couldn't clear the log" detail={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
