// Options (DOM): "Add a site": the address as typed (a URL, a host or a domain) becomes the site it belongs to
// (sites/site-input: the registrable domain); text that is not a site is refused with the reason, and nothing is sent.
import { useId, useState } from "preact/hooks";
import type { Mode } from "../../extension/shared/status";
import { t } from "../../ui/i18n";
import { errorText } from "../../ui/use-remote";
import { MODES, modeName } from "../mode-names";
import { hrefOf } from "../route";
import { parseSiteInput, type SiteInputError } from "./site-input";
import { displayDomain } from "../../ui/unicode-domain";

function errorMessage(e: SiteInputError, text: string): string {
  switch (e) {
    case "empty":
      return t("optAddErrorEmpty");
    case "not-address":
      return t("optAddErrorNotAddress", { text: text.trim().slice(0, 60) });
    case "public-suffix":
      return t("optAddErrorPublicSuffix", { text: text.trim().slice(0, 60) });
    case "single-label":
      return t("optAddErrorSingleLabel", { text: text.trim().slice(0, 60) });
  }
}

export function AddSite({ known, onAdded }: { known: (site: string) => boolean; onAdded: (site: string, mode: Mode) => Promise<void> }) {
  const id = useId();
  const [text, setText] = useState("");
  const [mode, setMode] = useState<Mode>("download-only");
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const submit = async () => {
    setAdded(null);
    const r = parseSiteInput(text);
    if (!r.ok) return setError(errorMessage(r.error, text));
    if (known(r.site)) return setError(t("optAddErrorKnown", { site: displayDomain(r.site) }));
    setError(null);
    try {
      await onAdded(r.site, mode);
      setAdded(r.site);
      setText("");
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <form class="add-site" aria-labelledby={`${id}-h`} onSubmit={(e) => (e.preventDefault(), void submit())}>
      <h2 id={`${id}-h`}>{t("optAddTitle")}</h2>
      <div class="add-fields">
        <div class="field grow">
          <label for={`${id}-addr`}>{t("optAddAddress")}</label>
          <input
            id={`${id}-addr`}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            placeholder={t("optAddPlaceholder")}
            value={text}
            aria-invalid={error ? "true" : "false"}
            aria-describedby={error ? `${id}-err` : `${id}-help`}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${id}-mode`}>{t("optAddMode")}</label>
          <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {modeName(m)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("optAddButton")}</button>
      </div>
      {error ? (
        <p class="field-error" id={`${id}-err`} role="alert">
          {error}
        </p>
      ) : (
        <p class="field-help" id={`${id}-help`}>
          {t("optAddHelp")}
        </p>
      )}
      {added && (
        <p class="verdict ok" role="status">
          {t("optAdded", { site: displayDomain(added) })} <a href={hrefOf("sites", added)}>{t("optAddedOpen", { site: displayDomain(added) })}</a>
        </p>
      )}
    </form>
  );
}
