// Options (DOM): the words for modes and rules on the options page, the same words as the popup's.
// (Until the popup's names move to locales/*/common.json, the options page keeps its own keys: optMode*.)
import type { Mode } from "../extension/shared/status";
import type { PrivateWindowMode, UndecidedDefault } from "../extension/shared/ui-messages";
import { t } from "../ui/i18n";

/** The modes in the order the popup lists them. */
export const MODES: readonly Mode[] = ["allow", "download-only", "block", "undecided"];

export function modeName(mode: Mode): string {
  switch (mode) {
    case "allow":
      return t("optModeAllow");
    case "download-only":
      return t("optModeDownloadOnly");
    case "block":
      return t("optModeBlock");
    case "undecided":
      return t("optModeUndecided");
  }
}

export function modeDescription(mode: Mode): string {
  switch (mode) {
    case "allow":
      return t("optModeAllowHelp");
    case "download-only":
      return t("optModeDownloadOnlyHelp");
    case "block":
      return t("optModeBlockHelp");
    case "undecided":
      return t("optModeUndecidedHelp");
  }
}

export function defaultChoices(): { value: UndecidedDefault; label: string; description: string }[] {
  return [
    { value: "download-only", label: t("optDefaultDownloadOnly"), description: t("optDefaultDownloadOnlyHelp") },
    { value: "block", label: t("optModeBlock"), description: t("optDefaultBlockHelp") },
  ];
}

export function privateChoices(): { value: PrivateWindowMode; label: string; description: string }[] {
  return [
    { value: "download-only", label: t("optPrivateDownloadOnly"), description: t("optPrivateDownloadOnlyHelp") },
    { value: "block", label: t("optPrivateBlock"), description: t("optPrivateBlockHelp") },
    { value: "follow", label: t("optPrivateFollow"), description: t("optPrivateFollowHelp") },
  ];
}
