// The install key's cryptography in Node's WebCrypto (the same API the extension uses): key creation, the private
// key that cannot be exported (also after a structured clone, which is how IndexedDB stores it), signing,
// verification and fingerprints. Checked to fail without its defence: with generateKey(..., true, ...) the
// non-extractable tests (here and in install-key-store.test.ts) failed.
import { webCryptoSha256 } from "./sample-entries";
import { createInstallKey, fromBase64, keyFingerprint, normalizeFingerprint, signerOf, toBase64, verifySignature } from "./signing";

const subtle = globalThis.crypto.subtle;
const bytes = (s: string) => new TextEncoder().encode(s);

describe("install key", () => {
  it("is an ECDSA P-256 pair whose private key cannot be exported in any format", async () => {
    const key = await createInstallKey(subtle);
    expect(key.privateKey.algorithm).toEqual({ name: "ECDSA", namedCurve: "P-256" });
    expect(key.privateKey.type).toBe("private");
    expect(key.privateKey.extractable).toBe(false);
    expect(key.privateKey.usages).toEqual(["sign"]);
    for (const format of ["pkcs8", "jwk", "raw"] as const) {
      await expect(subtle.exportKey(format, key.privateKey)).rejects.toThrow();
    }
    // What IndexedDB does to it: a structured clone, still unexportable, still signing.
    const stored = structuredClone(key.privateKey);
    expect(stored.extractable).toBe(false);
    await expect(subtle.exportKey("jwk", stored)).rejects.toThrow();
    const sig = await signerOf(subtle, { privateKey: stored, publicKey: key.publicKey }).sign(bytes("x"));
    await expect(verifySignature(subtle, key.publicKey, sig, bytes("x"))).resolves.toBe(true);
    // The public half travels as SPKI DER (91 bytes for P-256).
    expect(fromBase64(key.publicKey)).toHaveLength(91);
  });

  it("signs bytes that only its public key verifies, and only unchanged", async () => {
    const [a, b] = await Promise.all([createInstallKey(subtle), createInstallKey(subtle)]);
    const msg = bytes("seedgate-log export header v2\n{}");
    const sig = await signerOf(subtle, a).sign(msg);
    expect(fromBase64(sig)).toHaveLength(64); // IEEE P1363: r || s
    await expect(verifySignature(subtle, a.publicKey, sig, msg)).resolves.toBe(true);
    await expect(verifySignature(subtle, b.publicKey, sig, msg)).resolves.toBe(false);
    const changed = msg.slice();
    changed[changed.length - 1]! ^= 1;
    await expect(verifySignature(subtle, a.publicKey, sig, changed)).resolves.toBe(false);
    const flipped = fromBase64(sig)!;
    flipped[10]! ^= 1;
    await expect(verifySignature(subtle, a.publicKey, toBase64(flipped), msg)).resolves.toBe(false);
    // Malformed input is a "no", never a throw.
    for (const [key, s] of [["", sig], ["not base64!", sig], [a.publicKey, ""], [a.publicKey, "AAAA"], [toBase64(new Uint8Array(91)), sig]]) {
      await expect(verifySignature(subtle, key!, s!, msg)).resolves.toBe(false);
    }
  });

  it("has a short fingerprint, the same every time, different per key; typed fingerprints normalise", async () => {
    const [a, b] = await Promise.all([createInstallKey(subtle), createInstallKey(subtle)]);
    const fa = await keyFingerprint(a.publicKey, webCryptoSha256);
    expect(fa).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
    await expect(keyFingerprint(a.publicKey, webCryptoSha256)).resolves.toBe(fa);
    await expect(keyFingerprint(b.publicKey, webCryptoSha256)).resolves.not.toBe(fa);
    expect(normalizeFingerprint(fa.toUpperCase().replaceAll(" ", ":"))).toBe(fa);
    expect(normalizeFingerprint(fa.replaceAll(" ", ""))).toBe(fa);
    expect(normalizeFingerprint(fa.slice(0, -1))).toBeNull();
  });

  it("reads only strict base64", () => {
    expect(fromBase64("AAEC")).toEqual(new Uint8Array([0, 1, 2]));
    for (const bad of ["", "AAE", "AA EC", "AAEC\n", "AA==AA==", "A-_B"]) expect(fromBase64(bad)).toBeNull();
  });
});
