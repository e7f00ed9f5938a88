// Shared by every context: the typed messages of each trust boundary. One union per boundary.
import type { FramePolicy, Mode, P2PConsentStatus } from "./status";

/** Per-connection counters since the previous report (deltas, bytes). */
export interface ConnUsage {
  id: number;
  up: number;
  down: number;
  /** Sends refused by the guard on this connection since the previous report. */
  refused: number;
}

/**
 * Guard (MAIN world) -> bridge -> background. The page can run code in the guard's world, so the bridge
 * validates every one of these (core/validate) and the background never trusts a number it can check.
 */
export type GuardMessage =
  | { type: "usage"; conns: ConnUsage[] }
  | { type: "lease/request"; need: number }
  | { type: "lease/return"; bytes: number }
  | { type: "declare"; client: string; version?: string; purpose?: string }
  | { type: "conn/open"; id: number; iceServers: string[]; relayOnly: boolean }
  | { type: "conn/close"; id: number };

/** Bridge (isolated world) -> background, on the runtime port, besides relayed guard messages. */
export type BridgeMessage = { type: "frame/hello"; origin: string; top: boolean; url: string };

export type FrameToBackground = GuardMessage | BridgeMessage;

/** Background -> bridge -> guard. */
export type BackgroundMessage =
  | { type: "policy"; policy: FramePolicy }
  | { type: "lease/grant"; bytes: number }
  /** No more budget: queued sends that the lease does not cover must be refused. */
  | { type: "lease/exhausted" }
  /** Give back the unused lease (another frame of the site needs it). */
  | { type: "lease/recall" };

/** Name of the runtime port each frame's bridge opens to the background. */
export const FRAME_PORT = "seedgate/frame";

export type { FramePolicy, Mode, P2PConsentStatus };
