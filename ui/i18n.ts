// Popup and options (DOM): every user-facing string goes through t(), which reads the browser's i18n catalogue
// (_locales/<lang>/messages.json, built from locales/<lang>/*.json by scripts/locales.mjs). Messages take named
// parameters, "Allowed until {time}"; the build turns them into positional substitutions in alphabetical order
// of their names, which is the order t() passes them. Numbers and dates use Intl in the same UI language.
import type Common from "../locales/en/common.json";
import type FirstRun from "../locales/en/first-run.json";
import type Log from "../locales/en/log.json";
import type Options from "../locales/en/options.json";
import type Popup from "../locales/en/popup.json";

export type MessageKey = keyof typeof Common | keyof typeof FirstRun | keyof typeof Log | keyof typeof Options | keyof typeof Popup;
/** Keys of a plural family: `name_one`, `name_other` (and `_zero`, `_two`, `_few`, `_many` where a language has them). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;
export type Params = Readonly<Record<string, string | number>>;

interface I18nApi {
  getMessage(name: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

function api(): I18nApi {
  const g = globalThis as { chrome?: { i18n?: I18nApi }; browser?: { i18n?: I18nApi } };
  const i18n = g.browser?.i18n ?? g.chrome?.i18n;
  if (!i18n) throw new Error("No i18n API: t() runs only in an extension page (or under the jest i18n setup).");
  return i18n;
}

/** The language the UI speaks (the browser's UI language), for Intl. */
export function uiLanguage(): string {
  return api().getUILanguage();
}

/** The message `key` in the UI language, with `{name}` parameters filled in. A missing key shows as ⟦key⟧. */
export function t(key: MessageKey, params: Params = {}): string {
  const subs = Object.keys(params)
    .sort()
    .map((name) => String(params[name]));
  const text = api().getMessage(key, subs);
  if (text) return text;
  console.error(`Seedgate: no message "${key}"`);
  return `⟦${key}⟧`;
}

/** The plural form of `base` for `count` in the UI language; `count` is also the parameter {count}, formatted. */
export function tn(base: PluralKey, count: number, params: Params = {}): string {
  const form = new Intl.PluralRules(uiLanguage()).select(count);
  const all = { ...params, count: formatNumber(count) };
  const key = `${base}_${form}` as MessageKey;
  const text = api().getMessage(key, Object.keys(all).sort().map((n) => String(all[n as keyof typeof all])));
  return text || t(`${base}_other` as MessageKey, all);
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(uiLanguage(), options).format(n);
}
