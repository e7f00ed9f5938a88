// Pure: all-or-nothing import of a settings file the user chose (the options page's "Import settings").
import { utf8Length } from "./byte-size";
import { kindOf } from "./plain-data";
import { migrateSettings, SettingsError, type Settings } from "./settings";

/**
 * Parses the text of a settings file the user chose to import. All or nothing: any problem throws a
 * SettingsError whose message says what is wrong; nothing is returned half-applied.
 */
export function parseSettingsImport(text: string, maxBytes = 1_000_000): Settings {
  if (text.length > maxBytes || utf8Length(text) > maxBytes) {
    throw new SettingsError("too-large", `The file is larger than ${maxBytes.toLocaleString("en")} bytes, too large to be Seedgate settings.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new SettingsError("syntax", `The file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SettingsError("not-object", `The file does not contain Seedgate settings: expected a JSON object, found ${kindOf(parsed)}.`);
  }
  if (!Object.hasOwn(parsed, "schemaVersion")) {
    throw new SettingsError("invalid", "The file has no schemaVersion, so it is not a Seedgate settings export.");
  }
  const { settings, errors } = migrateSettings(parsed);
  if (errors.length > 0) {
    const n = errors.length;
    const shown = errors.slice(0, 10).map((e) => `\n- ${e}`).join("") + (n > 10 ? `\n- ...and ${n - 10} more` : "");
    throw new SettingsError("invalid", `The file has ${n} problem${n === 1 ? "" : "s"}; nothing was imported:${shown}`, errors);
  }
  return settings;
}
