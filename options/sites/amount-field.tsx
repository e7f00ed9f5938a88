// Options (DOM): one budget or rate field. Typed amounts are read by core/allowance/budget-input: bad input is refused here
// with a message next to the field (announced, and the field marked invalid) and never sent.
import { useId, useState } from "preact/hooks";
import { t } from "../../ui/i18n";
import { errorText } from "../../ui/use-remote";
import { amountText } from "../format";
import { readAmount } from "./amount";

interface Props {
  label: string;
  help?: string;
  value: number | null;
  onSave: (bytes: number | null) => Promise<unknown>;
  /** Empty means "no limit"; when false an amount is required (0 for none). */
  allowEmpty?: boolean;
}

export function AmountField({ label, help, value, onSave, allowEmpty = true }: Props) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const shown = text ?? (value === null ? "" : amountText(value));
  const commit = () => {
    if (text === null) return;
    const r = readAmount(text);
    if (!r.ok) return setError(r.message);
    if (r.bytes === null && !allowEmpty) return setError(t("optAmountRequired"));
    setError(null);
    void onSave(r.bytes).then(
      () => {
        setText(null);
        setSaved(true);
      },
      (e: unknown) => setError(errorText(e)),
    );
  };
  const describedBy = [help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        inputMode="text"
        autoComplete="off"
        placeholder={allowEmpty ? t("optNoLimit") : undefined}
        value={shown}
        aria-invalid={error ? "true" : "false"}
        aria-describedby={describedBy}
        onInput={(e) => {
          setSaved(false);
          setText(e.currentTarget.value);
        }}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      {help && (
        <span class="field-help" id={`${id}-help`}>
          {help}
          {saved ? ` ${t("optSaved")}` : ""}
        </span>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
