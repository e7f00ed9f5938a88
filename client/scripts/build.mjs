// Node: builds @seedgate/p2p-consent into client/dist (ES modules + .d.ts) with the repository's TypeScript.
// Sources import each other without extensions (so jest and the root typecheck read them as they are); browsers
// and Node need `.js`, so relative specifiers get it here, after tsc.
import { execFileSync } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const client = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(client, "dist");
const tsc = path.join(client, "..", "node_modules", "typescript", "bin", "tsc");

await rm(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", path.join(client, "tsconfig.build.json")], { stdio: "inherit" });

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*?)\2/g;
let total = 0;
for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(js|d\.ts)$/.test(entry.name)) continue;
  const file = path.join(entry.parentPath, entry.name);
  const text = await readFile(file, "utf8");
  await writeFile(file, text.replace(SPECIFIER, (_m, lead, q, spec) => `${lead}${q}${spec.endsWith(".js") ? spec : `${spec}.js`}${q}`));
  if (entry.name.endsWith(".js")) total += text.length;
}
console.log(`client/dist: ${total} bytes of JavaScript`);
