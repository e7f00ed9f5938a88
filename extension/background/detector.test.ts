import type { DetectMessage } from "../shared/messages";
import type { Evidence } from "../shared/ui-messages";
import { shippedSignatures } from "../core/detection/shipped";
import type { LogInput } from "../core/log";
import { Detector, MAX_REASONS_PER_SITE, type DetectFrame } from "./detector";

const KiB = 1024;
const handshakeHex =
  "13426974546f7272656e742070726f746f636f6c" + "0000000000100005" + "d2474e86c95b19b8bcfdb92bc12c9d44667cfa36" + Buffer.from("-WW0208-a1b2c3d4e5f6").toString("hex");

function setup(signatures = shippedSignatures()) {
  const recorded: { tabId: number; site: string; e: Omit<Evidence, "at"> }[] = [];
  const audit: LogInput[] = [];
  const repushed: string[] = [];
  const redeclared: DetectFrame[] = [];
  const probes: unknown[] = [];
  let t = 0;
  const detector = new Detector<DetectFrame>({
    signatures,
    record: (tabId, site, e) => void recorded.push({ tabId, site, e }),
    detected: (site) => recorded.some((r) => r.site === site),
    repush: (site) => void repushed.push(site),
    declared: (f) => void redeclared.push(f),
    probe: (_f, msg) => void probes.push(msg),
    audit: { record: (i) => void audit.push(i) },
    now: () => t,
  });
  const frame: DetectFrame = { tabId: 7, origin: "https://video.example", site: "video.example" };
  return { detector, frame, recorded, audit, repushed, redeclared, probes, tick: (ms: number) => (t += ms) };
}

const detect = (o: Partial<DetectMessage>): DetectMessage => ({ type: "detect", scripts: [], sockets: [], globals: [], metas: [], channels: [], conns: [], ...o });

test("a frame is told which globals and meta names to look for", () => {
  const { detector, frame, probes } = setup();
  detector.attached(frame);
  expect(probes).toEqual([expect.objectContaining({ type: "detect/probe", paths: expect.arrayContaining(["peer5", "WebTorrent.WEBRTC_SUPPORT"]), metaNames: ["og:platform"] })]);
});

test("signature evidence from scripts, sockets and globals; once per rule; audited; the first one re-pushes the site", () => {
  const { detector, frame, recorded, audit, repushed } = setup();
  detector.message(frame, detect({ scripts: ["https://api.peer5.com/peer5.js?id=abc"], sockets: ["wss://tracker.novage.com.ua/"], globals: ["peer5", "Peer.DEFAULT_KEY"] }));
  detector.message(frame, detect({ scripts: ["https://api.peer5.com/peer5.js?id=abc"] }));
  // One record per rule: Peer5's script and its global are two reasons; the repeated script is not a third.
  expect(recorded.map((r) => r.e.client)).toEqual(["peer5", "p2p-media-loader", "peer5"]);
  expect(recorded.every((r) => r.site === "video.example" && r.tabId === 7 && r.e.source)).toBe(true);
  expect(audit).toHaveLength(3);
  expect(audit[0]).toMatchObject({ type: "detection", site: "video.example", tab: 7, frameOrigin: "https://video.example", details: { evidence: "signature" } });
  expect(repushed).toEqual(["video.example"]);
});

test("declared evidence: request() and <meta name=p2p-cdn>; the first re-pushes the site, later ones ask about the frame", () => {
  const { detector, frame, recorded, repushed, redeclared } = setup();
  detector.message(frame, { type: "declare", client: "webtorrent", version: "2.8.5" });
  detector.message(frame, detect({ metas: [{ name: "p2p-cdn", content: "my-cdn" }] }));
  expect(recorded.map((r) => [r.e.kind, r.e.client])).toEqual([
    ["declared", "webtorrent"],
    ["declared", "my-cdn"],
  ]);
  expect(repushed).toEqual(["video.example"]);
  expect(redeclared).toEqual([frame]);
});

test("a BitTorrent handshake on a channel: WebTorrent's signature (wire + peer id) and the behaviour rule", () => {
  const { detector, frame, recorded } = setup();
  detector.message(frame, detect({ channels: [{ conn: 1, label: "0123456789abcdef0123456789abcdef01234567", dir: "up", hex: handshakeHex }] }));
  expect(recorded.map((r) => `${r.e.kind}:${r.e.client ?? ""}`)).toEqual(["signature:webtorrent", "behaviour:"]);
});

test("sustained content-sized uploads without media are flagged; the same with media tracks, or small messages, are not", () => {
  const run = (media: boolean, size: number) => {
    const { detector, frame, recorded, tick } = setup();
    for (let i = 0; i < 20; i++) {
      tick(1000);
      detector.message(frame, detect({ conns: [{ id: 3, up: 64 * KiB, messages: (64 * KiB) / size, media }] }));
    }
    return recorded.map((r) => r.e.kind);
  };
  expect(run(false, 16 * KiB)).toEqual(["behaviour"]);
  expect(run(true, 16 * KiB)).toEqual([]);
  expect(run(false, 200)).toEqual([]);
});

test("a frame without a site records nothing; a broken signature list still allows declared and behaviour evidence", () => {
  const { detector, recorded } = setup(null);
  detector.message({ tabId: 1, origin: "", site: null }, { type: "declare", client: "x" });
  expect(recorded).toEqual([]);
  detector.message({ tabId: 1, origin: "", site: "a.example" }, detect({ scripts: ["https://api.peer5.com/peer5.js"], channels: [{ conn: 1, label: "", dir: "down", hex: handshakeHex }] }));
  expect(recorded.map((r) => r.e.kind)).toEqual(["behaviour"]);
});

test("a page that invents connection ids is bounded", () => {
  const { detector, frame } = setup();
  for (let i = 0; i < 2000; i++) detector.message(frame, detect({ conns: [{ id: i, up: 1, messages: 1, media: false }] }));
  const conns = (detector as unknown as { conns: WeakMap<object, Map<number, unknown>> }).conns.get(frame)!;
  expect(conns.size).toBeLessThanOrEqual(512);
});

test("a page declaring itself under endless names records a bounded number of reasons", () => {
  const { detector, frame, recorded, audit } = setup();
  for (let i = 0; i < 1000; i++) detector.message(frame, { type: "declare", client: `client-${i}` });
  expect(recorded.length).toBe(MAX_REASONS_PER_SITE);
  expect(audit.length).toBe(MAX_REASONS_PER_SITE);
});
