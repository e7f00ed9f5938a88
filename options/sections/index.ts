// Options (DOM): the sections of the options page, in the order of the navigation.
import { t } from "../../ui/i18n";
import { DefaultsSection } from "./defaults";
import { LogSection } from "./log";
import { PrivacySection } from "./privacy";
import type { Section } from "./section";
import { SettingsTransferSection } from "./settings-transfer";
import { SitesSection } from "./sites";

export const SECTIONS: readonly Section[] = [
  { id: "sites", title: () => t("optNavSites"), Component: SitesSection },
  { id: "defaults", title: () => t("optNavDefaults"), Component: DefaultsSection },
  { id: "log", title: () => t("optNavLog"), Component: LogSection },
  { id: "privacy", title: () => t("optNavPrivacy"), Component: PrivacySection },
  { id: "import-export", title: () => t("optNavImportExport"), Component: SettingsTransferSection },
];
