// Pure: one line of plain words for a verification verdict (what `npm run verify-log` prints), and whether a verdict
// passes when the person expects a given key (`--key FINGERPRINT`).
import type { Checkpoint } from "./entry";
import { normalizeFingerprint } from "./signing";
import type { JsonlVerdict } from "./verify-file";

const point = (c: Checkpoint | null) => (c ? `seq ${c.seq} (${c.hash})` : "none");

/** Why a verdict that verified is still refused for `expectedKey` (a typed fingerprint), or null when it passes. */
export function keyRefusal(v: JsonlVerdict, expectedKey: string | null): string | null {
  if (!v.ok || expectedKey === null) return null;
  const want = normalizeFingerprint(expectedKey);
  if (want === null) return `"${expectedKey}" is not a key fingerprint (32 hex digits)`;
  if (!v.signing.signed) return `the file is not signed (chain only), and key ${want} was expected`;
  return v.signing.key.fingerprint === want ? null : `signed by key ${v.signing.key.fingerprint}, not by the expected key ${want}`;
}

/** `FILE: OK, ...`, `FILE: BROKEN at line L (seq S): ...` or `FILE: REFUSED: ...`. */
export function verdictLine(name: string, v: JsonlVerdict, expectedKey: string | null = null): string {
  if (!v.ok) return `${name}: BROKEN at line ${v.line}${v.seq === null ? "" : ` (seq ${v.seq})`}: ${v.reason}`;
  const refused = keyRefusal(v, expectedKey);
  if (refused) return `${name}: REFUSED: ${refused}`;
  const chain = `${v.count} entries; checkpoint ${point(v.checkpoint)}; head ${point(v.head)}`;
  const s = v.signing;
  const n = `${s.checkpoints} signed checkpoint${s.checkpoints === 1 ? "" : "s"}`;
  const rotated = s.keys.length > 1 ? `; key rotated: ${s.keys.map((k) => `${k.fingerprint} from seq ${k.since}`).join(", then ")}` : "";
  if (s.signed) return `${name}: OK, ${chain}; signed by key ${s.key.fingerprint} (${n}${rotated})`;
  const vouched = s.vouchedThrough === null ? "" : `; its ${n} vouch for seq ${s.vouchedThrough} and before (key ${s.keys.at(-1)!.fingerprint}${rotated})`;
  return `${name}: OK (chain only: an unsigned export, so anyone could have written it), ${chain}${vouched}`;
}
