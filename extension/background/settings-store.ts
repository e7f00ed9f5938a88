// Background: the settings in storage.local (versioned, migrated, validated on every load) and the enterprise
// policy in storage.managed. Subscribers hear every change, whichever context made it.
import { browser } from "../platform/browser";
import { migrateSettings, DEFAULT_SETTINGS, type Settings } from "../core/settings";
import { parseManagedPolicy, type ManagedPolicy } from "../core/managed-policy";
import { applyManaged, userPart } from "../core/managed-settings";

const KEY = "settings";
/** The last enterprise policy read, so a restarted worker applies it at once (see openSettingsStore). */
const MANAGED_CACHE_KEY = "managedPolicyCache";

export interface SettingsStore {
  /** The settings in force: the user's with what the enterprise policy sets laid over them (core/managed-settings). */
  readonly settings: Settings;
  /** The user's own settings, as stored (export, the options page's own values). */
  readonly userSettings: Settings;
  readonly managed: ManagedPolicy | null;
  update(fn: (s: Settings) => Settings): Promise<Settings>;
  onChange(fn: () => void): void;
}

async function readManaged(): Promise<ManagedPolicy | null> {
  try {
    const raw = await browser.storage.managed.get(null);
    if (!raw || Object.keys(raw).length === 0) return null;
    const { policy, errors } = parseManagedPolicy(raw);
    if (errors.length) console.warn("Seedgate: enterprise policy entries ignored:", errors);
    return policy;
  } catch {
    // Firefox without a native managed manifest, or no policy at all.
    return null;
  }
}

export async function openSettingsStore(): Promise<SettingsStore> {
  const listeners: (() => void)[] = [];
  const local = await browser.storage.local.get([KEY, MANAGED_CACHE_KEY]);
  const stored = local[KEY];
  let settings: Settings = DEFAULT_SETTINGS;
  if (stored !== undefined) {
    try {
      const r = migrateSettings(stored);
      settings = r.settings;
      if (r.errors.length) console.warn("Seedgate: settings repaired on load:", r.errors);
    } catch (e) {
      // A future or corrupt version: keep it untouched in storage and run on defaults.
      console.error("Seedgate: stored settings unreadable, using defaults:", e);
    }
  }
  // Reading storage.managed takes seconds when Chromium starts (measured: 4.7 s on a fresh profile), and the
  // first page's policy must not wait for it: start from the cached policy and re-apply when the read lands.
  let managed: ManagedPolicy | null = local[MANAGED_CACHE_KEY] ? parseManagedPolicy(local[MANAGED_CACHE_KEY]).policy : null;
  let effective = applyManaged(settings, managed);
  const notify = () => listeners.forEach((fn) => fn());
  const refreshManaged = () =>
    readManaged().then((m) => {
      if (JSON.stringify(m) === JSON.stringify(managed)) return;
      managed = m;
      effective = applyManaged(settings, managed);
      void browser.storage.local.set({ [MANAGED_CACHE_KEY]: m ? toStorable(m) : null });
      notify();
    });
  void refreshManaged();

  browser.storage.onChanged.addListener((changes, area) => {
    if (area === "managed") void refreshManaged();
  });

  return {
    get settings() {
      return effective;
    },
    get userSettings() {
      return settings;
    },
    get managed() {
      return managed;
    },
    async update(fn) {
      // `fn` sees the settings in force; what the policy sets goes back to the user's own values before storing.
      const next = userPart(fn(effective), settings, managed);
      settings = next;
      effective = applyManaged(settings, managed);
      await browser.storage.local.set({ [KEY]: toStorable(next) });
      notify();
      return effective;
    },
    onChange(fn) {
      listeners.push(fn);
    },
  };
}

/** Null-prototype maps do not survive every storage backend: store plain objects. */
function toStorable(value: Settings | ManagedPolicy): unknown {
  return JSON.parse(JSON.stringify(value));
}
