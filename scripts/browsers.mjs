// Node: where the browsers the tests drive are, and what to tell a person who has none. Chromium (or Chrome) is found
// by chrome-launcher (CHROME_PATH, then the usual names on PATH and the desktop files it knows, per platform); Firefox
// by FIREFOX_PATH, then firefox-esr / firefox on PATH, then the usual install locations. CHROMIUM_PATH wins for
// Chromium (the harness's own variable). `npm test` calls `requireBrowsers()` first and passes the paths on.
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const isFile = (p) => {
  try {
    return Boolean(p) && statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The first of `names` found on PATH, or null. */
function onPath(names) {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of names) for (const dir of dirs) if (isFile(path.join(dir, name))) return path.join(dir, name);
  return null;
}

export async function findChromium() {
  if (isFile(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  try {
    const { Launcher } = await import("chrome-launcher");
    const found = Launcher.getInstallations().filter(isFile);
    // Debian's package first where it is there: it is what CI installs and what the facts in docs/ were measured on.
    return found.find((p) => /chromium/.test(p)) ?? found[0] ?? null;
  } catch {
    return onPath(["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]);
  }
}

export function findFirefox() {
  if (isFile(process.env.FIREFOX_PATH)) return process.env.FIREFOX_PATH;
  const found = onPath(["firefox-esr", "firefox"]);
  if (found) return found;
  const usual = ["/usr/lib/firefox-esr/firefox-esr", "/usr/lib/firefox/firefox", "/Applications/Firefox.app/Contents/MacOS/firefox"];
  return usual.find((p) => existsSync(p)) ?? null;
}

export const INSTALL_HELP = `How to install them:
  Debian / Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium firefox-esr iproute2
                    (Ubuntu: chromium comes as a snap; Google Chrome or chromium-browser works too)
  Fedora:           sudo dnf install -y chromium firefox
  macOS (Homebrew): brew install --cask chromium firefox
Or point CHROMIUM_PATH / FIREFOX_PATH at the executables.`;

/**
 * Both browsers, or one clear message and exit code 2 (within a second, instead of every end-to-end spec failing
 * on its own). Returns { chromium, firefox }.
 */
export async function requireBrowsers() {
  const chromium = await findChromium();
  const firefox = findFirefox();
  if (chromium && firefox) return { chromium, firefox };
  const missing = [!chromium && "Chromium (or Google Chrome)", !firefox && "Firefox (ESR or release)"].filter(Boolean);
  console.error(`\nnpm test needs ${missing.join(" and ")}: the end-to-end tests drive real browsers with the built extension.\n${INSTALL_HELP}\n`);
  process.exit(2);
}
