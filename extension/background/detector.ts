// Background: turns what each frame's guard observed (`declare`, `detect`) into evidence that the tab's site is a
// P2P CDN — declared, signature (core/detection/match against the shipped list) or behaviour (a BitTorrent
// handshake, sustained uploads without media, or the site's uploads past its probation allowance, judged by the
// lease desk) — kept per site in the evidence store, shown on the badge within one repaint (250 ms) and handed to
// the audit log. The first evidence of a site makes its frames re-receive their policy: an undetected site was on
// probation, a detected one gets its default (core/policy).
import type { DetectMessage, FrameToBackground } from "../shared/messages";
import type { Evidence } from "../shared/ui-messages";
import type { Finding } from "../core/detection/evidence";
import { declaredByMeta, declaredByRequest } from "../core/detection/declared";
import { globalPathsToProbe, matchChannel, matchGlobals, matchMeta, matchScriptUrl, matchSocketUrl } from "../core/detection/match";
import { ConnectionClassifier, probationEvidence } from "../core/detection/behaviour";
import type { SignatureFile } from "../core/detection/signature-schema";
import type { Audit } from "./audit";

/** The part of a frame the detector reads (background/frame-hub.ts Frame). */
export interface DetectFrame {
  tabId: number;
  origin: string;
  site: string | null;
  /** In a private window: its evidence is kept in memory only and never logged. */
  incognito?: boolean;
}

export interface DetectorDeps<F extends DetectFrame> {
  signatures: SignatureFile | null;
  /** Records evidence for the tab's site (tab-state: evidence store + badge); `privateWindow`: in memory only. */
  record(tabId: number, site: string, e: Omit<Evidence, "at">, privateWindow: boolean): void;
  /** Whether `site` has any evidence yet. */
  detected(site: string): boolean;
  /** The site was just detected: its frames should hear their policy again. */
  repush(site: string): void;
  /** A frame declared itself: if its policy still leaves it untouched, it should hear it again (its guard holds). */
  declared(frame: F): void;
  /** Send the probe list to a frame. */
  probe(frame: F, msg: { type: "detect/probe"; paths: string[]; metaNames: string[] }): void;
  audit: Audit;
  now?: () => number;
}

/** Distinct reasons recorded per site in one background life (the signature list has ~30 rules). */
export const MAX_REASONS_PER_SITE = 64;

type DetectInput = Extract<FrameToBackground, { type: "declare" | "detect" | "conn/close" }>;

/** Bytes of a hex string: `"1342"` -> [0x13, 0x42]. The validator allows only whole lowercase hex pairs. */
function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

interface ConnState {
  classifier: ConnectionClassifier;
  up: number;
  messages: number;
  media: boolean;
  first: Uint8Array | string | undefined;
}

export class Detector<F extends DetectFrame> {
  private readonly paths: string[];
  private readonly metaNames: string[];
  /** Per frame: its connections' behaviour state, by the guard's connection id. */
  private readonly conns = new WeakMap<F, Map<number, ConnState>>();
  /** Evidence already recorded per site in this background's life (`kind|client|source|detail-of-declared`). */
  private readonly recorded = new Map<string, Set<string>>();
  private readonly now: () => number;

  constructor(private readonly deps: DetectorDeps<F>) {
    this.now = deps.now ?? (() => Date.now());
    const sigs = deps.signatures;
    this.paths = sigs ? globalPathsToProbe(sigs).slice(0, 200) : [];
    const names = new Set<string>();
    for (const c of sigs?.clients ?? []) for (const m of c.metas ?? []) names.add(m.name.toLowerCase());
    this.metaNames = [...names].slice(0, 16);
  }

  /** A frame said hello: it gets the list of globals and meta names to look for. */
  attached(frame: F): void {
    this.deps.probe(frame, { type: "detect/probe", paths: this.paths, metaNames: this.metaNames });
  }

  message(frame: F, msg: DetectInput): void {
    if (msg.type === "conn/close") {
      this.conns.get(frame)?.delete(msg.id);
      return;
    }
    const site = frame.site;
    if (!site) return;
    if (msg.type === "declare") {
      this.add(frame, site, declaredByRequest(msg), true);
      return;
    }
    this.observe(frame, site, msg);
  }

  /**
   * The site's frames together leased `committed` bytes on probation and `frame` asks for `need` more (lease
   * desk): past the allowance, that is behaviour evidence, whatever the page showed or reported.
   */
  probationSpent(frame: F, site: string, committed: number, need: number): void {
    const e = probationEvidence(committed, need);
    if (e) this.add(frame, site, e);
  }

  private observe(frame: F, site: string, msg: DetectMessage): void {
    const sigs = this.deps.signatures;
    for (const m of msg.metas) {
      if (m.name === "p2p-cdn") this.add(frame, site, declaredByMeta(m.content || null), true);
      else if (sigs) for (const e of matchMeta(m.name, m.content, sigs)) this.add(frame, site, e);
    }
    if (sigs) {
      for (const url of msg.scripts) for (const e of matchScriptUrl(url, sigs)) this.add(frame, site, e);
      for (const url of msg.sockets) for (const e of matchSocketUrl(url, sigs)) this.add(frame, site, e);
      for (const e of matchGlobals(msg.globals, sigs)) this.add(frame, site, e);
    }
    let conns = this.conns.get(frame);
    if (!conns) this.conns.set(frame, (conns = new Map()));
    const stateOf = (id: number): ConnState | undefined => {
      let s = conns.get(id);
      // Bounded: a page that invents connection ids does not grow this without limit.
      if (!s && conns.size < 512) conns.set(id, (s = { classifier: new ConnectionClassifier(), up: 0, messages: 0, media: false, first: undefined }));
      return s;
    };
    for (const ch of msg.channels) {
      const bytes: Uint8Array | string = ch.hex !== undefined ? hexBytes(ch.hex) : (ch.text ?? "");
      if (sigs) for (const e of matchChannel(ch.label, bytes, sigs)) this.add(frame, site, e);
      const s = stateOf(ch.conn);
      if (s && s.first === undefined) {
        s.first = bytes;
        this.feed(frame, site, s);
      }
    }
    for (const c of msg.conns) {
      const s = stateOf(c.id);
      if (!s) continue;
      s.up += c.up;
      s.messages += c.messages;
      s.media ||= c.media;
      this.feed(frame, site, s);
    }
  }

  private feed(frame: F, site: string, s: ConnState): void {
    const e = s.classifier.observe({
      at: this.now(),
      hasMediaTracks: s.media,
      bytesUp: s.up,
      bytesDown: 0,
      messagesUp: s.messages,
      ...(s.first !== undefined ? { firstMessage: s.first } : {}),
    });
    if (e) this.add(frame, site, e);
  }

  /** Records `e` once per site (per rule) for this background's life; the first evidence of a site re-pushes it. */
  private add(frame: F, site: string, e: Finding, declared = false): void {
    const first = !this.deps.detected(site);
    let seen = this.recorded.get(site);
    if (!seen) {
      if (this.recorded.size > 5000) this.recorded.clear();
      this.recorded.set(site, (seen = new Set()));
    }
    const key = `${e.kind}|${e.client ?? ""}|${e.source}|${e.kind === "declared" ? e.detail : ""}`;
    // Bounded: a page that declares itself under endless names does not flood the evidence or the log.
    if (!seen.has(key) && seen.size < MAX_REASONS_PER_SITE) {
      seen.add(key);
      const ui: Omit<Evidence, "at"> = { kind: e.kind, detail: e.detail, source: e.source, text: e.text };
      if (e.client !== undefined) ui.client = e.client;
      const privateWindow = frame.incognito === true;
      this.deps.record(frame.tabId, site, ui, privateWindow);
      // What a private window showed is not written to the log (it would keep a record of private browsing).
      if (!privateWindow) this.deps.audit.record({ type: "detection", site, frameOrigin: frame.origin || null, tab: frame.tabId, details: { evidence: e.kind, detail: e.detail } });
    }
    if (first) this.deps.repush(site);
    else if (declared) this.deps.declared(frame);
  }
}
