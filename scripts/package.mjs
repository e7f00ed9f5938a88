// Node: writes the store packages dist/seedgate-chrome-VERSION.zip and dist/seedgate-firefox-VERSION.zip from a
// fresh build, and the source archive AMO asks for, dist/seedgate-source-VERSION.tar.gz (scripts/source-archive.mjs). Uses the system `zip` when present, else web-ext's own packager for both (same content either way).
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeSourceArchive } from "./source-archive.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = (cmd, args, cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, [path.join(root, "scripts/build.mjs"), "--quiet"]);
const { version } = JSON.parse(readFileSync(path.join(root, "manifest.json"), "utf8"));
for (const browser of ["chrome", "firefox"]) {
  const dir = path.join(root, "dist", browser);
  const zip = path.join(root, "dist", `seedgate-${browser}-${version}.zip`);
  if (existsSync(zip)) rmSync(zip);
  if (spawnSync("zip", ["-v"], { stdio: "ignore" }).status === 0) {
    run("zip", ["-qr", "-X", zip, "."], dir);
  } else {
    run(path.join(root, "node_modules/.bin/web-ext"), ["build", "--source-dir", dir, "--artifacts-dir", path.join(root, "dist"), "--filename", path.basename(zip), "--overwrite-dest"]);
  }
  console.log(`wrote ${path.relative(root, zip)}`);
}
// AMO asks for the sources of minified add-ons, with build instructions (docs/building.md, as BUILDING.md).
const source = path.join(root, "dist", `seedgate-source-${version}.tar.gz`);
const n = writeSourceArchive(source);
console.log(`wrote ${path.relative(root, source)} (${n} files)`);
