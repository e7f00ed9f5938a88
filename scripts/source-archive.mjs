// Node: the source archive AMO asks for with minified add-ons: every file of the repository that is not ignored
// (what `git ls-files` lists, tracked or new), as a .tar.gz whose entries carry fixed times and owners, with
// BUILDING.md at its top telling a reviewer how to rebuild dist/firefox byte for byte. `npm run package` writes it;
// scripts/source-archive.test.ts rebuilds from it and compares.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Repository-relative paths of every file that belongs in the archive, sorted. */
export function sourceFiles(dir = root) {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return [...new Set(r.stdout.split("\0").filter(Boolean))].filter((f) => !f.startsWith("dist/")).sort();
}

/** Writes the archive to `file` (a .tar.gz path). */
export function writeSourceArchive(file, dir = root) {
  const files = sourceFiles(dir);
  const stage = mkdtempSync(path.join(os.tmpdir(), "seedgate-src-"));
  try {
    const list = path.join(stage, "files");
    // BUILDING.md at the top of the archive, from docs/building.md.
    copyFileSync(path.join(dir, "docs/building.md"), path.join(stage, "BUILDING.md"));
    const entries = ["BUILDING.md", ...files];
    spawnSync("sh", ["-c", `printf '%s\\0' "$@" > "${list}"`, "sh", ...files]);
    const tar = spawnSync(
      "tar",
      ["--sort=name", "--mtime=2000-01-01 00:00Z", "--owner=0", "--group=0", "--numeric-owner", "-czf", file, "-C", stage, "BUILDING.md", "-C", dir, "--null", "-T", list],
      { stdio: "inherit" },
    );
    if (tar.status !== 0) throw new Error("tar failed");
    return entries.length;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
