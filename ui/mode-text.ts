// Popup and options (DOM): the words for modes and statuses, in one place so both pages say the same thing
// (messages in locales/<lang>/common.json). Computed when the module loads: the browser's i18n API is synchronous.
import type { Mode, P2PConsentStatus } from "../extension/shared/status";
import type { UndecidedDefault } from "../extension/shared/ui-messages";
import { t } from "./i18n";

export interface Choice<V extends string> {
  value: V;
  label: string;
  description: string;
}

/** The four modes, in the order the options list them. */
export const MODE_CHOICES: readonly Choice<Mode>[] = [
  { value: "allow", label: t("modeAllow"), description: t("modeAllowDesc") },
  { value: "download-only", label: t("modeDownloadOnly"), description: t("modeDownloadOnlyDesc") },
  { value: "block", label: t("modeBlock"), description: t("modeBlockDesc") },
  { value: "undecided", label: t("modeUndecided"), description: t("modeUndecidedDesc") },
];

export const MODE_LABEL: Record<Mode, string> = Object.fromEntries(MODE_CHOICES.map((c) => [c.value, c.label])) as Record<
  Mode,
  string
>;

/** What an undecided site gets, for the options and first-run pages. */
export const DEFAULT_CHOICES: readonly Choice<UndecidedDefault>[] = [
  { value: "download-only", label: t("defaultDownloadOnly"), description: t("defaultDownloadOnlyDesc") },
  { value: "block", label: t("modeBlock"), description: t("defaultBlockDesc") },
];

export const SEEDING_TEXT: Record<P2PConsentStatus["seeding"], string> = {
  allowed: t("seedingAllowed"),
  "download-only": t("modeDownloadOnly"),
  blocked: t("seedingBlocked"),
  undecided: t("seedingUndecided"),
};

export const REASON_TEXT: Record<P2PConsentStatus["reason"], string> = {
  user: t("reasonUser"),
  default: t("reasonDefault"),
  quota: t("reasonQuota"),
  metered: t("reasonMetered"),
  policy: t("reasonPolicy"),
  private: t("reasonPrivate"),
};
