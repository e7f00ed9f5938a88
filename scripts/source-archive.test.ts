// Node (jest unit): the source archive rebuilds the add-on byte for byte. Builds the working tree into one folder,
// writes the archive, unpacks it elsewhere (with this checkout's node_modules, the same lockfile), builds it again
// and compares every file of both builds. Fails if a file of the build is left out of the archive, or if the build
// depends on where it runs (an absolute path in a bundle) or on anything else outside the sources.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");
jest.setTimeout(180_000);

function filesUnder(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, base));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}

function build(cwd: string, out: string): void {
  const r = spawnSync(process.execPath, ["scripts/build.mjs", "--quiet", "--out", out], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build in ${cwd} failed: ${r.stderr}`);
}

test("a rebuild from the source archive gives byte-identical bundles", async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "seedgate-repro-"));
  try {
    const { writeSourceArchive } = (await import(path.join(root, "scripts/source-archive.mjs"))) as { writeSourceArchive(file: string): number };
    build(root, path.join(tmp, "original"));
    const archive = path.join(tmp, "source.tar.gz");
    writeSourceArchive(archive);
    const src = path.join(tmp, "src");
    mkdirSync(src);
    expect(spawnSync("tar", ["-xzf", archive, "-C", src]).status).toBe(0);
    expect(readFileSync(path.join(src, "BUILDING.md"), "utf8")).toMatch(/npm ci/);
    symlinkSync(path.join(root, "node_modules"), path.join(src, "node_modules"), "dir");
    build(src, path.join(tmp, "rebuilt"));
    const a = filesUnder(path.join(tmp, "original"));
    const b = filesUnder(path.join(tmp, "rebuilt"));
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(10);
    const differ = a.filter((f) => !readFileSync(path.join(tmp, "original", f)).equals(readFileSync(path.join(tmp, "rebuilt", f))));
    expect(differ).toEqual([]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
