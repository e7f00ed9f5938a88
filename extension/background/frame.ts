// Background: one frame the background talks to (its bridge's runtime port), as the frame hub, the lease desk and the
// log know it. Its own module so the hub and the desk, which both use it, do not import each other.
import type { Runtime } from "../platform/browser";
import type { FramePolicy } from "../shared/status";

export interface Frame {
  port: Runtime.Port;
  tabId: number;
  frameId: number;
  incognito: boolean;
  /** The frame's own origin (recorded in the log; decisions use `site`). */
  origin: string;
  top: boolean;
  /** The top-level page's site; null until known (the guard fails closed meanwhile). */
  site: string | null;
  ledgerKey: string | null;
  policy: FramePolicy | null;
  /** Epoch of the leases the frame holds now (sent with its policy; see BackgroundMessage "policy"). */
  epoch: number;
  /** The ledger that settled the frame's previous leases: usage and returns of an older epoch go there. */
  settledKey: string | null;
  /** The frame was last told its site is on probation (undetected, nobody decided; see LeaseDesk.setProbation). */
  probation: boolean;
}
