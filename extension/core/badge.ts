// Pure: what the toolbar badge shows for a tab — one glance tells undecided, allowed (and how much went up),
// download only, blocked, and a page that ignored the user's choice.
import type { Mode } from "../shared/status";

export interface BadgeState {
  /** The mode in force for the tab's site; null = no P2P activity seen (the badge stays empty). */
  mode: Mode | null;
  /** The site was detected as a P2P CDN (declared, signature or behaviour). */
  detected: boolean;
  /** Bytes the tab uploaded to peers since its page loaded. */
  uploadedBytes: number;
  /** Sends the guard refused in the tab: the page did not respect the signal. */
  refused: number;
}

export interface Badge {
  text: string;
  /** Background colour; every one has a contrast ratio of at least 4.5:1 with the badge's white text. */
  color: string;
  title: string;
}

export const BADGE_COLORS = {
  refused: "#C5221F",
  undecided: "#B45309",
  allowed: "#137333",
  downloadOnly: "#1967D2",
  blocked: "#5F6368",
} as const;

const NAME = "Seedgate";

export function badgeFor(state: BadgeState): Badge {
  const { mode, detected, uploadedBytes, refused } = state;
  if (refused > 0) {
    const sends = refused === 1 ? "1 upload" : `${countOf(refused)} uploads`;
    return { text: "!", color: BADGE_COLORS.refused, title: `${NAME}: this page ignored your choice; ${sends} refused` };
  }
  if (mode === null) return { text: "", color: BADGE_COLORS.blocked, title: NAME };
  if (mode === "block") return { text: "OFF", color: BADGE_COLORS.blocked, title: `${NAME}: peer-to-peer blocked on this site` };
  // Peer connections that are not a P2P CDN (a video call, a game) are left alone and not flagged.
  if (!detected) return { text: "", color: BADGE_COLORS.blocked, title: NAME };
  switch (mode) {
    case "undecided":
      return { text: "?", color: BADGE_COLORS.undecided, title: `${NAME}: this site wants to use your connection as a P2P CDN; download only until you decide` };
    case "download-only":
      return { text: "↓", color: BADGE_COLORS.downloadOnly, title: `${NAME}: download only; this site may not upload your bandwidth to peers` };
    case "allow":
      return { text: badgeBytes(uploadedBytes), color: BADGE_COLORS.allowed, title: `${NAME}: seeding allowed; ${countOf(uploadedBytes)} bytes uploaded to peers from this tab` };
  }
}

function countOf(n: number): string {
  return (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0).toLocaleString("en");
}

const UNITS = ["K", "M", "G", "T", "P", "E"] as const;

/**
 * A byte count in at most 4 characters for the badge, in binary units (1K = 1024), rounded down so it never
 * shows more than was uploaded: `0`, `999`, `1023`, `1K`, `1.2K`, `340K`, `0.9M`, `1.2M`. Invalid counts show `0`.
 */
export function badgeBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return "0";
  if (n < 1024) return String(Math.floor(n));
  let k = 1;
  while (k < UNITS.length && n / 1024 ** k >= 1000) k++;
  const unit = UNITS[k - 1] as string;
  const base = 1024 ** k;
  const value = n / base;
  if (value >= 1000) return `999${unit}`;
  if (value >= 10) return `${Math.floor(value)}${unit}`;
  // Dividing by a power of two is exact, so the tenth digit is never off by float rounding.
  const tenths = Math.floor((n * 10) / base);
  const whole = Math.floor(tenths / 10);
  return tenths % 10 === 0 ? `${whole}${unit}` : `${whole}.${tenths % 10}${unit}`;
}
