// Options (DOM): export the settings to a file and import them from one. The import is all or nothing: the
// background checks the whole file (size, JSON, version, every key) and a file it refuses changes nothing; the
// message says why. A file too large to be settings is refused here before it is even read.
import { useState } from "preact/hooks";
import { SETTINGS_IMPORT_MAX_BYTES } from "../../extension/shared/ui-messages";
import { ErrorNotice } from "../../ui/notice";
import { useSend } from "../../ui/send-context";
import { errorText } from "../../ui/use-remote";
import { downloadText } from "../log/download";

export function SettingsTransferSection({ headingId }: { headingId: string }) {
  const send = useSend();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);

  const exportSettings = async () => {
    setError(null);
    try {
      const { text, fileName } = await send({ type: "settings/export" });
      downloadText([text], fileName, "application/json");
      setDone(`Saved ${fileName}.`);
    } catch (err) {
      setError({ title: "Couldn't export your settings", detail: errorText(err) });
    }
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setDone(null);
    setError(null);
    if (file.size > SETTINGS_IMPORT_MAX_BYTES) {
      setError({
        title: "Nothing was imported",
        detail: `${file.name} is ${file.size.toLocaleString("en")} bytes, larger than ${SETTINGS_IMPORT_MAX_BYTES.toLocaleString("en")} bytes: too large to be Seedgate settings. Your settings are unchanged.`,
      });
      return;
    }
    try {
      const r = await send({ type: "settings/import", text: await file.text() });
      const upgraded = r.fromVersion === r.schemaVersion ? "" : ` (upgraded from settings version ${r.fromVersion})`;
      setDone(`Imported ${file.name}${upgraded}: ${r.sites} site rule${r.sites === 1 ? "" : "s"}. The import is in the log.`);
    } catch (err) {
      setError({ title: "Nothing was imported", detail: `${errorText(err)} Your settings are unchanged.` });
    }
  };

  return (
    <>
      <h2 id={headingId}>Import and export</h2>
      <p class="lead">
        Move your decisions, budgets and defaults to another browser. The file is versioned JSON: files from older
        versions of Seedgate are upgraded when imported.
      </p>
      <h3>Export</h3>
      <p>
        <button type="button" onClick={() => void exportSettings()}>
          Export settings
        </button>
      </p>
      <h3>Import</h3>
      <p class="small">Importing replaces all your settings with the file's. A file with any problem is refused whole.</p>
      <label>
        Settings file (.json){" "}
        <input type="file" accept=".json,application/json" onChange={(e) => void importFile(e.currentTarget)} />
      </label>
      {done && (
        <p class="verdict ok" role="status">
          {done}
        </p>
      )}
      {error && <ErrorNotice title={error.title} detail={error.detail} onDismiss={() => setError(null)} />}
    </>
  );
}
