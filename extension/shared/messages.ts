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
  /** `epoch`: of the policy whose leases covered these uploads (see `policy`). */
  | { type: "usage"; conns: ConnUsage[]; epoch: number }
  | { type: "lease/request"; need: number }
  | { type: "lease/return"; bytes: number; epoch: number }
  | { type: "declare"; client: string; version?: string; purpose?: string }
  | { type: "conn/open"; id: number; iceServers: string[]; relayOnly: boolean }
  /** A peer connection was refused (blocked site): nothing was created, but the page tried. */
  | { type: "conn/blocked" }
  | { type: "conn/close"; id: number }
  /**
   * The background settled this frame's leases of `epoch` (a new regime, or a restarted background): all the lease
   * it was granted under that epoch, and what it had not used. Lets the background give back what never arrived.
   */
  | { type: "lease/settle"; epoch: number; granted: number; left: number }
  /** What `navigator.connection` says (top frames): `saveData`, or `type: "cellular"` where the browser has it. */
  | { type: "net"; metered: boolean };

/** The guard message types the bridge forwards (everything else from the page's world is dropped). */
export const GUARD_MESSAGE_TYPES: ReadonlySet<string> = new Set<GuardMessage["type"]>([
  "usage",
  "lease/request",
  "lease/return",
  "declare",
  "conn/open",
  "conn/blocked",
  "conn/close",
  "net",
  "lease/settle",
]);

/** Bridge (isolated world) -> background, on the runtime port, besides relayed guard messages. */
export type BridgeMessage = { type: "frame/hello"; origin: string; top: boolean; url: string };

export type FrameToBackground = GuardMessage | BridgeMessage;

/** Background -> bridge -> guard. */
/** `pool` is the site's unleased budget after the message; null = unlimited. Every field is always present. */
export type BackgroundMessage =
  /** The frame's policy; `resetLease` when the frame's lease was settled (the regime changed or the background restarted). */
  /**
   * `epoch` names the leases granted from now on; it changes with `resetLease`. Uploads and returns the guard
   * reports under an earlier epoch were covered by leases the background already settled (counted as spent).
   */
  | { type: "policy"; policy: FramePolicy; pool: number | null; resetLease: boolean; epoch: number }
  | { type: "lease/grant"; bytes: number; pool: number | null }
  /** The site has less than the frame asked for: queued sends that its lease does not cover are refused. */
  | { type: "lease/exhausted"; pool: number | null }
  /** Give back the unused lease (another frame of the site needs it). */
  | { type: "lease/recall" }
  /** The pool changed (received bytes grew the download-only bound, a budget refilled, a lease came back). */
  | { type: "lease/pool"; pool: number | null };

/** Name of the runtime port each frame's bridge opens to the background. */
export const FRAME_PORT = "seedgate/frame";

export type { FramePolicy, Mode, P2PConsentStatus };
