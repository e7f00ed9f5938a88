// Node (jest e2e): where the repository, the built extension and the fixture pages are, as absolute paths.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** The built extension. SEEDGATE_DIST points elsewhere (e.g. a throwaway build) when set. */
export const distDir = path.resolve(process.env.SEEDGATE_DIST ?? path.join(repoRoot, "dist"));
export const distChrome = path.join(distDir, "chrome");
export const distFirefox = path.join(distDir, "firefox");

export const pagesDir = path.resolve(__dirname, "..", "pages");

/** The first of `names` on PATH (npm test passes CHROMIUM_PATH / FIREFOX_PATH, found by scripts/browsers.mjs). */
function onPath(names: string[], fallback: string): string {
  for (const name of names) {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
      const p = path.join(dir, name);
      if (dir && existsSync(p)) return p;
    }
  }
  return fallback;
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? onPath(["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"], "/usr/bin/chromium");
export const firefoxPath = process.env.FIREFOX_PATH ?? onPath(["firefox-esr", "firefox"], "/usr/bin/firefox-esr");

/** The add-on id Firefox knows Seedgate by (manifest.json, browser_specific_settings.gecko.id). */
export const geckoId: string = (JSON.parse(readFileSync(path.join(repoRoot, "manifest.json"), "utf8")) as { browser_specific_settings: { gecko: { id: string } } }).browser_specific_settings.gecko.id;
