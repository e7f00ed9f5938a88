// Serves the client library (@seedgate/p2p-consent, client/src) to the demo pages as browser ES modules at
// /vendor/p2p-consent/<path>.js, transpiled from its TypeScript sources on request (TypeScript's transpileModule:
// types dropped, nothing bundled), so the demo always runs the library as it is in this repository.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.join(here, "..", "..", "client", "src");
export const CLIENT_PREFIX = "/vendor/p2p-consent/";

// Relative specifiers get `.js`, as client/scripts/build.mjs does for the published package.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*?)\2/g;
/** @type {Map<string, string>} */
const cache = new Map();

/** The module for a request path under CLIENT_PREFIX, or null when there is no such source file. */
export async function clientModule(/** @type {string} */ urlPath) {
  const rel = urlPath.slice(CLIENT_PREFIX.length);
  if (!/^[a-z0-9/-]+\.js$/.test(rel) || rel.includes("..") || /(^|\/)testing\//.test(rel)) return null;
  const file = path.join(srcDir, rel.replace(/\.js$/, ".ts"));
  if (!file.startsWith(srcDir + path.sep)) return null;
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  let source;
  try {
    source = await readFile(file, "utf8");
  } catch {
    return null;
  }
  const ts = require("typescript");
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, isolatedModules: true },
    fileName: file,
  }).outputText.replace(SPECIFIER, (/** @type {string} */ _m, /** @type {string} */ lead, /** @type {string} */ q, /** @type {string} */ spec) => `${lead}${q}${spec.endsWith(".js") ? spec : `${spec}.js`}${q}`);
  cache.set(file, out);
  return out;
}
