// Options (DOM): a typed amount (budget or rate) read by core/allowance/budget-input, with its refusal in the UI language.
// A decimal comma ("1,5 GiB") is read as a point, as German speakers type it.
import { parseBudgetInput } from "../../extension/core/allowance/budget-input";
import { t } from "../../ui/i18n";

export type AmountResult = { ok: true; bytes: number | null } | { ok: false; message: string };

export function readAmount(text: string): AmountResult {
  const typed = text.trim().replace(/^(\d*),(\d+)/, "$1.$2");
  const r = parseBudgetInput(typed);
  if (r.ok) return r;
  if (/^-/.test(typed)) return { ok: false, message: t("optAmountNegative") };
  const unit = /^[+]?(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)$/i.exec(typed);
  if (unit && /unit/i.test(r.error)) return { ok: false, message: t("optAmountUnknownUnit", { unit: unit[2]! }) };
  if (/PiB/.test(r.error)) return { ok: false, message: t("optAmountTooLarge") };
  return { ok: false, message: t("optAmountNotAmount", { text: typed.slice(0, 40) }) };
}
