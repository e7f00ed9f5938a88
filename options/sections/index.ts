// Options (DOM): the sections of the options page, in the order of the navigation.
import { DefaultsSection } from "./defaults";
import { PrivacySection } from "./privacy";
import type { Section } from "./section";
import { SitesSection } from "./sites";
import { LogSection } from "./log";
import { SettingsTransferSection } from "./settings-transfer";
import { BudgetsSection } from "./budgets";

export const SECTIONS: readonly Section[] = [
  { id: "defaults", title: "Defaults", Component: DefaultsSection },
  { id: "sites", title: "Sites", Component: SitesSection },
  { id: "budgets", title: "Budgets", Component: BudgetsSection },
  { id: "privacy", title: "Privacy", Component: PrivacySection },
  { id: "log", title: "Log", Component: LogSection },
  { id: "import-export", title: "Import and export", Component: SettingsTransferSection },
];
