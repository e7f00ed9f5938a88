// Options (DOM): one line of plain words per audit-log entry, for the Log section's list.
import type { LogEntry, LogType } from "../../extension/core/log";
import { formatBytes } from "../../ui/format";

export const TYPE_LABELS: Record<LogType, string> = {
  detection: "Detection",
  decision: "Decision",
  "connection-opened": "Connection opened",
  "connection-closed": "Connection closed",
  bytes: "Bytes",
  "budget-threshold": "Budget threshold",
  "budget-exhausted": "Budget used up",
  "budget-refill": "Budget refilled",
  "connection-blocked": "Connection blocked",
  "sends-refused": "Uploads refused",
  "signal-ignored": "Signal ignored",
  metered: "Metered connection",
  "settings-import": "Settings imported",
  "log-pruned": "Log pruned",
  "log-signed": "Signed checkpoint",
};

export function summary(e: LogEntry): string {
  switch (e.type) {
    case "detection":
      return `${e.details.evidence}: ${e.details.detail}`;
    case "decision":
      return `${e.details.previous} → ${e.details.mode} by ${e.details.by}${e.details.hideIp ? ", hide my IP" : ""}`;
    case "connection-opened": {
      const r = e.details.remote;
      const peer = r ? `${r.address ?? "(address not revealed)"}${r.port ? `:${r.port}` : ""}${r.candidateType ? ` (${r.candidateType})` : ""}` : "unknown peer";
      return `peer ${peer}; ICE servers: ${e.details.iceServers.length ? e.details.iceServers.join(" ") : "none"}`;
    }
    case "connection-closed":
      return `${e.details.connection} closed (${e.details.reason}) after ${Math.round(e.details.durationMs / 1000)} s`;
    case "bytes":
      return `${e.details.connection}: ↑ ${formatBytes(e.details.up)}, ↓ ${formatBytes(e.details.down)}`;
    case "budget-threshold":
      return `${e.details.budget}: ${Math.round(e.details.threshold * 100)} % (${formatBytes(e.details.usedBytes)} of ${formatBytes(e.details.limitBytes)})`;
    case "budget-exhausted":
      return `${e.details.budget}: used up (${formatBytes(e.details.limitBytes)})`;
    case "budget-refill":
      return `${e.details.budget}: refilled`;
    case "connection-blocked":
      return `blocked (${e.details.reason})`;
    case "sends-refused":
      return `${e.details.count} send${e.details.count === 1 ? "" : "s"} refused on ${e.details.connection} (${e.details.reason})`;
    case "signal-ignored":
      return `${e.details.client ?? "a client"}: ${e.details.violation}`;
    case "metered":
      return `${e.details.metered ? "metered" : "not metered"} (${e.details.source})`;
    case "settings-import":
      return `version ${e.details.fromVersion} → ${e.details.schemaVersion}, ${e.details.sites} site rules`;
    case "log-pruned":
      return `${e.details.removed} entries removed through seq ${e.details.through.seq}`;
    case "log-signed":
      return `${e.details.through ? `entries through seq ${e.details.through.seq}` : "the start of the log"} signed by the install key${e.details.nextKey ? "; the key was rotated: a new key signs from here on" : ""}`;
  }
}
