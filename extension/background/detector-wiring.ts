// Background: connects the detector to the frame hub, the tab state (badge, evidence store) and the audit seam.
import { shippedSignatureProblems, shippedSignatures } from "../core/detection/shipped";
import type { EvidenceStore } from "./evidence-store";
import { Detector } from "./detector";
import type { DetectorHooks } from "./frame-hub";
import type { Frame } from "./frame";
import type { TabState } from "./tab-state";

/**
 * The hub's detector factory (HubDeps.detector). `detectedFirst`: a site's first evidence was recorded (the request
 * header starts for it).
 */
export const detectorFor = (tabs: TabState, evidence: EvidenceStore, detectedFirst: (site: string) => void = () => {}) => (hub: DetectorHooks): Detector<Frame> => {
  const signatures = shippedSignatures();
  // A broken list (its unit test fails first) leaves declared and behaviour evidence working.
  if (!signatures) console.error("Seedgate: the signature list is invalid:", shippedSignatureProblems());
  const detector = new Detector<Frame>({
    signatures,
    record: (tabId, site, e, privateWindow) => tabs.evidence(tabId, site, e, privateWindow),
    detected: (site) => evidence.of(site).length > 0,
    repush: (site) => {
      hub.pushSite(site);
      detectedFirst(site);
    },
    declared: (frame) => {
      // Only a frame still told "probation" needs it (a policy that crossed the declaration): not one per request().
      if (frame.probation) hub.pushPolicy(frame);
    },
    probe: (frame, msg) => {
      try {
        frame.port.postMessage(msg);
      } catch {
        // the frame went away
      }
    },
    audit: hub.audit,
  });
  return detector;
};
