// npm start: build the extension, serve the local P2P CDN demo (demo/server), and open it in Chromium with
// Seedgate loaded when this machine has a display; otherwise print how to load the extension by hand.
// Keeps serving until Ctrl-C.
//   PORT=8377            the demo's port (the tracker shares it)
//   npm start -- --no-build   skip the build (use what is in dist/)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startDemo } from "../demo/server/index.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const chromeDist = path.join(root, "dist", "chrome");
const firefoxDist = path.join(root, "dist", "firefox");
const CHROMIUM = "/usr/bin/chromium";
const port = Number(process.env.PORT ?? 8377);

/** Runs `npm run build` and resolves with its exit code. */
function runBuild() {
  // Under `npm start`, npm_execpath is npm's own CLI: run the same npm with the same node.
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli, "run", "build"]] : ["npm", ["run", "build"]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit" });
    child.on("error", (err) => {
      console.error(`Could not run the build: ${err.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function printManualSteps(/** @type {{ seed: string, watch: string }} */ urls, /** @type {boolean} */ built) {
  console.log(`
To try it with Seedgate${built ? "" : " (once the build works)"}:
  Chrome / Chromium:
    1. Open chrome://extensions and turn on "Developer mode" (top right).
    2. Click "Load unpacked" and choose ${chromeDist}
  Firefox:
    1. Open about:debugging#/runtime/this-firefox
    2. Click "Load Temporary Add-on..." and choose ${path.join(firefoxDist, "manifest.json")}
  Then open, in two tabs:
    ${urls.seed}    (the first visitor: seeds)
    ${urls.watch}    (a second visitor, on another site name: downloads from the first)
`);
}

async function main() {
  let built;
  if (process.argv.includes("--no-build")) {
    built = existsSync(path.join(chromeDist, "manifest.json"));
    console.log(built ? "Skipping the build; using dist/." : "Skipping the build, and dist/chrome has no manifest.json.");
  } else {
    console.log("Building the extension (npm run build)...");
    const code = await runBuild();
    built = code === 0 && existsSync(path.join(chromeDist, "manifest.json"));
    if (!built) {
      console.error(
        `\nThe extension build failed (exit code ${code}). The demo site starts anyway, without the extension;\n` +
          "fix the build and run npm start again to load Seedgate.\n",
      );
    }
  }

  let demo;
  try {
    demo = await startDemo({ port, quiet: true });
  } catch (err) {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    if (e.code === "EADDRINUSE") console.error(`Port ${port} is already in use. Stop what uses it, or run PORT=<another port> npm start.`);
    else console.error(`Could not start the demo: ${e.stack ?? e}`);
    process.exit(1);
  }
  const urls = { seed: `${demo.seederOrigin}/seed.html`, watch: `${demo.leecherOrigin}/watch.html` };
  console.log(`
Seedgate demo P2P CDN site (Ctrl-C to stop)
  about the demo:            ${demo.seederOrigin}/
  first visitor (seeds):     ${urls.seed}
  second visitor (leeches):  ${urls.watch}
  tracker:                   ${demo.trackerUrl}
  gallery:                   ${demo.files.length} pictures, ${demo.torrentBytes} bytes, infohash ${demo.infoHash}`);

  /** @type {import("playwright-core").BrowserContext | null} */
  let context = null;
  let stopping = false;
  let profile = "";
  if (process.env.DISPLAY && existsSync(CHROMIUM) && built) {
    try {
      const { chromium } = await import("playwright-core");
      profile = await mkdtemp(path.join(os.tmpdir(), "seedgate-profile-"));
      const args = [
        `--disable-extensions-except=${chromeDist}`,
        `--load-extension=${chromeDist}`,
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
      ];
      if (process.getuid?.() === 0) args.push("--no-sandbox"); // Chromium refuses to run as root otherwise
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: false,
        viewport: null,
        args,
        ignoreDefaultArgs: ["--disable-extensions"],
        // Ctrl-C is ours: close the browser, the server, and remove the temporary profile.
        handleSIGINT: false,
        handleSIGTERM: false,
      });
      const first = context.pages()[0] ?? (await context.newPage());
      await first.goto(urls.seed);
      const second = await context.newPage();
      await second.goto(urls.watch);
      console.log(`\nOpened Chromium with Seedgate (${chromeDist}), the first visitor and the second visitor in two tabs.`);
      context.on("close", () => {
        if (!stopping) console.log("Chromium closed; the demo keeps serving (Ctrl-C to stop).");
      });
    } catch (err) {
      console.error(`\nCould not open Chromium with the extension: ${/** @type {Error} */ (err).message}`);
      printManualSteps(urls, built);
    }
  } else {
    printManualSteps(urls, built);
  }

  const stop = async () => {
    if (stopping) return process.exit(1);
    stopping = true;
    console.log("\nStopping...");
    await context?.close().catch(() => {});
    await demo.close();
    if (profile) await rm(profile, { recursive: true, force: true }).catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
