// Options (DOM): the words of the Log section's install key, verification and report parts, in one place for i18n.
import type { JsonlVerdict, SigningKey } from "../../extension/core/log";

export const KEY_TEXT = {
  heading: "Install key",
  lead:
    "Seedgate signs every JSON Lines export, and a checkpoint in the log at least hourly and every 1,000 entries, with a key " +
    "made in this browser. Its private half can't be read out or exported; its fingerprint below identifies it. Note it " +
    "or publish it: a signed file that verifies under this fingerprint was written by this install and not changed since.",
  fingerprint: "Fingerprint",
  created: "Created",
  copyFingerprint: "Copy fingerprint",
  copyPublicKey: "Copy public key",
  copied: (what: string) => `${what} copied.`,
  copyFailed: "Couldn't copy: select the text and copy it.",
  rotate: "Rotate key…",
  rotateConfirm:
    "Make a new key? The current key signs one last checkpoint naming the new key, then it is deleted: files exported " +
    "before still verify under the old fingerprint, and later files under the new one.",
  rotateNow: "Make a new key",
  cancel: "Cancel",
  rotated: "A new key signs from now on.",
  previous: "Earlier keys",
  retired: (at: string) => `retired ${at}`,
  loading: "Reading the install key…",
  error: "Couldn't read the install key",
};

const keyName = (k: SigningKey, current: string | null, previous: readonly string[]) =>
  k.fingerprint === current ? `this install's key ${k.fingerprint}` : previous.includes(k.fingerprint) ? `an earlier key of this install, ${k.fingerprint}` : `key ${k.fingerprint}, which is NOT this install's key`;

export type VerdictLevel = "ok" | "warning" | "broken";

/** The Log section's verdict on a file, in words, comparing the signing key with this install's. */
export function verdictText(name: string, v: JsonlVerdict, current: string | null, previous: readonly string[]): { level: VerdictLevel; text: string } {
  if (!v.ok) return { level: "broken", text: `${name}: broken at line ${v.line}${v.seq === null ? "" : ` (seq ${v.seq})`}: ${v.reason}.` };
  const from = v.checkpoint ? `, continuing from checkpoint seq ${v.checkpoint.seq}` : "";
  const s = v.signing;
  if (!s.signed) {
    return { level: "warning", text: `${name}: chain only: ${v.count.toLocaleString()} entries${from}, intact but unsigned (an export of an earlier version): anyone could have written it.` };
  }
  const foreign = s.key.fingerprint !== current && !previous.includes(s.key.fingerprint);
  const rotated = s.keys.length > 1 ? ` The key was rotated: ${s.keys.map((k) => k.fingerprint).join(" → ")}.` : "";
  return {
    level: foreign ? "warning" : "ok",
    text: `${name}: intact and signed by ${keyName(s.key, current, previous)}. ${v.count.toLocaleString()} entries${from}, ${s.checkpoints} signed checkpoint${s.checkpoints === 1 ? "" : "s"}.${rotated}`,
  };
}

export const VERIFY_TEXT = {
  label: "Verify an exported log (.jsonl) or report (.html)",
  checking: (name: string) => `Checking ${name}…`,
  unreadable: (name: string, why: string) => `${name}: could not be read: ${why}`,
  reportOk: (name: string, site: string) => `The report for ${site} is exactly what its embedded export yields.`,
  reportBroken: (name: string, why: string) => `${name}: ${why}.`,
};

export const REPORT_UI_TEXT = {
  heading: "Report for a site",
  lead:
    "One HTML file for a site and a period: bytes up and down over time, who learned your IP address, detections, decisions " +
    "and what was enforced, with the signed export embedded so it can be checked (here or with npm run verify-log).",
  site: "Report site",
  from: "Report from",
  to: "Report to",
  save: "Save report",
  making: "Making the report…",
  saved: (file: string) => `Saved ${file}.`,
  needSite: "Enter a site first.",
  error: "Couldn't make the report",
};
