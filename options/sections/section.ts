// Options (DOM): what a section of the options page is. New sections (budgets, metered rule, log, import/export)
// add a file here and one entry in sections/index.ts.
import type { ComponentType } from "preact";

export interface Section {
  /** URL fragment that selects the section: options.html#sites. */
  id: string;
  title: string;
  Component: ComponentType<{ headingId: string }>;
}
