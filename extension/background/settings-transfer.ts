// Background: the options page's settings export and import. Export writes the stored settings as a versioned
// JSON file; import is all or nothing (core/settings-import: size bound, JSON, schemaVersion, migrations, every
// key checked, `__proto__` an ordinary key that is refused): a bad file changes nothing and the reply says why.
// A valid import replaces the settings, its changed site rules count as decided by "import", and it is logged.
import { parseSettingsImport } from "../core/settings-import";
import { ruleFor, SCHEMA_VERSION, type Settings, type SiteMap } from "../core/settings";
import { SETTINGS_IMPORT_MAX_BYTES, type UiReply } from "../shared/ui-messages";
import type { Audit } from "./audit";
import type { SettingsStore } from "./settings-store";

export function makeSettingsTransferHandlers(deps: { store: SettingsStore; audit: Audit; now: () => Date }) {
  const { store, audit, now } = deps;
  return {
    async "settings/export"(): Promise<UiReply["settings/export"]> {
      const day = now().toISOString().slice(0, 10);
      return { text: JSON.stringify(store.userSettings, null, 2) + "\n", fileName: `seedgate-settings-${day}.json` };
    },
    async "settings/import"({ text }: { text: string }): Promise<UiReply["settings/import"]> {
      // Throws a SettingsError whose message is meant for the user; the settings are not touched.
      const imported = parseSettingsImport(text, SETTINGS_IMPORT_MAX_BYTES);
      const fromVersion = versionIn(text);
      const at = now().toISOString();
      await store.update((current) => stampImported(current, imported, at));
      audit.record({
        site: null,
        frameOrigin: null,
        tab: null,
        type: "settings-import",
        details: { fromVersion, schemaVersion: SCHEMA_VERSION, sites: Object.keys(imported.sites).length, warnings: 0 },
      });
      return { fromVersion, schemaVersion: SCHEMA_VERSION, sites: Object.keys(imported.sites).length };
    },
  };
}

/** Rules the import changed are decided by "import" now; the ones it left as they were keep who decided them. */
function stampImported(current: Settings, imported: Settings, at: string): Settings {
  const sites = Object.create(null) as SiteMap;
  for (const site of Object.keys(imported.sites)) {
    const rule = imported.sites[site]!;
    const was = ruleFor(current, site);
    sites[site] = was && was.mode === rule.mode && was.hideIp === rule.hideIp ? rule : { ...rule, decidedBy: "import", decidedAt: at };
  }
  return { ...imported, sites };
}

/** The file's schemaVersion (parseSettingsImport already checked it is a known one). */
function versionIn(text: string): number {
  const v = (JSON.parse(text) as { schemaVersion?: unknown }).schemaVersion;
  return typeof v === "number" ? v : 0;
}
