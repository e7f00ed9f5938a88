// Background: the real audit log behind the Audit seam. Opens the IndexedDB log store; events handed in before it
// is open wait for it (their time is taken when they were handed in). Also: decision entries for every change of
// the settings and of the enterprise policy, and retention on an alarm.
import { browser } from "../../platform/browser";
import type { LogInput } from "../../core/log";
import { policyDecisions, settingsDecisions } from "../../core/log/decisions";
import { webCryptoSha256 } from "../../core/log/canonical";
import type { Audit } from "../audit";
import type { SettingsStore } from "../settings-store";
import { openIdbLogBackend } from "./idb-log-backend";
import { openInstallKeyStore, type InstallKeyStore } from "./install-key-store";
import { openLogStore, type LogStore } from "./log-store";

export const RETENTION_ALARM = "seedgate/log-retention";
/** How often retention runs (minutes). Pruning is cheap when nothing is due: one read of the oldest entries. */
const RETENTION_PERIOD_MIN = 60;

/** The hourly checkpoint is skipped when one is younger than this (the alarm may fire a little early). */
const CHECKPOINT_MIN_AGE_MS = 50 * 60_000;

export interface AuditLog extends Audit {
  readonly store: Promise<LogStore>;
  /** The install key that signs exports and checkpoints (created on first run). */
  readonly keys: Promise<InstallKeyStore>;
}

export function openAuditLog(
  openKeys: () => Promise<InstallKeyStore> = () => openInstallKeyStore(),
  open: (keys: InstallKeyStore | undefined) => Promise<LogStore> = async (keys) => openLogStore(await openIdbLogBackend(), { digest: webCryptoSha256, keys }),
): AuditLog {
  const keys = openKeys().then(async (k) => {
    await k.current(); // first run: the key pair is made now, not at the first export
    return k;
  });
  // Without a usable key the log still records, and exports are unsigned (verified as "chain only"); the Log
  // section shows why the key is missing.
  const store = keys.then(open, (err: unknown) => {
    console.error("Seedgate: the install key is unavailable; exports will be unsigned:", err);
    return open(undefined);
  });
  store.catch((err: unknown) => console.error("Seedgate: the audit log could not be opened:", err));
  return {
    store,
    keys,
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

/**
 * Retention by age and size (the user's settings, defaults 90 days / 100,000 entries), hourly and at start; then a
 * signed checkpoint when entries came since the last one (so at least hourly while the log grows).
 */
export function scheduleRetention(log: AuditLog, settings: SettingsStore): () => Promise<void> {
  const run = async () => {
    try {
      const store = await log.store;
      const plan = await store.prune(new Date(), settings.settings.log);
      if (plan) console.info(`Seedgate: audit log retention removed ${plan.removed} entries through seq ${plan.through.seq}`);
    } catch (err) {
      console.warn("Seedgate: audit log retention failed:", err);
    }
    try {
      // Not at every service-worker start (MV3 stops an idle worker within a minute): when the last one is old.
      await (await log.store).signCheckpoint({ ifOlderThanMs: CHECKPOINT_MIN_AGE_MS });
    } catch (err) {
      console.warn("Seedgate: the hourly signed checkpoint failed:", err);
    }
  };
  void browser.alarms.get(RETENTION_ALARM).then((a) => {
    if (!a) void browser.alarms.create(RETENTION_ALARM, { periodInMinutes: RETENTION_PERIOD_MIN, delayInMinutes: 1 });
  });
  return run;
}
