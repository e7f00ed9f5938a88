// Options (DOM): numbers, sizes and times in the UI language (Intl), with seconds where the log needs them.
import { binaryUnit } from "../ui/format";
import { uiLanguage } from "../ui/i18n";

/** An amount for an input field: "500 MiB", "1.5 GiB" — what core/allowance/budget-input reads back (always "." decimals). */
export function amountText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const { value, unit } = binaryUnit(bytes);
  return `${Number(value.toFixed(2))} ${unit}`;
}

function date(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date and time to the minute, or the input when it is not a date. */
export function formatDateTime(iso: string): string {
  const d = date(iso);
  return d ? d.toLocaleString(uiLanguage(), { dateStyle: "medium", timeStyle: "short" }) : iso;
}

/** Date and time to the second (the log). */
export function formatLogTime(iso: string): string {
  const d = date(iso);
  return d ? d.toLocaleString(uiLanguage(), { dateStyle: "medium", timeStyle: "medium" }) : iso;
}

/** A day `YYYY-MM-DD` as "2 Mar" / "2. März". */
export function formatDay(day: string): string {
  const d = date(`${day}T12:00:00`);
  return d ? d.toLocaleDateString(uiLanguage(), { day: "numeric", month: "short" }) : day;
}
