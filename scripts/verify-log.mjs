#!/usr/bin/env node
// Node: `npm run verify-log -- [--key FINGERPRINT] FILE...` — verifies exported audit logs (JSON Lines) with the
// extension's own rules: extension/core/log is bundled in memory at start (vite, no file written), so canonical
// form, hashing, the chain and the signatures are checked once, in the core. Needs nothing but the file: the
// public key travels in it, and the key's fingerprint is printed for a person to compare (or required with
// --key). Streams each file (millions of lines are fine). Prints OK with the entry count, checkpoint, head and
// signing key; "chain only" for an unsigned export of an earlier version; or the first broken entry (line, seq,
// reason). Exit 0 when every file verifies, 1 when one is broken or refused, 2 on a usage or read error.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The core's log module, compiled from its TypeScript source. */
async function loadCore() {
  const result = await build({
    root,
    configFile: false,
    logLevel: "silent",
    publicDir: false,
    build: {
      write: false,
      minify: false,
      target: "node20",
      lib: { entry: path.join(root, "extension/core/log/index.ts"), formats: ["es"], fileName: () => "log-core.mjs" },
    },
  });
  const [chunk] = (Array.isArray(result) ? result[0] : result).output;
  return import(`data:text/javascript;base64,${Buffer.from(chunk.code).toString("base64")}`);
}

/**
 * SHA-256 from Node's crypto module: the same digest as WebCrypto's (the unit test checks they agree), without a
 * thread hop per entry, which makes WebCrypto several times slower over a large file.
 */
const sha256 = async (bytes) => createHash("sha256").update(bytes).digest();

/** The file's lines split on "\n" only, as the core splits them (invalid UTF-8 becomes U+FFFD and fails its line). */
async function* lines(file) {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of createReadStream(file)) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = parts.pop();
    yield* parts;
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

/**
 * A per-site HTML report: its embedded export verified as a file would be, then the report rebuilt from that export
 * and compared byte for byte. Two lines: the export's verdict, then the report's.
 */
async function verifyReportFile(core, file, key) {
  const r = await core.verifyReport(await readFile(file, "utf8"), sha256);
  if (r.export) console.log(core.verdictLine(`${file} (embedded export)`, r.export, key));
  if (!r.ok) {
    console.log(`${file}: BROKEN: ${r.reason}`);
    return 1;
  }
  const p = r.params;
  const period = `${p.from ?? "the first entry"} to ${p.to ?? "the last entry"}`;
  console.log(`${file}: OK, the report for ${p.site} (${period}) is exactly what its embedded export yields`);
  return core.keyRefusal(r.export, key) ? 1 : 0;
}

async function main(args) {
  let key = null;
  const k = args.indexOf("--key");
  if (k >= 0) [key] = args.splice(k, 2).slice(1);
  const files = args;
  if (files.length === 0 || files.some((f) => f.startsWith("-")) || (k >= 0 && !key)) {
    console.error("usage: npm run verify-log -- [--key FINGERPRINT] FILE.jsonl|REPORT.html [...]");
    return 2;
  }
  const core = await loadCore();
  let status = 0;
  for (const file of files) {
    let v;
    try {
      if (/\.html?$/i.test(file)) {
        status = Math.max(status, await verifyReportFile(core, file, key));
        continue;
      }
      v = await core.verifyJsonl(lines(file), sha256);
    } catch (err) {
      console.error(`${file}: cannot read: ${err.message}`);
      status = 2;
      continue;
    }
    console.log(core.verdictLine(file, v, key));
    if (!v.ok || core.keyRefusal(v, key)) status ||= 1;
  }
  return status;
}

process.exitCode = await main(process.argv.slice(2));
