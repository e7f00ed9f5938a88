// Any page context: makes a p2p-media-loader 2.x engine (HlsJsP2PEngine, ShakaP2PEngine, …) follow the visitor's
// decision through its run-time configuration: `applyDynamicConfig({ core: { isP2PUploadDisabled, isP2PDisabled } })`.
import { watchConsent, type ConsentBinding, type ConsentOptions } from "../index";
import { UploadAllowance } from "../allowance";
import type { P2PConsentStatus } from "../status";

/** The two switches this adapter sets (p2p-media-loader-core DynamicCoreConfig, 2.x). */
export interface P2PMLSwitches {
  /** No P2P at all: the player loads over HTTP only. */
  isP2PDisabled: boolean;
  /** Download from peers but upload nothing: segments are no longer announced, requests answered "absent". */
  isP2PUploadDisabled: boolean;
}

/** The part of a p2p-media-loader engine this adapter uses. */
export interface P2PMLEngineLike {
  applyDynamicConfig(config: { core?: Partial<P2PMLSwitches> }): void;
  addEventListener?(event: "onChunkUploaded", listener: (bytesLength: number, peerId: string) => void): void;
  removeEventListener?(event: "onChunkUploaded", listener: (bytesLength: number, peerId: string) => void): void;
}

/**
 * Bytes kept back from a budget. Turning upload off stops new segments, not one already on its way, so the
 * upload reserve is a segment (a few seconds of a mid rendition). Control messages (requests, announcements)
 * are small; the last 16 KiB are kept for them, plus one data chunk (webRtcMaxMessageSize, 64 KiB − 1) that
 * may be in flight while allowed. Below that, P2P goes off entirely: with no budget even a request is refused.
 */
export const P2PML_RESERVE = Object.freeze({ uploadBytes: 1024 * 1024, controlBytes: 16 * 1024, chunkBytes: 64 * 1024 });

export function planP2PMediaLoader(status: P2PConsentStatus, leftBytes: number, reserve: Partial<typeof P2PML_RESERVE> = {}): P2PMLSwitches {
  const r = { ...P2PML_RESERVE, ...reserve };
  const off = { isP2PDisabled: true, isP2PUploadDisabled: true };
  if (status.seeding === "blocked") return off;
  if (status.seeding === "allowed") {
    if (leftBytes <= r.controlBytes + r.chunkBytes) return off;
    return { isP2PDisabled: false, isP2PUploadDisabled: leftBytes <= r.uploadBytes };
  }
  // download-only, undecided: peers may serve us; our requests fit Seedgate's download-only bound.
  return leftBytes <= r.controlBytes ? off : { isP2PDisabled: false, isP2PUploadDisabled: true };
}

export interface P2PMLConsentOptions extends ConsentOptions {
  reserve?: Partial<typeof P2PML_RESERVE>;
  onApply?: (switches: P2PMLSwitches, status: P2PConsentStatus) => void;
}

/** Keeps `engine` within the visitor's decision and budget until `stop()`. Rate limits are left to Seedgate. */
export function respectConsentP2PMediaLoader(engine: P2PMLEngineLike, options: P2PMLConsentOptions = {}): ConsentBinding {
  const allowance = new UploadAllowance();
  let status: P2PConsentStatus | null = null;
  let applied: P2PMLSwitches | null = null;

  const set = (s: P2PMLSwitches) => {
    if (applied && applied.isP2PDisabled === s.isP2PDisabled && applied.isP2PUploadDisabled === s.isP2PUploadDisabled) return;
    applied = s;
    engine.applyDynamicConfig({ core: { ...s } });
    if (status) options.onApply?.(s, status);
  };
  const apply = () => {
    if (status) set(planP2PMediaLoader(status, allowance.left, options.reserve));
  };
  const onChunkUploaded = (bytes: number) => {
    allowance.add(bytes);
    apply();
  };

  // Nothing is uploaded until the decision is known.
  set({ isP2PDisabled: false, isP2PUploadDisabled: true });
  engine.addEventListener?.("onChunkUploaded", onChunkUploaded);
  const unwatch = watchConsent((s) => {
    status = s;
    allowance.update(s);
    apply();
  }, options);

  return {
    get status() {
      return status;
    },
    stop() {
      unwatch();
      engine.removeEventListener?.("onChunkUploaded", onChunkUploaded);
    },
  };
}
