// The verify-log command against the core on the same generated files: same verdict, same line, same seq.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createInstallKey, keyFingerprint, makeReport, pruneChain, signerOf, toJsonl, toSignedJsonl, verdictLine, verifyJsonl, type Digest } from "../extension/core/log";
import { sampleChain, webCryptoSha256 } from "../extension/core/log/sample-entries";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const script = path.join(__dirname, "verify-log.mjs");
const AT = "2025-03-02T00:00:00.000Z";

/** What the command prints for a verdict (the core's words). */
const expected = verdictLine;

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
    // Earlier (unsigned) exports still verify, as chain only.
    expect(verdicts[0]).toContain("OK (chain only: an unsigned export, so anyone could have written it), 600 entries; checkpoint none");
    expect(verdicts[1]).toMatch(/OK \(chain only.*\), 250 entries; checkpoint seq 351 /);
    expect(verdicts.slice(2)).toEqual([
      expect.stringContaining("BROKEN at line 322 (seq 321): not in canonical form"),
      expect.stringContaining("BROKEN at line 301 (seq 300): hash does not match"),
      expect.stringContaining("BROKEN at line 101 (seq 101): seq 101 where 100 was expected"),
      expect.stringContaining("BROKEN at line 2 (seq 1): not in canonical form"),
      expect.stringMatching(/BROKEN at line \d+ \(seq \d+\): /),
    ]);
  }, 60_000);

  it("prints the signing key's fingerprint, and with --key refuses another key or an unsigned file", async () => {
    const key = await createInstallKey(globalThis.crypto.subtle);
    const fp = await keyFingerprint(key.publicKey, sha256);
    const chain = await sampleChain(40, sha256);
    const signed = path.join(dir, "signed.jsonl");
    const unsigned = path.join(dir, "unsigned.jsonl");
    writeFileSync(signed, await toSignedJsonl(chain, null, AT, signerOf(globalThis.crypto.subtle, key)));
    writeFileSync(unsigned, toJsonl(chain, null, AT));
    const exec = (args: string[]) => promisify(execFile)(process.execPath, [script, ...args]).catch((e: { code: number; stdout: string }) => e);
    await expect(exec([signed])).resolves.toMatchObject({ stdout: expect.stringContaining(`OK, 40 entries; checkpoint none; head seq 40 (${chain.at(-1)!.hash}); signed by key ${fp} (0 signed checkpoints)`) });
    await expect(exec(["--key", fp.replaceAll(" ", ""), signed])).resolves.toMatchObject({ stdout: expect.stringContaining(`signed by key ${fp}`) });
    await expect(exec(["--key", "0".repeat(32), signed])).resolves.toMatchObject({ code: 1, stdout: expect.stringContaining(`REFUSED: signed by key ${fp}, not by the expected key 0000`) });
    await expect(exec(["--key", fp, unsigned])).resolves.toMatchObject({ code: 1, stdout: expect.stringContaining("REFUSED: the file is not signed (chain only)") });
    await expect(exec(["--key"])).resolves.toMatchObject({ code: 2 });

    // A per-site report embedding the signed export: the export verifies, and the report is what it yields.
    const report = path.join(dir, "report.html");
    const html = await makeReport(readFileSync(signed, "utf8"), { site: "example.com", from: null, to: null }, sha256);
    writeFileSync(report, html);
    const ok = await exec(["--key", fp, report]);
    expect(ok).toMatchObject({ stdout: expect.stringContaining(`${report} (embedded export): OK, 40 entries`) });
    expect((ok as { stdout: string }).stdout).toContain(`${report}: OK, the report for example.com (the first entry to the last entry) is exactly what its embedded export yields`);
    expect((ok as { code?: number }).code).toBeUndefined();
    writeFileSync(report, html.replace("<dt>Connections</dt><dd>", "<dt>Connections</dt><dd>1"));
    await expect(exec([report])).resolves.toMatchObject({ code: 1, stdout: expect.stringContaining(`${report}: BROKEN: the report's content is not what its embedded export yields`) });
  }, 60_000);

  it("exits 0 when every file verifies and 2 without a file", async () => {
    const file = path.join(dir, "ok.jsonl");
    writeFileSync(file, toJsonl(await sampleChain(3, sha256), null, AT));
    await expect(promisify(execFile)(process.execPath, [script, file])).resolves.toMatchObject({ stdout: expect.stringContaining("), 3 entries") });
    await expect(promisify(execFile)(process.execPath, [script])).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
