import { createHash } from "node:crypto";
import type { Digest } from "./canonical";
import { toJsonl } from "./export";
import { verifyJsonl, type JsonlVerdict } from "./verify-file";
import { pruneChain } from "./retention";
import { sampleChain, webCryptoSha256 } from "./sample-entries";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const AT = "2025-03-02T00:00:00.000Z";
const verifyText = (text: string, digest = sha256) => verifyJsonl(text.split("\n"), digest);
const failure = (v: JsonlVerdict) => (v.ok ? v : { line: v.line, seq: v.seq, reason: v.reason });

describe("verifyJsonl", () => {
  // Every event type but log-pruned (a chain without a checkpoint has none).
  const fileP = sampleChain(13, sha256).then((c) => ({ chain: c, text: toJsonl(c, null, AT) }));

  it("accepts an export, with WebCrypto as with Node, from lines or from an async stream", async () => {
    const { chain, text } = await fileP;
    const ok = {
      ok: true,
      count: chain.length,
      checkpoint: null,
      head: { seq: chain.length, hash: chain.at(-1)!.hash },
      // An unsigned (version 1) file: the chain only.
      signing: { signed: false, keys: [], checkpoints: 0, vouchedThrough: null },
    };
    await expect(verifyText(text)).resolves.toEqual(ok);
    await expect(verifyText(text, webCryptoSha256)).resolves.toEqual(ok);
    await expect(verifyText(text.slice(0, -1))).resolves.toEqual(ok); // no final newline
    async function* stream() {
      yield* text.split("\n");
    }
    await expect(verifyJsonl(stream(), sha256)).resolves.toEqual(ok);
  });

  it("breaks at the right line when any byte of any entry line changes", async () => {
    const { text } = await fileP;
    const bytes = new TextEncoder().encode(text);
    const decoder = new TextDecoder();
    let line = 1;
    let cases = 0;
    for (let i = bytes.indexOf(0x0a) + 1; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        continue;
      }
      const copy = bytes.slice();
      copy[i]! ^= 0x01;
      const v = await verifyText(decoder.decode(copy));
      if (v.ok || v.line !== line + 1) throw new Error(`byte ${i} (line ${line + 1}): ${JSON.stringify(v)}`);
      cases++;
    }
    expect(cases).toBeGreaterThan(3000);
  });

  it.each([
    ["a newline removed (two lines merged)", (l: string[]) => l.toSpliced(3, 2, l[3]! + l[4]!), 4, "not JSON"],
    ["a line deleted", (l: string[]) => l.toSpliced(3, 1), 4, "seq 4 where 3 was expected"],
    ["two lines swapped", (l: string[]) => l.toSpliced(3, 2, l[4]!, l[3]!), 4, "seq 4 where 3 was expected"],
    ["a line repeated", (l: string[]) => l.toSpliced(3, 0, l[3]!), 5, "seq 3 where 4 was expected"],
    ["an empty line", (l: string[]) => l.toSpliced(3, 0, ""), 4, "empty line"],
    ["spaces added", (l: string[]) => l.toSpliced(3, 1, l[3]!.replace(",", ", ")), 4, "not in canonical form"],
    ["keys reordered", (l: string[]) => l.toSpliced(3, 1, JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l[3]!)).reverse()))), 4, "not in canonical form"],
    ["no header", (l: string[]) => l.slice(1), 1, "not a Seedgate log"],
    ["a newer version", (l: string[]) => l.toSpliced(0, 1, l[0]!.replace('"version":1', '"version":3')), 1, "unsupported format version 3"],
    ["a version-2 header without its signature", (l: string[]) => l.toSpliced(0, 1, l[0]!.replace('"version":1', '"version":2')), 1, "the header's count is malformed"],
    ["a header checkpoint added", (l: string[]) => l.toSpliced(0, 1, l[0]!.replace('"checkpoint":null', `"checkpoint":{"hash":"${"c".repeat(64)}","seq":1}`)), 2, "seq 1 where 2 was expected"],
  ])("names the first broken line with %s", async (_name, edit, line, reason) => {
    const { text } = await fileP;
    const v = await verifyText(edit(text.split("\n")).join("\n"));
    expect(failure(v)).toMatchObject({ line, reason: expect.stringContaining(reason) });
  });

  it("verifies a pruned export from its checkpoint, and catches a head cut further", async () => {
    const chain = await sampleChain(50, sha256);
    const pruned = await pruneChain(chain, null, new Date(AT), { retentionDays: 90, maxEntries: 20 }, sha256);
    const text = toJsonl(pruned.entries, pruned.checkpoint, AT);
    await expect(verifyText(text)).resolves.toMatchObject({ ok: true, count: 20, checkpoint: { seq: 31 } });
    const lines = text.split("\n");
    const cut = lines.toSpliced(0, 3, lines[0]!.replace('"seq":31', '"seq":33').replace(pruned.checkpoint!.hash, pruned.entries[1]!.hash));
    expect(failure(await verifyText(cut.join("\n")))).toEqual({ line: 19, seq: 51, reason: expect.stringContaining("names checkpoint seq 31, but the chain starts after seq 33") });
  });

  it("refuses an empty file", async () => {
    await expect(verifyJsonl([], sha256)).resolves.toMatchObject({ ok: false, line: 1, reason: "the file is empty" });
  });
});
