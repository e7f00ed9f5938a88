// Popup and options -> background (runtime.sendMessage): every request type and the reply it gets.
import type { Mode, P2PConsentStatus } from "./status";

/** Popup and options -> background (runtime.sendMessage). */
export interface SiteView {
  site: string | null;
  mode: Mode;
  effective: P2PConsentStatus | null;
  hideIp: boolean;
  detected: boolean;
  evidence: { kind: "declared" | "signature" | "behaviour"; detail: string; at: string }[];
  tab: { up: number; down: number; refused: number } | null;
}

export type UiRequest =
  | { type: "site/get"; tabId: number }
  | { type: "site/set-mode"; site: string; mode: Mode }
  | { type: "site/set-hide-ip"; site: string; hideIp: boolean };

export interface UiReply {
  "site/get": SiteView;
  "site/set-mode": void;
  "site/set-hide-ip": void;
}

