// Popup and options (DOM): the words for modes and statuses, in one place so both pages say the same thing.
import type { Mode, P2PConsentStatus } from "../extension/shared/status";
import type { UndecidedDefault } from "../extension/shared/ui-messages";

export interface Choice<V extends string> {
  value: V;
  label: string;
  description: string;
}

/** The four modes, in the order the popup lists them. */
export const MODE_CHOICES: readonly Choice<Mode>[] = [
  {
    value: "allow",
    label: "Allow seeding",
    description: "Your browser may upload this site's files to other visitors, within your upload budgets.",
  },
  {
    value: "download-only",
    label: "Download only",
    description: "Peers may send to you; your browser uploads only the little that downloading needs.",
  },
  {
    value: "block",
    label: "Block P2P",
    description: "No peer connections, so peers never see your IP address. The site must use its own servers.",
  },
  {
    value: "undecided",
    label: "Undecided (use default)",
    description: "Follow your default for undecided sites, set in Seedgate's options.",
  },
];

export const MODE_LABEL: Record<Mode, string> = Object.fromEntries(MODE_CHOICES.map((c) => [c.value, c.label])) as Record<
  Mode,
  string
>;

/** What an undecided site gets, for the options page. */
export const DEFAULT_CHOICES: readonly Choice<UndecidedDefault>[] = [
  {
    value: "download-only",
    label: "Download only (recommended)",
    description:
      "Sites may still use P2P to download to you; your browser uploads at most 64 KiB plus 2% of what it received from each site.",
  },
  {
    value: "block",
    label: "Block P2P",
    description:
      "No peer connections until you decide, so peers never see your IP address. Some sites may load more slowly.",
  },
];

export const SEEDING_TEXT: Record<P2PConsentStatus["seeding"], string> = {
  allowed: "Seeding allowed",
  "download-only": "Download only",
  blocked: "P2P blocked",
  undecided: "Undecided",
};

export const REASON_TEXT: Record<P2PConsentStatus["reason"], string> = {
  user: "your choice",
  default: "your default for undecided sites",
  quota: "upload budget used up",
  metered: "rule for metered connections",
  policy: "set by your administrator",
  private: "rule for private windows",
};
