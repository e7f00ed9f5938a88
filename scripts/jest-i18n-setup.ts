// Jest (unit project): a stand-in for the browser's i18n API over the English catalogue, with the browsers'
// placeholder rules ($NAME$ → its content, $1… → substitutions, $$ → $), so UI components render real strings.
import path from "node:path";
import { loadLocales, toBrowserMessages, DEFAULT_LOCALE } from "./locales.mjs";

type BrowserMessage = { message: string; placeholders?: Record<string, { content: string }> };

export function fakeI18n(lang = DEFAULT_LOCALE) {
  const catalogue = toBrowserMessages(loadLocales(path.resolve(__dirname, ".."))[lang] ?? {}) as Record<string, BrowserMessage>;
  return {
    getUILanguage: () => lang,
    getMessage(name: string, substitutions: string[] = []): string {
      const entry = catalogue[name];
      if (!entry) return "";
      const fill = (s: string) => s.replace(/\$(\d)/g, (_, d: string) => substitutions[Number(d) - 1] ?? "");
      return entry.message
        .replace(/\$([A-Za-z0-9_]+)\$/g, (_, ph: string) => fill(entry.placeholders?.[ph.toLowerCase()]?.content ?? ""))
        .replaceAll("$$", "$");
    },
  };
}

const g = globalThis as { chrome?: { i18n?: unknown } };
g.chrome ??= {};
g.chrome.i18n ??= fakeI18n();
