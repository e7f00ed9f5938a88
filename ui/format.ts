// Popup and options (DOM): numbers and dates through Intl in the UI language (ui/i18n.ts uiLanguage()).
import { uiLanguage } from "./i18n";

const UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/** `bytes` (≥ 1024) scaled to the largest binary unit that keeps it ≥ 1: { value: 1.5, unit: "MiB" }. */
export function binaryUnit(bytes: number): { value: number; unit: (typeof UNITS)[number] | "B" } {
  let value = bytes;
  let unit: (typeof UNITS)[number] | "B" = "B";
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return { value, unit };
}

/** Bytes in binary units, as the budgets are defined (DESIGN.md: "64 KiB"): "0 B", "980 B", "1.5 MiB" (de: "1,5 MiB"). */
export function formatBytes(bytes: number): string {
  const lang = uiLanguage();
  if (!Number.isFinite(bytes) || bytes < 1024) return `${new Intl.NumberFormat(lang).format(Math.max(0, Math.round(bytes || 0)))} B`;
  const { value, unit } = binaryUnit(bytes);
  const digits = value < 10 ? 1 : 0;
  const text = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  return `${text} ${unit}`;
}

/** A local date and time with seconds, or the input unchanged when it is not a date. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: "medium", timeStyle: "medium" }).format(date);
}

/** A time of day (with seconds) when `iso` is today, else a short date and time: "14:05:09", "2 Dec, 14:05". */
export function formatWhen(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(
    uiLanguage(),
    sameDay ? { timeStyle: "medium" } : { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  ).format(date);
}
