// Node: builds dist/chrome and dist/firefox from the one manifest.json and one source tree.
// UI pages share one vite build; the background and each content script are separate IIFE builds because
// content scripts and a classic service worker cannot load ES modules.
import { build } from "vite";
import preact from "@preact/preset-vite";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { noEval } from "./no-eval-plugin.mjs";
import { loadLocales, toBrowserMessages } from "./locales.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Always a production build, whatever the caller's environment (jest sets NODE_ENV=test, which made the Preact preset
// embed each component's absolute source path: a build that depended on where it ran).
process.env.NODE_ENV = "production";
// `--out DIR`: write chrome/ and firefox/ there instead of dist/ (the source archive's rebuild check).
const outArg = process.argv.indexOf("--out");
const distRoot = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, "dist");
const out = path.join(distRoot, ".stage");
const quiet = process.argv.includes("--quiet") || process.env.CI === "true";
const logLevel = quiet ? "warn" : "info";

/**
 * One self-contained classic script (no imports at run time). `intro`: code put first inside the bundle's function
 * (it may `return`, and then none of the bundle's modules is evaluated).
 */
async function buildScript(entry, fileName, name, intro) {
  await build({
    root,
    configFile: false,
    logLevel,
    publicDir: false,
    plugins: [noEval()],
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    build: {
      outDir: out,
      emptyOutDir: false,
      // SEEDGATE_NOMINIFY=1: readable bundles, for a stack trace out of a browser (never for a package).
      minify: !process.env.SEEDGATE_NOMINIFY,
      sourcemap: false,
      target: "es2022",
      lib: { entry: path.join(root, entry), formats: ["iife"], name, fileName: () => fileName },
      rollupOptions: intro ? { output: { intro } } : undefined,
    },
  });
}

/**
 * The guard's first lines (extension/page/early.ts, bundled alone; its default export says whether the parent's
 * guard adopted this realm): the guard's bundle returns there in an adopted frame, before any of its modules is
 * evaluated (issue 12). Unminified here: the guard's build minifies it with the rest.
 */
async function guardIntro() {
  const out = await build({
    root,
    configFile: false,
    logLevel,
    publicDir: false,
    plugins: [noEval()],
    build: {
      write: false,
      minify: false,
      sourcemap: false,
      target: "es2022",
      lib: { entry: path.join(root, "extension/page/early.ts"), formats: ["iife"], name: "seedgateAdoptedEarly", fileName: () => "early.js" },
    },
  });
  const code = (Array.isArray(out) ? out[0] : out).output[0].code;
  // A `var` inside the guard's function: local to it, no global of the page.
  if (!/^var seedgateAdoptedEarly = /m.test(code)) throw new Error("build: extension/page/early.ts did not bundle to `var seedgateAdoptedEarly = ...`");
  return `${code}\nif (seedgateAdoptedEarly) return;\n`;
}

async function buildPages() {
  await build({
    root,
    configFile: false,
    logLevel,
    publicDir: false,
    base: "./",
    plugins: [noEval(), preact()],
    build: {
      outDir: out,
      emptyOutDir: false,
      target: "es2022",
      sourcemap: false,
      rollupOptions: {
        input: { popup: path.join(root, "popup/popup.html"), options: path.join(root, "options/options.html"), "first-run": path.join(root, "first-run/first-run.html") },
      },
    },
  });
}

/** The manifest for one browser: Chrome runs a service worker, Firefox MV3 background scripts. */
export function manifestFor(browser, manifest) {
  const m = structuredClone(manifest);
  if (browser === "chrome") {
    delete m.background.scripts;
    delete m.browser_specific_settings;
  } else {
    delete m.background.service_worker;
    // Firefox reads managed storage from a native manifest, not from a schema in the extension.
    delete m.storage;
  }
  return m;
}

async function main() {
  await rm(distRoot, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await buildScript("extension/background/index.ts", "background.js", "seedgateBackground");
  await buildScript("extension/bridge/index.ts", "bridge.js", "seedgateBridge");
  await buildScript("extension/page/index.ts", "guard.js", "seedgateGuard", await guardIntro());
  if (existsSync(path.join(root, "popup/popup.html"))) await buildPages();
  const manifest = JSON.parse(await readFile(path.join(root, "manifest.json"), "utf8"));
  const locales = loadLocales(root);
  for (const browser of ["chrome", "firefox"]) {
    const dir = path.join(distRoot, browser);
    await cp(out, dir, { recursive: true });
    for (const [lang, messages] of Object.entries(locales)) {
      await mkdir(path.join(dir, "_locales", lang), { recursive: true });
      await writeFile(path.join(dir, "_locales", lang, "messages.json"), JSON.stringify(toBrowserMessages(messages), null, 2) + "\n");
    }
    if (existsSync(path.join(root, "store-assets/icons"))) {
      await cp(path.join(root, "store-assets/icons"), path.join(dir, "icons"), {
        recursive: true,
        filter: (src) => !src.endsWith(".svg") || path.basename(src) === "icon.svg",
      });
    }
    if (existsSync(path.join(root, "extension/managed-schema.json")) && browser === "chrome") {
      await cp(path.join(root, "extension/managed-schema.json"), path.join(dir, "managed-schema.json"));
    }
    await writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifestFor(browser, manifest), null, 2) + "\n");
  }
  await rm(out, { recursive: true, force: true });
  if (!quiet) console.log("built dist/chrome and dist/firefox");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
