// Background: the real audit log behind the Audit seam. Opens the IndexedDB log store; events handed in before it
// is open wait for it (their time is taken when they were handed in). Also: decision entries for every change of
// the settings and of the enterprise policy, and retention on an alarm.
import { browser } from "../../platform/browser";
import type { LogInput } from "../../core/log";
import { policyDecisions, settingsDecisions } from "../../core/log/decisions";
import type { Audit } from "../audit";
import type { SettingsStore } from "../settings-store";
import { openIdbLogBackend } from "./idb-log-backend";
import { openLogStore, type LogStore } from "./log-store";

export const RETENTION_ALARM = "seedgate/log-retention";
/** How often retention runs (minutes). Pruning is cheap when nothing is due: one read of the oldest entries. */
const RETENTION_PERIOD_MIN = 60;

export const webDigest = async (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest("SHA-256", bytes);

export interface AuditLog extends Audit {
  readonly store: Promise<LogStore>;
}

export function openAuditLog(open: () => Promise<LogStore> = async () => openLogStore(await openIdbLogBackend(), { digest: webDigest })): AuditLog {
  const store = open();
  store.catch((err: unknown) => console.error("Seedgate: the audit log could not be opened:", err));
  return {
    store,
    record(input: LogInput) {
      const stamped = { ...input, time: input.time ?? new Date().toISOString() } as LogInput;
      store.then((log) => log.append(stamped)).catch((err: unknown) => console.warn("Seedgate: an event could not be logged:", err));
    },
  };
}

/** Logs who changed which decision: the settings store tells every change, whichever context made it. */
export function logDecisions(settings: SettingsStore, audit: Audit, removedBy: () => "popup" | "options" | "import" | "policy" = () => "options"): void {
  // The user's own settings: what the policy lays over them is logged as policy decisions below.
  let lastSettings = settings.userSettings;
  let lastManaged = settings.managed;
  settings.onChange(() => {
    const now = settings.userSettings;
    const managed = settings.managed;
    const entries = [...(now !== lastSettings ? settingsDecisions(lastSettings, now, removedBy()) : []), ...(managed !== lastManaged ? policyDecisions(lastManaged, managed) : [])];
    lastSettings = now;
    lastManaged = managed;
    for (const e of entries) audit.record(e);
  });
}

/** Retention by age and size (the user's settings, defaults 90 days / 100,000 entries), hourly and at start. */
export function scheduleRetention(log: AuditLog, settings: SettingsStore): () => Promise<void> {
  const run = async () => {
    try {
      const store = await log.store;
      const plan = await store.prune(new Date(), settings.settings.log);
      if (plan) console.info(`Seedgate: audit log retention removed ${plan.removed} entries through seq ${plan.through.seq}`);
    } catch (err) {
      console.warn("Seedgate: audit log retention failed:", err);
    }
  };
  void browser.alarms.get(RETENTION_ALARM).then((a) => {
    if (!a) void browser.alarms.create(RETENTION_ALARM, { periodInMinutes: RETENTION_PERIOD_MIN, delayInMinutes: 1 });
  });
  return run;
}
