// Node (jest e2e): where the repository, the built extension and the fixture pages are, as absolute paths.
import path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** The built extension. SEEDGATE_DIST points elsewhere (e.g. a throwaway build) when set. */
export const distDir = path.resolve(process.env.SEEDGATE_DIST ?? path.join(repoRoot, "dist"));
export const distChrome = path.join(distDir, "chrome");
export const distFirefox = path.join(distDir, "firefox");

export const pagesDir = path.resolve(__dirname, "..", "pages");

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const firefoxPath = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";
