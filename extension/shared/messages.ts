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
  /** A connection became connected: candidate types on each side and the remote end of the selected pair (getStats). */
  | { type: "conn/peer"; id: number; local: PeerCandidateType[]; remote: PeerCandidateType[]; selected: PeerCandidate | null }
  /**
   * The background settled this frame's leases of `epoch` (a new regime, or a restarted background): all the lease
   * it was granted under that epoch, and what it had not used. Lets the background give back what never arrived.
   */
  | { type: "lease/settle"; epoch: number; granted: number; returned: number; left: number }
  /** What the page showed that detection reads (batched, deduplicated, bounded; see page/detect-observer.ts). */
  | DetectMessage;

export type PeerCandidateType = "host" | "srflx" | "prflx" | "relay";
/** The remote end of a selected candidate pair: the address and port that learned the visitor's address. */
export interface PeerCandidate {
  /** As the peer announced it (an IP, or an mDNS name for a hidden host address); null when the browser did not say. */
  address: string | null;
  port: number;
  candidateType: PeerCandidateType | null;
  protocol: "udp" | "tcp" | null;
}

/** A data channel's label and its first message in one direction (at most 256 bytes: hex, or text if a string). */
export interface ChannelSeen {
  conn: number;
  label: string;
  dir: "up" | "down";
  hex?: string;
  text?: string;
}

/** Per-connection facts for the behaviour rule since the previous report (deltas; media is sticky). */
export interface ConnFacts {
  id: number;
  up: number;
  messages: number;
  media: boolean;
}

export interface DetectMessage {
  type: "detect";
  /** Absolute URLs of scripts the document loaded or inserted (and modules it imported). */
  scripts: string[];
  /** WebSocket URLs the page opened (trackers, signalling). */
  sockets: string[];
  /** Paths from the probe list (`detect/probe`) found on the realm's global object. */
  globals: string[];
  /** `<meta name|property content>` elements of interest (p2p-cdn, og:platform, ...). */
  metas: { name: string; content: string }[];
  channels: ChannelSeen[];
  conns: ConnFacts[];
}

/**
 * The guard message types the bridge forwards (everything else from the page's world is dropped). A record over the
 * union, so a new guard message that is not listed here does not compile (and a listed one must exist).
 */
const GUARD_TYPES: Record<GuardMessage["type"], true> = {
  usage: true,
  "lease/request": true,
  "lease/return": true,
  declare: true,
  "conn/open": true,
  "conn/blocked": true,
  "conn/close": true,
  detect: true,
  "conn/peer": true,
  "lease/settle": true,
};
export const GUARD_MESSAGE_TYPES: ReadonlySet<string> = new Set(Object.keys(GUARD_TYPES));

/**
 * Bridge (isolated world) -> background, on the runtime port, besides relayed guard messages. Only the bridge can
 * say these: it never relays a guard message of these types. `metered` (top frames, where the browser has
 * `navigator.connection`): `saveData`, or `type: "cellular"`, as the isolated world reads them (bridge/metered.ts).
 */
export type BridgeMessage =
  | { type: "frame/hello"; origin: string; top: boolean; url: string; metered?: boolean }
  | { type: "net"; metered: boolean };

export type FrameToBackground = GuardMessage | BridgeMessage;

/** Background -> bridge -> guard. */
/** `pool` is the site's unleased budget after the message; null = unlimited. Every field is always present. */
export type BackgroundMessage =
  /** The frame's policy; `resetLease` when the frame's lease was settled (the regime changed or the background restarted). */
  /**
   * `epoch` names the leases granted from now on; it changes with `resetLease`. Uploads and returns the guard
   * reports under an earlier epoch were covered by leases the background already settled (counted as spent).
   */
  /**
   * `probation`: the site is undetected and nobody decided (leased from its probation allowance): sends beyond
   * the lease wait while the background judges the site; none is refused until a policy without it arrives.
   */
  | { type: "policy"; policy: FramePolicy; pool: number | null; resetLease: boolean; epoch: number; probation: boolean }
  | { type: "lease/grant"; bytes: number; pool: number | null }
  /** The site has less than the frame asked for: queued sends that its lease does not cover are refused. */
  | { type: "lease/exhausted"; pool: number | null }
  /** Give back the unused lease (another frame of the site needs it). */
  | { type: "lease/recall" }
  /** The pool changed (received bytes grew the download-only bound, a budget refilled, a lease came back). */
  | { type: "lease/pool"; pool: number | null }
  /** The global object paths the guard should look for (from the shipped signature list). */
  | { type: "detect/probe"; paths: string[]; metaNames: string[] };

/** Name of the runtime port each frame's bridge opens to the background. */
export const FRAME_PORT = "seedgate/frame";

export type { FramePolicy, Mode, P2PConsentStatus };
