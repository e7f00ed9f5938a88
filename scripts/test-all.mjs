// Node: `npm test`. Runs every check in order (typecheck, build, lint, unit tests, end-to-end tests), shows
// each one's output, and ends with one summary line "N passed, N failed": jest tests summed over both jest
// runs, plus one failure for each failing non-jest step. Exits non-zero if anything failed.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { requireBrowsers } from "./browsers.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const tmp = mkdtempSync(path.join(os.tmpdir(), "seedgate-test-all-"));

// Before anything else: without the browsers every end-to-end spec would fail on its own, minutes later.
const browsers = await requireBrowsers();
const env = { ...process.env, CHROMIUM_PATH: browsers.chromium, FIREFOX_PATH: browsers.firefox };
console.log(`browsers: ${browsers.chromium}, ${browsers.firefox}`);

/** @param {string[]} args @returns {Promise<number>} the exit code */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(npm, args, { cwd: root, stdio: "inherit", env });
    child.on("error", () => resolve(127));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** @param {string} file @returns {{ passed: number, failed: number } | null} */
function jestCounts(file) {
  try {
    const r = JSON.parse(readFileSync(file, "utf8"));
    // A suite that cannot run at all (syntax error, failing import) has no failed tests of its own.
    return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) };
  } catch {
    return null;
  }
}

/**
 * The ten slowest test files and each failed test with the first lines of its message, from jest's JSON: the end
 * of a long run's output (often all a CI log keeps) then says what failed and where the time went.
 * @param {string} file @returns {string[]}
 */
function jestDetails(file) {
  let r;
  try {
    r = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  const name = (f) => path.relative(root, f.name);
  const out = [];
  const slow = r.testResults.map((f) => [(f.endTime - f.startTime) / 1000, name(f)]).sort((a, b) => b[0] - a[0]);
  if (slow.length > 1) out.push(`     slowest: ${slow.slice(0, 10).map(([t, n]) => `${n.replace(/^test\/e2e\//, "")} ${t.toFixed(0)} s`).join(", ")}`);
  for (const f of r.testResults) {
    const failedTests = f.assertionResults.filter((t) => t.status === "failed");
    if (failedTests.length === 0 && f.status === "failed") failedTests.push({ fullName: "(the file did not run)", failureMessages: [f.message ?? ""] });
    for (const t of failedTests) {
      out.push(`     failed: ${name(f)} › ${t.fullName}`);
      // eslint-disable-next-line no-control-regex
      const message = (t.failureMessages ?? []).join("\n").replace(/\u001b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("at "));
      for (const l of message.slice(0, 8)) out.push(`       ${l.slice(0, 240)}`);
    }
  }
  return out;
}

let passed = 0;
let failed = 0;
/** @type {string[]} */
const lines = [];
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** @param {string} name @param {string[]} args */
async function step(name, args) {
  console.log(`\n=== ${name}: npm ${args.join(" ")}`);
  const t0 = Date.now();
  const code = await run(args);
  const ok = code === 0;
  if (!ok) failed += 1;
  lines.push(`${ok ? "ok  " : "FAIL"} ${name} (${secs(Date.now() - t0)})`);
  return ok;
}

/** @param {string} name @param {string} script */
async function jestStep(name, script) {
  const out = path.join(tmp, `${script.replace(/\W/g, "-")}.json`);
  console.log(`\n=== ${name}: npm run ${script}`);
  const t0 = Date.now();
  const code = await run(["run", script, "--", "--json", `--outputFile=${out}`]);
  const counts = jestCounts(out);
  let note;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    note = `${counts.passed} passed, ${counts.failed} failed`;
    // jest failed although no test did (no tests found, a crash after the run): count it once.
    if (code !== 0 && counts.failed === 0) {
      failed += 1;
      note += `, jest exited ${code}`;
    }
  } else {
    failed += 1;
    note = `no results (jest exited ${code})`;
  }
  lines.push(`${code === 0 && counts?.failed === 0 ? "ok  " : "FAIL"} ${name}: ${note} (${secs(Date.now() - t0)})`);
  lines.push(...jestDetails(out));
}

const started = Date.now();
try {
  await step("typecheck", ["run", "typecheck"]);
  const built = await step("build", ["run", "build"]);
  await step("lint", ["run", "lint"]);
  await jestStep("unit tests", "test:unit");
  await jestStep("client package (built, as published)", "test:client-package");
  if (built) {
    await jestStep("end-to-end tests", "test:e2e");
  } else {
    failed += 1;
    lines.push("FAIL end-to-end tests: not run, the build failed");
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log(`\n=== summary (${secs(Date.now() - started)})`);
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
