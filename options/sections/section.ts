// Options (DOM): what a section of the options page is. A section adds a file here and one entry in
// sections/index.ts; `param` is the rest of its route (route.ts), e.g. the site of #/sites/<site>.
import type { ComponentType } from "preact";

export interface SectionProps {
  headingId: string;
  param: string | null;
}

export interface Section {
  /** The route's first segment: options.html#/sites. */
  id: string;
  /** The section's name, in the UI language (read when the navigation renders). */
  title: () => string;
  Component: ComponentType<SectionProps>;
}
