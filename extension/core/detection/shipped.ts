// Pure: the signature list that ships inside the extension (DESIGN.md promise 6: no remote configuration).
// Updating extension/signatures/signatures.json changes detection with no code change.
import raw from "../../signatures/signatures.json";
import { parseSignatures, type SignatureFile } from "./signature-schema";

let parsed: ReturnType<typeof parseSignatures> | null = null;

/** The shipped list, validated once. Null if the file is broken (its test fails first); `shippedSignatureProblems()` says why. */
export function shippedSignatures(): SignatureFile | null {
  parsed ??= parseSignatures(raw);
  return parsed.ok ? parsed.value : null;
}

export function shippedSignatureProblems(): string[] {
  parsed ??= parseSignatures(raw);
  return parsed.ok ? [] : parsed.errors;
}
