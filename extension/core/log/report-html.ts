// Pure: the per-site report as one self-contained HTML file (no script, no external resource; the chart is inline
// SVG) that embeds the signed export it was made from, and reading that export back out. The HTML is a pure
// function of the export and the report's parameters (times in UTC, numbers without locale), so
// `npm run verify-log -- report.html` verifies the embedded export, rebuilds the report and compares it byte for
// byte: the report's text and chart cannot be changed without it saying so.
import type { Digest } from "./canonical";
import type { LogEntry } from "./entry";
import { parseHeaderLine } from "./parse";
import { buildReport, type ReportModel, type ReportParams } from "./report";
import { REPORT_TEXT as T } from "./report-text";
import { keyFingerprint } from "./signing";
import { verifyJsonl, type JsonlVerdict } from "./verify-file";

const PARAMS_ID = "seedgate-report-params";
const EXPORT_ID = "seedgate-export";

/** Text into HTML (element content or a double-quoted attribute). */
export const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** The embedded export: only what ends or starts markup is escaped, so the JSON stays readable in the file. */
const escText = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const unescText = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function formatBytesExact(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
/** "2026-12-02 05:42:34 UTC". */
export const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

function table(caption: string, head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`).join("\n");
  return `<table><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function chart(m: ReportModel): string {
  if (m.buckets.length === 0) return `<p class="empty">${esc(T.noTraffic)}</p>`;
  const W = 720;
  const H = 240;
  const left = 70;
  const bottom = 30;
  const top = 20;
  const plotW = W - left - 10;
  const plotH = H - top - bottom;
  const max = Math.max(1, ...m.buckets.map((b) => Math.max(b.up, b.down)));
  const slot = plotW / m.buckets.length;
  const bar = Math.max(1, Math.floor((slot - 2) / 2));
  const y = (v: number) => Math.round((v / max) * plotH);
  const bars = m.buckets
    .map((b, i) => {
      const x = Math.round(left + i * slot);
      const hu = y(b.up);
      const hd = y(b.down);
      const title = `${utc(b.start)}: ${T.up} ${formatBytesExact(b.up)}, ${T.down} ${formatBytesExact(b.down)}`;
      return (
        `<g><title>${esc(title)}</title>` +
        `<rect class="up" x="${x}" y="${top + plotH - hu}" width="${bar}" height="${hu}"/>` +
        `<rect class="down" x="${x + bar}" y="${top + plotH - hd}" width="${bar}" height="${hd}"/></g>`
      );
    })
    .join("\n");
  const desc = T.chartDesc(m.buckets.length, m.bucketMs / 60_000);
  return (
    `<svg id="bytes-chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart-title">${esc(T.chartTitle(m.params.site))}</title><desc id="chart-desc">${esc(desc)}</desc>\n` +
    `<line x1="${left}" y1="${top + plotH}" x2="${W - 10}" y2="${top + plotH}" class="axis"/>` +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" class="axis"/>` +
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${esc(formatBytesExact(max))}</text>` +
    `<text x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>` +
    `<text x="${left}" y="${H - 8}">${esc(utc(m.buckets[0]!.start))}</text>` +
    `<text x="${W - 10}" y="${H - 8}" text-anchor="end">${esc(utc(m.buckets.at(-1)!.start))}</text>\n` +
    `${bars}\n</svg>` +
    `<p class="legend"><span class="key up"></span> ${esc(T.up)} <span class="key down"></span> ${esc(T.down)} · ${esc(T.bucket(m.bucketMs / 60_000))}</p>`
  );
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;word-break:break-word}
.axis{stroke:#555}svg text{font-size:11px;fill:#333}rect.up,.key.up{fill:#c2410c;background:#c2410c}rect.down,.key.down{fill:#2563eb;background:#2563eb}
.key{display:inline-block;width:.8em;height:.8em}.empty{color:#555}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
textarea{width:100%;height:12rem;font:12px monospace}code{word-break:break-all}`;

/** The report's HTML. `header` facts come from the export's first line (its key, head and count). */
export function renderReport(m: ReportModel, exportText: string, signedBy: string | null): string {
  const p = m.params;
  const period = `${p.from ? utc(p.from) : T.start} – ${p.to ? utc(p.to) : T.end}`;
  const summary = [
    [T.site, p.site],
    [T.period, period],
    [T.seen, m.span ? `${utc(m.span.first)} – ${utc(m.span.last)}` : T.nothingSeen],
    [T.totalUp, formatBytesExact(m.totals.up)],
    [T.totalDown, formatBytesExact(m.totals.down)],
    [T.connections, String(m.totals.connections)],
    [T.addresses, String(m.totals.addresses)],
    [T.signedBy, signedBy ?? T.unsigned],
  ];
  const params = JSON.stringify(p).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(T.title(p.site))}</title>
<style>${CSS}</style>
<script type="application/json" id="${PARAMS_ID}">${params}</script>
</head>
<body>
<h1>${esc(T.title(p.site))}</h1>
<p>${esc(T.intro)}</p>
<dl>${summary.map(([k, v]) => `<dt>${esc(k!)}</dt><dd>${esc(v!)}</dd>`).join("")}</dl>
<h2>${esc(T.bytesHeading)}</h2>
${chart(m)}
<details><summary>${esc(T.chartData)}</summary>
${table(T.chartData, [T.bucketStart, T.up, T.down], m.buckets.map((b) => [utc(b.start), formatBytesExact(b.up), formatBytesExact(b.down)]), T.noTraffic)}
</details>
<h2>${esc(T.learnersHeading)}</h2>
${table(T.learnersHeading, [T.address, T.ports, T.connections, T.first, T.last], m.learners.map((l) => [l.address, l.ports.join(", "), String(l.connections), utc(l.first), utc(l.last)]), T.noLearners)}
<h2>${esc(T.peersHeading)}</h2>
${table(T.peersHeading, [T.connection, T.opened, T.remote, T.closed, T.up, T.down], m.connections.map((c) => [c.connection, c.opened ? utc(c.opened) : "—", c.remote ? `${c.remote}${c.candidateType ? ` (${c.candidateType})` : ""}` : "—", c.closed ? `${utc(c.closed)} (${c.closeReason})` : "—", formatBytesExact(c.up), formatBytesExact(c.down)]), T.noPeers)}
${m.connectionsLeft ? `<p>${esc(T.more(m.connectionsLeft))}</p>` : ""}
<h2>${esc(T.detectionsHeading)}</h2>
${table(T.detectionsHeading, [T.evidence, T.detail, T.count, T.first, T.last], m.detections.map((d) => [d.evidence, d.detail, String(d.count), utc(d.first), utc(d.last)]), T.noDetections)}
<h2>${esc(T.decisionsHeading)}</h2>
${table(T.decisionsHeading, [T.time, T.change, T.by], m.decisions.map((d) => [utc(d.time), `${d.previous} → ${d.mode}${d.hideIp ? `, ${T.hideIp}` : ""}${d.global ? ` (${T.everySite})` : ""}`, d.by]), T.noDecisions)}
<h2>${esc(T.enforcementHeading)}</h2>
${table(T.refusedCaption, [T.reason, T.sends, T.bytes, T.rollups], m.refused.map((r) => [r.reason, String(r.sends), r.bytes === null ? T.notCounted : formatBytesExact(r.bytes), String(r.rollups)]), T.noRefused)}
${table(T.blockedCaption, [T.reason, T.count, T.first, T.last], m.blocked.map((b) => [b.reason, String(b.count), utc(b.first), utc(b.last)]), T.noBlocked)}
${table(T.ignoredCaption, [T.client, T.violation, T.count, T.first, T.last], m.ignored.map((i) => [i.client, i.violation, String(i.count), utc(i.first), utc(i.last)]), T.noIgnored)}
${table(T.budgetsCaption, [T.time, T.event, T.budget, T.used, T.limit], m.budgets.map((b) => [utc(b.time), b.event, b.budget, b.usedBytes === null ? "—" : formatBytesExact(b.usedBytes), b.limitBytes === null ? "—" : formatBytesExact(b.limitBytes)]), T.noBudgets)}
<h2>${esc(T.exportHeading)}</h2>
<p>${esc(T.exportIntro)}</p>
<details><summary>${esc(T.exportSummary)}</summary>
<textarea id="${EXPORT_ID}" readonly aria-label="${esc(T.exportSummary)}">${escText(exportText)}</textarea>
</details>
</body>
</html>
`;
}

/** The report's parameters and embedded export, or why they cannot be read. */
export function readReport(html: string): { ok: true; params: ReportParams; exportText: string } | { ok: false; reason: string } {
  const pm = new RegExp(`<script type="application/json" id="${PARAMS_ID}">([^<]*)</script>`).exec(html);
  const open = `<textarea id="${EXPORT_ID}" readonly aria-label="${esc(T.exportSummary)}">`;
  const at = html.indexOf(open);
  const endAt = html.indexOf("</textarea>", at);
  if (!pm || at < 0 || endAt < 0) return { ok: false, reason: "not a Seedgate report (its parameters or embedded export are missing)" };
  let params: unknown;
  try {
    params = JSON.parse(pm[1]!);
  } catch {
    return { ok: false, reason: "the report's parameters are not JSON" };
  }
  const r = params as Record<string, unknown>;
  const time = (v: unknown) => v === null || (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v));
  if (typeof r !== "object" || r === null || typeof r.site !== "string" || !time(r.from) || !time(r.to) || Object.keys(r).length !== 3) {
    return { ok: false, reason: "the report's parameters are malformed" };
  }
  return { ok: true, params: { site: r.site, from: r.from as string | null, to: r.to as string | null }, exportText: unescText(html.slice(at + open.length, endAt)) };
}

/** The fingerprint line a report shows for its export's header ("…, head seq N"), or null for an unsigned export. */
async function signedByText(exportText: string, digest: Digest): Promise<string | null> {
  const first = exportText.slice(0, exportText.indexOf("\n"));
  const h = JSON.parse(first) as { version: number; key?: { publicKey: string } };
  return h.version === 2 && h.key ? T.keyLine(await keyFingerprint(h.key.publicKey, digest)) : null;
}

/** The report for `params` from an export's text (the options page makes it; verify-log remakes it). */
export async function makeReport(exportText: string, params: ReportParams, digest: Digest): Promise<string> {
  // Read, not verified (verifyReport verifies the export before it rebuilds a report; the options page makes one
  // from the background's own export): each entry line parsed once.
  const lines = exportText.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const header = parseHeaderLine(lines[0] ?? "");
  if (!header.ok) throw new Error(`the export's header is broken: ${header.reason}`);
  const entries: LogEntry[] = new Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) entries[i - 1] = JSON.parse(lines[i]!) as LogEntry;
  return renderReport(buildReport(entries, params), exportText, await signedByText(exportText, digest));
}

export type ReportVerdict = { ok: true; params: ReportParams; export: Extract<JsonlVerdict, { ok: true }> } | { ok: false; reason: string; export: JsonlVerdict | null; line?: number };

/** Verifies a report: its embedded export (as verifyJsonl does), then that the report is exactly what that export yields. */
export async function verifyReport(html: string, digest: Digest, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<ReportVerdict> {
  const r = readReport(html);
  if (!r.ok) return { ok: false, reason: r.reason, export: null };
  const v = await verifyJsonl(r.exportText.split("\n"), digest, subtle);
  if (!v.ok) return { ok: false, reason: "its embedded export is broken", export: v };
  const again = await makeReport(r.exportText, r.params, digest);
  if (again !== html) {
    const a = html.split("\n");
    const b = again.split("\n");
    let line = 0;
    while (line < a.length && a[line] === b[line]) line++;
    return { ok: false, reason: `the report's content is not what its embedded export yields (first difference at line ${line + 1} of the HTML)`, export: v, line: line + 1 };
  }
  return { ok: true, params: r.params, export: v };
}
