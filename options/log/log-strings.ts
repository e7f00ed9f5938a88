// Options (DOM): the words of the Log section's verdicts on a verified file, in the UI language. The reasons the
// core gives for a broken file stay as the core words them.
import type { JsonlVerdict, SigningKey } from "../../extension/core/log";
import { formatNumber, t, tn } from "../../ui/i18n";

const keyName = (k: SigningKey, current: string | null, previous: readonly string[]) =>
  k.fingerprint === current ? t("logKeyThisInstall", { fingerprint: k.fingerprint }) : previous.includes(k.fingerprint) ? t("logKeyEarlier", { fingerprint: k.fingerprint }) : t("logKeyForeign", { fingerprint: k.fingerprint });

export type VerdictLevel = "ok" | "warning" | "broken";

/** The Log section's verdict on a file, in words, comparing the signing key with this install's. */
export function verdictText(name: string, v: JsonlVerdict, current: string | null, previous: readonly string[]): { level: VerdictLevel; text: string } {
  if (!v.ok)
    return {
      level: "broken",
      text: v.seq === null ? t("logVerdictBroken", { file: name, line: v.line, reason: v.reason }) : t("logVerdictBrokenSeq", { file: name, line: v.line, seq: v.seq, reason: v.reason }),
    };
  const count = tn("logVerdictEntries", v.count);
  const entries = v.checkpoint ? t("logVerdictFromCheckpoint", { entries: count, seq: v.checkpoint.seq }) : count;
  const s = v.signing;
  if (!s.signed) return { level: "warning", text: t("logVerdictUnsigned", { file: name, entries }) };
  const foreign = s.key.fingerprint !== current && !previous.includes(s.key.fingerprint);
  const rotated = s.keys.length > 1 ? ` ${t("logVerdictRotated", { keys: s.keys.map((k) => k.fingerprint).join(" → ") })}` : "";
  return {
    level: foreign ? "warning" : "ok",
    text: `${t("logVerdictSigned", { file: name, key: keyName(s.key, current, previous), entries, checkpoints: tn("logVerdictCheckpoints", s.checkpoints) })}${rotated}`,
  };
}

export const verifyText = {
  label: () => t("logVerifyLabel"),
  checking: (file: string) => t("logVerifyChecking", { file }),
  unreadable: (file: string, why: string) => t("logVerifyUnreadable", { file, why }),
  reportOk: (_file: string, site: string) => t("logVerifyReportOk", { site }),
  reportBroken: (file: string, why: string) => t("logVerifyReportBroken", { file, why }),
};

/** A number in the UI language (exported for the panels). */
export const n = (x: number) => formatNumber(x);
