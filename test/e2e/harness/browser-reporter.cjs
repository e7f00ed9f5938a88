// Jest reporter (e2e): after the run, one line per browser: how many spec files and tests ran in it, passed,
// failed and skipped, and the time its tests took; then every skip's reason. A test's browser is the first
// describe named after one (harness/browsers.ts); a spec outside the browser dimension counts as "chromium only".
const KINDS = ["chromium", "firefox"];
const MARK = "— skipped in";

class BrowserReporter {
  onRunComplete(_contexts, results) {
    const rows = new Map();
    const reasons = new Set();
    const row = (k) => rows.get(k) ?? rows.set(k, { files: new Set(), skippedFiles: new Set(), passed: 0, failed: 0, skipped: 0, ms: 0 }).get(k);
    for (const file of results.testResults) {
      if (!/[\\/]test[\\/]e2e[\\/]/.test(file.testFilePath)) continue;
      const name = file.testFilePath.replace(/^.*[\\/]test[\\/]e2e[\\/]/, "");
      for (const t of file.testResults) {
        const top = t.ancestorTitles[0] ?? "";
        // forEachBrowser's describe, another describe named after a browser, or a test titled "Chromium: ...".
        const low = top.toLowerCase();
        const kind =
          KINDS.find((k) => low === k || low.startsWith(`${k} `)) ?? KINDS.find((k) => t.title.toLowerCase().startsWith(`${k}:`)) ?? (/firefox/i.test(t.fullName) ? "firefox" : "chromium only");
        const r = row(kind);
        if (t.status === "passed") r.passed++;
        else if (t.status === "failed") r.failed++;
        else r.skipped++;
        r.ms += t.duration ?? 0;
        if (t.status === "passed" || t.status === "failed") r.files.add(name);
        else r.skippedFiles.add(name);
        const text = [top, t.title].find((s) => s.includes(MARK));
        if (text && t.status !== "passed" && t.status !== "failed") reasons.add(`${name}: ${text.slice(text.indexOf(MARK) + MARK.length + 1)}`);
      }
    }
    if (!rows.size) return;
    const lines = ["", "Per browser (e2e):"];
    for (const [kind, r] of [...rows].sort()) {
      const partly = [...r.skippedFiles].filter((f) => !r.files.has(f)).length;
      lines.push(`  ${kind}: ${r.files.size} spec files ran (${partly} skipped whole), ${r.passed + r.failed + r.skipped} tests: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped; ${(r.ms / 1000).toFixed(1)} s in tests`);
    }
    if (reasons.size) {
      lines.push("Skipped, with reasons:");
      for (const text of [...reasons].sort()) lines.push(`  ${text}`);
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}

module.exports = BrowserReporter;
