// The Log section's words for a verdict: this install's key, an earlier one, a foreign one, chain only, broken.
import { createHash } from "node:crypto";
import { createInstallKey, keyFingerprint, signerOf, toJsonl, toSignedJsonl, verifyJsonl, type Digest } from "../../extension/core/log";
import { sampleChain } from "../../extension/core/log/sample-entries";
import { verdictText } from "./log-strings";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const AT = "2025-03-02T00:00:00.000Z";

test("a verdict names whose key signed, and warns on a foreign key or an unsigned file", async () => {
  const key = await createInstallKey(crypto.subtle);
  const fp = await keyFingerprint(key.publicKey, sha256);
  const chain = await sampleChain(5, sha256);
  const signed = await verifyJsonl((await toSignedJsonl(chain, null, AT, signerOf(crypto.subtle, key))).split("\n"), sha256);
  expect(verdictText("f.jsonl", signed, fp, [])).toEqual({ level: "ok", text: expect.stringContaining(`intact and signed by this install's key ${fp}`) });
  expect(verdictText("f.jsonl", signed, "0000", [fp])).toEqual({ level: "ok", text: expect.stringContaining(`an earlier key of this install, ${fp}`) });
  expect(verdictText("f.jsonl", signed, "0000", [])).toEqual({ level: "warning", text: expect.stringContaining("which is NOT this install's key") });
  const unsigned = await verifyJsonl(toJsonl(chain, null, AT).split("\n"), sha256);
  expect(verdictText("f.jsonl", unsigned, fp, [])).toEqual({ level: "warning", text: expect.stringContaining("chain only") });
  expect(verdictText("f.jsonl", { ok: false, line: 4, seq: 3, reason: "hash does not match" }, fp, [])).toEqual({ level: "broken", text: "f.jsonl: broken at line 4 (seq 3): hash does not match." });
});
