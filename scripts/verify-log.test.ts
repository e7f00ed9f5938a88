// The verify-log command against the core on the same generated files: same verdict, same line, same seq.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { pruneChain, toJsonl, verifyJsonl, type Digest, type JsonlVerdict } from "../extension/core/log";
import { sampleChain, webCryptoSha256 } from "../extension/core/log/sample-entries";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const script = path.join(__dirname, "verify-log.mjs");
const AT = "2025-03-02T00:00:00.000Z";

/** What the command prints for a verdict (the format it promises). */
const expected = (file: string, v: JsonlVerdict) =>
  v.ok
    ? `${file}: OK, ${v.count} entries; checkpoint ${v.checkpoint ? `seq ${v.checkpoint.seq} (${v.checkpoint.hash})` : "none"}; head ${v.head ? `seq ${v.head.seq} (${v.head.hash})` : "none"}`
    : `${file}: BROKEN at line ${v.line}${v.seq === null ? "" : ` (seq ${v.seq})`}: ${v.reason}`;

describe("npm run verify-log", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), "verify-log-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the core's verdict on intact, pruned and tampered files", async () => {
    const chain = await sampleChain(600, sha256);
    const pruned = await pruneChain(chain, null, new Date(AT), { retentionDays: 90, maxEntries: 250 }, sha256);
    const intact = toJsonl(chain, null, AT);
    const lines = intact.split("\n");
    const files: Record<string, string | Buffer> = {
      "intact.jsonl": intact,
      "pruned.jsonl": toJsonl(pruned.entries, pruned.checkpoint, AT),
      "byte.jsonl": intact.replace('"seq":321,', '"seq":321 ,'),
      "digit.jsonl": lines.toSpliced(300, 1, lines[300]!.replace('"tab":7', '"tab":8')).join("\n"),
      "deleted.jsonl": lines.toSpliced(100, 1).join("\n"),
      "crlf.jsonl": intact.replaceAll("\n", "\r\n"),
      "not-utf8.jsonl": Buffer.concat([Buffer.from(intact.slice(0, 5000)), Buffer.from([0xff]), Buffer.from(intact.slice(5001))]),
    };
    const verdicts: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      verdicts.push(expected(file, await verifyJsonl(new TextDecoder().decode(Buffer.from(text)).split("\n"), sha256)));
    }
    // The core with WebCrypto agrees with the core with Node's hash (which the command uses).
    await expect(verifyJsonl(intact.split("\n"), webCryptoSha256)).resolves.toMatchObject({ ok: true, count: 600 });

    const run = promisify(execFile)(process.execPath, [script, ...Object.keys(files).map((f) => path.join(dir, f))]);
    const err = (await run.catch((e: { code: number; stdout: string }) => e)) as { code?: number; stdout: string };
    expect(err.code).toBe(1);
    expect(err.stdout.trimEnd().split("\n")).toEqual(verdicts);
    expect(verdicts[0]).toContain("OK, 600 entries; checkpoint none");
    expect(verdicts[1]).toMatch(/OK, 250 entries; checkpoint seq 351 /);
    expect(verdicts.slice(2)).toEqual([
      expect.stringContaining("BROKEN at line 322 (seq 321): not in canonical form"),
      expect.stringContaining("BROKEN at line 301 (seq 300): hash does not match"),
      expect.stringContaining("BROKEN at line 101 (seq 101): seq 101 where 100 was expected"),
      expect.stringContaining("BROKEN at line 2 (seq 1): not in canonical form"),
      expect.stringMatching(/BROKEN at line \d+ \(seq \d+\): /),
    ]);
  }, 60_000);

  it("exits 0 when every file verifies and 2 without a file", async () => {
    const file = path.join(dir, "ok.jsonl");
    writeFileSync(file, toJsonl(await sampleChain(3, sha256), null, AT));
    await expect(promisify(execFile)(process.execPath, [script, file])).resolves.toMatchObject({ stdout: expect.stringContaining("OK, 3 entries") });
    await expect(promisify(execFile)(process.execPath, [script])).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
