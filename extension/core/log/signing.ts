// Pure: the install key's cryptography, over a WebCrypto `SubtleCrypto` passed in (the extension's, or Node 20's
// `globalThis.crypto.subtle`). ECDSA P-256 with SHA-256. A public key travels as base64 (RFC 4648, padded) of its
// SPKI DER; a signature as base64 of the 64-byte IEEE P1363 form (r || s) that WebCrypto writes; a key's
// fingerprint is the first 16 bytes of SHA-256 over its SPKI DER, as hex in groups of four.
import { toHex, type Digest } from "./canonical";

export const KEY_ALGORITHM = "ECDSA-P256-SHA256";
const GENERATE: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const IMPORT: EcKeyImportParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGN: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };

/** Something that signs with one key: the background's install key, or a test's. */
export interface Signer {
  /** base64 SPKI DER of the public key. */
  readonly publicKey: string;
  /** base64 of the P1363 signature over `bytes`. */
  sign(bytes: Uint8Array<ArrayBuffer>): Promise<string>;
}

export interface InstallKeyPair {
  /** Non-extractable: WebCrypto refuses to export it, so it can be stored (IndexedDB) but never read out. */
  privateKey: CryptoKey;
  publicKey: string;
}

/** A new key pair whose private half cannot be exported. */
export async function createInstallKey(subtle: SubtleCrypto): Promise<InstallKeyPair> {
  const pair = await subtle.generateKey(GENERATE, false, ["sign", "verify"]);
  return { privateKey: pair.privateKey, publicKey: toBase64(new Uint8Array(await subtle.exportKey("spki", pair.publicKey))) };
}

export const signerOf = (subtle: SubtleCrypto, key: InstallKeyPair): Signer => ({
  publicKey: key.publicKey,
  sign: async (bytes) => toBase64(new Uint8Array(await subtle.sign(SIGN, key.privateKey, bytes))),
});

/** Whether `signature` is `publicKey`'s over `bytes`. False, never a throw, for a malformed key or signature. */
export async function verifySignature(subtle: SubtleCrypto, publicKey: string, signature: string, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const spki = fromBase64(publicKey);
  const sig = fromBase64(signature);
  if (!spki || !sig || sig.length !== 64) return false;
  let key: CryptoKey;
  try {
    key = await subtle.importKey("spki", spki, IMPORT, false, ["verify"]);
  } catch {
    return false;
  }
  return subtle.verify(SIGN, key, sig, bytes);
}

/** A key's fingerprint: "1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d" (128 bits of SHA-256 over the SPKI DER). */
export async function keyFingerprint(publicKey: string, digest: Digest): Promise<string> {
  const spki = fromBase64(publicKey);
  if (!spki) throw new TypeError("not a base64 public key");
  return toHex(await digest(spki)).slice(0, 32).replace(/(.{4})(?!$)/g, "$1 ");
}

/** A fingerprint as a person may type it (any case, spaces or colons): its 32 hex digits, or null. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.toLowerCase().replace(/[\s:-]/g, "");
  return /^[0-9a-f]{32}$/.test(hex) ? hex.replace(/(.{4})(?!$)/g, "$1 ") : null;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s);
}

/** Strict base64 (padded, no whitespace) to bytes, or null. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (typeof text !== "string" || text.length === 0 || !BASE64.test(text)) return null;
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
