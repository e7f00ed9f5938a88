// Node (jest e2e): a browser whose UI speaks German, for the specs of the German UI. Chromium on Linux takes its
// UI language from the environment (LANGUAGE; --lang alone is not enough headless) and needs Debian's
// chromium-l10n (locales/de.pak); Firefox ESR needs Debian's firefox-esr-l10n-de (a language pack in the
// application's extensions, enabled by the scopes Puppeteer's profile allows) and asks for it with
// intl.locale.requested. Both are in .ci/run's install list.
import type { SessionOptions } from "./session";

/** The session options of a German browser (useBrowserSession(browser, GERMAN)). */
export const GERMAN: SessionOptions = {
  chromiumArgs: ["--lang=de"],
  firefoxPrefs: {
    "intl.locale.requested": "de",
    // Web content's languages too (navigator.languages), as a German Firefox has them.
    "intl.accept_languages": "de-DE, de",
  },
};

/** Sets LANGUAGE=de (and LANG) for the browsers this spec file starts; puts them back after it. Call at the top level. */
export function useGermanEnvironment(): void {
  const saved = { LANGUAGE: process.env.LANGUAGE, LANG: process.env.LANG };
  beforeAll(() => {
    process.env.LANGUAGE = "de";
    process.env.LANG = "de_DE.UTF-8";
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}
