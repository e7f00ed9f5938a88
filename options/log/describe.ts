// Options (DOM): an audit-log entry in words: its type's name, one plain sentence for the list, and its fields
// labelled for the detail view. Sites show in Unicode; the stored (punycode) value stays in the raw entry.
import { formatBytes } from "../../ui/format";
import type { LoggedBudget as BudgetKind, LogEntry, LogType } from "../../extension/core/log";
import type { DecidedBy } from "../../extension/core/settings";
import { formatNumber, t, tn, type MessageKey } from "../../ui/i18n";
import {formatLogTime } from "../format";
import { modeName } from "../mode-names";
import { displayDomain } from "../../ui/unicode-domain";

const TYPE_KEYS: Record<LogType, MessageKey> = {
  detection: "logTypeDetection",
  decision: "logTypeDecision",
  "connection-opened": "logTypeConnectionOpened",
  "connection-closed": "logTypeConnectionClosed",
  bytes: "logTypeBytes",
  "budget-threshold": "logTypeBudgetThreshold",
  "budget-exhausted": "logTypeBudgetExhausted",
  "budget-refill": "logTypeBudgetRefill",
  "connection-blocked": "logTypeConnectionBlocked",
  "sends-refused": "logTypeSendsRefused",
  "signal-ignored": "logTypeSignalIgnored",
  metered: "logTypeMetered",
  "settings-import": "logTypeSettingsImport",
  "log-pruned": "logTypeLogPruned",
  "log-signed": "logTypeLogSigned",
};

export const typeLabel = (type: LogType): string => t(TYPE_KEYS[type]);

const BUDGET_KEYS: Record<BudgetKind, MessageKey> = {
  "site-daily": "logBudgetSiteDaily",
  "site-monthly": "logBudgetSiteMonthly",
  "global-monthly": "logBudgetGlobalMonthly",
  metered: "logBudgetMetered",
  "download-only": "logBudgetDownloadOnly",
};
const budgetName = (b: BudgetKind): string => t(BUDGET_KEYS[b]);

const BY_KEYS: Record<DecidedBy, MessageKey> = { popup: "logByPopup", options: "logByOptions", import: "logByImport", policy: "logByPolicy" };

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return tn("logSeconds", s);
  const m = Math.round(s / 60);
  if (m < 120) return tn("logMinutes", m);
  return tn("logHours", Math.round(m / 60));
}

function peerOf(r: Extract<LogEntry, { type: "connection-opened" }>["details"]["remote"]): string {
  if (!r) return t("logPeerUnknown");
  if (r.address === null) return t("logPeerHidden");
  const at = r.address.includes(":") && !r.address.startsWith("[") ? `[${r.address}]` : r.address;
  return r.port ? `${at}:${r.port}` : at;
}

/**
 * The share of the budget left at a threshold entry, 0..1. The background writes the percentage left (50, 25, 10:
 * background/allowance/budget-watch.ts); a value of 1 or less is read as the share itself (older sample data).
 */
export function shareLeft(threshold: number): number {
  return threshold > 1 ? threshold / 100 : threshold;
}

/** One plain sentence for the list. */
export function summary(e: LogEntry): string {
  switch (e.type) {
    case "detection": {
      const key: Record<typeof e.details.evidence, MessageKey> = { declared: "logDetectedDeclared", signature: "logDetectedSignature", behaviour: "logDetectedBehaviour" };
      return t(key[e.details.evidence], { detail: e.details.detail });
    }
    case "decision": {
      const text = t("logDecision", { mode: modeName(e.details.mode), previous: modeName(e.details.previous), by: t(BY_KEYS[e.details.by]) });
      return e.details.hideIp ? `${text} ${t("logDecisionHideIp")}` : text;
    }
    case "connection-opened":
      return e.details.remote?.address === null || !e.details.remote ? t("logConnectedHidden", { peer: peerOf(e.details.remote) }) : t("logConnected", { peer: peerOf(e.details.remote) });
    case "connection-closed": {
      const key: Record<typeof e.details.reason, MessageKey> = { page: "logClosedPage", failed: "logClosedFailed", unloaded: "logClosedUnloaded", enforced: "logClosedEnforced" };
      return t(key[e.details.reason], { duration: duration(e.details.durationMs) });
    }
    case "bytes":
      return t("logBytes", { up: formatBytes(e.details.up), down: formatBytes(e.details.down) });
    case "budget-threshold":
      return t("logThreshold", { budget: budgetName(e.details.budget), percent: formatNumber(shareLeft(e.details.threshold), { style: "percent" }), used: formatBytes(e.details.usedBytes), limit: formatBytes(e.details.limitBytes) });
    case "budget-exhausted":
      return t("logExhausted", { budget: budgetName(e.details.budget), limit: formatBytes(e.details.limitBytes) });
    case "budget-refill":
      return t("logRefill", { budget: budgetName(e.details.budget) });
    case "connection-blocked": {
      const key: Record<typeof e.details.reason, MessageKey> = { user: "logBlockedUser", default: "logBlockedDefault", policy: "logBlockedPolicy", private: "logBlockedPrivate" };
      return t(key[e.details.reason]);
    }
    case "sends-refused": {
      const key: Record<typeof e.details.reason, MessageKey> = { "download-only": "logRefusedDownloadOnly", budget: "logRefusedBudget", metered: "logRefusedMetered", block: "logRefusedBlock" };
      return tn("logRefused", e.details.count, { why: t(key[e.details.reason]) });
    }
    case "signal-ignored":
      return t("logSignalIgnored", { client: e.details.client ?? t("logSomeClient"), violation: e.details.violation });
    case "metered":
      return e.details.metered ? t(e.details.source === "manual" ? "logMeteredOnManual" : "logMeteredOnNetwork") : t("logMeteredOff");
    case "settings-import":
      return t("logImported", { rules: tn("logImportRules", e.details.sites) });
    case "log-pruned":
      return e.details.retentionDays === 0
        ? tn("logCleared", e.details.removed)
        : tn("logPruned", e.details.removed, { days: formatNumber(e.details.retentionDays), max: formatNumber(e.details.maxEntries) });
    case "log-signed": {
      const text = e.details.through ? t("logSignedThrough", { seq: formatNumber(e.details.through.seq) }) : t("logSignedStart");
      return e.details.nextKey ? `${text} ${t("logSignedRotated")}` : text;
    }
  }
}

/** The entry's fields as label and value, for the detail view. */
export function fields(e: LogEntry): [string, string][] {
  const out: [string, string][] = [
    [t("logFieldNumber"), formatNumber(e.seq)],
    [t("logFieldTime"), formatLogTime(e.time)],
    [t("logFieldType"), typeLabel(e.type)],
    [t("logFieldWhat"), summary(e)],
  ];
  if (e.site) out.push([t("logFieldSite"), displayDomain(e.site)]);
  if (e.frameOrigin) out.push([t("logFieldFrame"), e.frameOrigin]);
  if (e.tab !== null) out.push([t("logFieldTab"), String(e.tab)]);
  const d = e.details as Record<string, unknown>;
  if (typeof d.connection === "string") out.push([t("logFieldConnection"), d.connection]);
  if (e.type === "connection-opened") {
    out.push([t("logFieldPeer"), peerOf(e.details.remote)]);
    if (e.details.remote?.candidateType) out.push([t("logFieldRoute"), e.details.remote.candidateType]);
    out.push([t("logFieldServers"), e.details.iceServers.length ? e.details.iceServers.join(", ") : t("logNone")]);
  }
  if (e.type === "bytes") out.push([t("logFieldPeriod"), `${formatLogTime(e.details.from)} – ${formatLogTime(e.details.to)}`]);
  if ("resetsAt" in d && typeof d.resetsAt === "string") out.push([t("logFieldRefills"), formatLogTime(d.resetsAt)]);
  return out;
}
