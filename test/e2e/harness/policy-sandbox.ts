// Node (jest e2e): a browser that reads a REAL enterprise policy file from the folder the browser reads it from
// (Chromium: /etc/chromium/policies/managed/*.json; Firefox: <install>/distribution/policies.json) without
// touching the machine. The browser runs through a wrapper that enters a private mount namespace (`unshare -m`,
// propagation private) and bind-mounts a copy of the folder, with the policy added, over the real one. The mount
// exists only in that namespace and vanishes with the browser: the real folder is never written. Needs root
// (the e2e runner's network namespace runs as root); `available()` says why not otherwise.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromiumPath, firefoxPath } from "./paths";

export interface PolicySandbox {
  /** The wrapper to launch instead of the browser. */
  readonly executablePath: string;
  /** The real folder the copy covers (left as it was). */
  readonly target: string;
  remove(): void;
}

/** Null when a sandbox can be made here, else why not. */
export function unavailable(): string | null {
  if (process.getuid?.() !== 0) return "not root";
  const probe = spawnSync("unshare", ["-m", "--propagation", "private", "true"]);
  return probe.status === 0 ? null : "unshare -m unavailable";
}

function sandbox(browserPath: string, folder: string, files: Record<string, string>): PolicySandbox {
  // Firefox's distribution folder is a symlink on Debian: copy and cover what it points to.
  const target = existsSync(folder) ? realpathSync(folder) : folder;
  const dir = mkdtempSync(path.join(os.tmpdir(), "seedgate-policy-"));
  const copy = path.join(dir, "folder");
  mkdirSync(copy);
  // The browser must still see what the folder held (Debian's master_preferences, search plugins).
  if (existsSync(target)) cpSync(target, copy, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
    writeFileSync(path.join(copy, rel), text);
  }
  const wrapper = path.join(dir, "browser");
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  // The target must exist to be a mount point; when it does not, its parent is covered instead.
  const mountOn = existsSync(target) ? target : path.dirname(target);
  const source = existsSync(target) ? copy : path.join(dir, "parent");
  if (!existsSync(target)) {
    mkdirSync(source);
    if (existsSync(mountOn)) cpSync(mountOn, source, { recursive: true });
    cpSync(copy, path.join(source, path.basename(target)), { recursive: true });
  }
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec unshare -m --propagation private sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' ${q(source)} ${q(mountOn)} ${q(browserPath)} "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return { executablePath: wrapper, target, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Chromium reading `{"3rdparty": {"extensions": {id: policy}}}` from /etc/chromium/policies/managed. */
export function chromiumPolicySandbox(extensionId: string, policy: unknown): PolicySandbox {
  const text = JSON.stringify({ "3rdparty": { extensions: { [extensionId]: policy } } }, null, 2);
  return sandbox(chromiumPath, "/etc/chromium", { "policies/managed/seedgate-test.json": text });
}

/** Firefox reading `{"policies": {"3rdparty": {"Extensions": {id: policy}}}}` from its distribution folder. */
export function firefoxPolicySandbox(addonId: string, policy: unknown): PolicySandbox {
  const install = path.dirname(realpathSync(firefoxPath));
  const text = JSON.stringify({ policies: { "3rdparty": { Extensions: { [addonId]: policy } } } }, null, 2);
  return sandbox(firefoxPath, path.join(install, "distribution"), { "policies.json": text });
}
