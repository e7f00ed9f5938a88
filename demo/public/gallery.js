// The demo gallery: pictures delivered by other visitors over WebRTC (WebTorrent), with the site's own HTTP
// server as a web seed (BEP 19) for when no visitor has them. The page shows what moved where.
//
// Query parameters (for people and for tests):
//   ?webseed=0     never use the web seed (peers only)      ?webseed=1   use it from the start
//   ?fallback=MS   on watch.html, use the web seed after MS without bytes from a peer (default 3000)
//   ?consent=0     do not ask navigator.p2pConsent and ignore it (a client that does not know Seedgate)
//   ?adapter=1     follow the visitor's decision with the client library's WebTorrent adapter
//                  (respectConsentWebTorrent: throttleUpload/pause through WebTorrent's public API) instead of the
//                  page's own choking below
//   ?bundle=anon   load WebTorrent from a bundle whose name says nothing (/vendor/p2p-bundle.js), as many sites do:
//                  then only its traffic can tell it is a P2P CDN (tests of behaviour detection)
import { requestConsent, modeFor, hasConsentApi } from "/consent.js";
import { MemoryChunkStore } from "/memory-store.js";

const params = new URLSearchParams(location.search);
const role = document.body.dataset.role === "seed" ? "seed" : "watch";
const useAdapter = params.get("adapter") === "1";
const askConsent = params.get("consent") !== "0" && !useAdapter;
const webSeedPolicy = params.get("webseed") === "0" ? "off" : params.get("webseed") === "1" || role === "seed" ? "now" : "fallback";
const fallbackMs = Number(params.get("fallback") ?? 3000);
const { default: WebTorrent } = await import(params.get("bundle") === "anon" ? "/vendor/p2p-bundle.js" : "/vendor/webtorrent.min.js");

// Every byte count below is counted here, at the receiving (or sending) end, from WebTorrent's own events.
// Each connection has a `wire` (bittorrent-protocol). A wire emits "download" with the payload length of every
// piece message it receives (Wire#_onPiece) and "upload" with the length of every piece it sends (Wire#piece).
// The web seed is a pseudo-wire of type "webSeed" fed by HTTP range requests; WebRTC peers have type "webrtc".
// Adding up events, rather than summing wire.downloaded over torrent.wires, keeps the bytes of wires that have
// since closed. These are content bytes: protocol messages (handshake, bitfield, have, request, ...) are not in
// them. protocolBytes() counts every byte through the peer connections, protocol messages included: what the
// data channels carried. (WebTorrent's torrent.received / torrent.uploaded also count those, but add in the
// web seed's pseudo-connection, whose "uploads" are our requests to it; so they are counted here per peer.)
const counts = { fromPeers: 0, fromWebSeed: 0, uploaded: 0 };
/** performance.now() when the torrent was ready, when it was complete, and when the first peer's data channel opened. */
const timings = { ready: 0, complete: 0, firstPeer: 0 };
const channelBytes = { received: 0, sent: 0 };

/** @type {any} */ let config = null;
/** @type {any} */ let torrent = null;
/** @type {import("./consent.js").P2PConsentStatus | null} */ let consentStatus = null;
/** @type {import("./consent.js").Mode} */ let mode = "seed";
/** @type {"off" | "waiting" | "on"} */ let webSeedState = webSeedPolicy === "off" ? "off" : "waiting";
let webSeedReason = webSeedPolicy === "off" ? "turned off (?webseed=0)" : "";
/** @type {string | null} */ let errorMessage = null;
/** @type {{ seeding: boolean, uploadRate: number, paused: boolean } | null} */ let adapterPlan = null;
let lastPeerBytesAt = 0;
/** @type {Set<any>} */ const peerWires = new Set();

/** @type {(v: unknown) => void} */ let resolveReady = () => {};
/** @type {(e: unknown) => void} */ let rejectReady = () => {};
const ready = new Promise((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject)));
/** @type {(v: unknown) => void} */ let resolveComplete = () => {};
/** @type {(e: unknown) => void} */ let rejectComplete = () => {};
const complete = new Promise((resolve, reject) => ((resolveComplete = resolve), (rejectComplete = reject)));
ready.catch(() => {});
complete.catch(() => {});

// What tests (and curious people, in the console) can observe.
/** @type {any} */ (window).demo = {
  role,
  /** Resolves when the torrent is loaded (infohash known, announced to the tracker). */
  ready,
  /** Resolves when the whole gallery is here and verified. */
  complete,
  get infoHash() { return torrent?.infoHash ?? config?.infoHash ?? null; },
  get torrentBytes() { return config?.torrentBytes ?? null; },
  /** Content bytes this page sent to peers. */
  uploaded: () => counts.uploaded,
  /** Content bytes this page received: fromPeers() + fromWebSeed(). */
  downloaded: () => counts.fromPeers + counts.fromWebSeed,
  fromPeers: () => counts.fromPeers,
  fromWebSeed: () => counts.fromWebSeed,
  done: () => Boolean(torrent?.done),
  progress: () => torrent?.progress ?? 0,
  peers: () => peerWires.size,
  /** Every byte through the peer connections, protocol messages included. */
  protocolBytes: () => ({ ...channelBytes }),
  timings,
  mode: () => mode,
  /** What the client library's adapter last applied (?adapter=1), null otherwise. */
  adapter: () => adapterPlan,
  consent: () => consentStatus,
  webSeed: () => webSeedState,
  error: () => errorMessage,
};

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

function formatBytes(/** @type {number} */ n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

function fail(/** @type {unknown} */ err) {
  const message = err instanceof Error ? err.message : String(err);
  if (errorMessage) return;
  errorMessage = message;
  console.error("[demo]", err);
  rejectReady(err);
  rejectComplete(err);
  render();
}

/** A page that respects download-only never unchokes a peer, so no peer may request content from it. */
function guardUploads(/** @type {any} */ wire) {
  const unchoke = wire.unchoke.bind(wire);
  wire.unchoke = () => {
    if (mode === "seed") unchoke();
  };
  if (mode !== "seed") wire.choke();
}

function applyMode(/** @type {import("./consent.js").Mode} */ next) {
  const before = mode;
  mode = next;
  if (!torrent) return;
  for (const wire of peerWires) {
    if (mode === "http-only") wire.destroy();
    else if (mode === "seed" && wire.peerInterested) wire.unchoke();
    else if (mode !== "seed") wire.choke();
  }
  if (mode === "http-only" && before !== "http-only") {
    // Stop announcing: no new peer should learn this visitor's address.
    torrent.discovery?.tracker?.destroy?.();
    useWebSeed("peer-to-peer is blocked");
  }
  render();
}

function useWebSeed(/** @type {string} */ reason) {
  if (webSeedPolicy === "off" || webSeedState === "on" || !torrent?.urlList || torrent.done) return;
  for (const url of torrent.urlList) torrent.addWebSeed(url);
  webSeedState = "on";
  webSeedReason = reason;
  render();
}

function showGallery() {
  const grid = $("gallery");
  grid.replaceChildren();
  for (const file of torrent.files) {
    const meta = config.files.find((/** @type {any} */ f) => f.name === file.name);
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.alt = meta?.title ?? file.name;
    if (meta) Object.assign(img, { width: meta.width, height: meta.height });
    const caption = document.createElement("figcaption");
    caption.textContent = `${meta?.title ?? file.name} · ${formatBytes(file.length)}`;
    figure.append(img, caption);
    grid.append(figure);
    const show = async () => {
      img.src = URL.createObjectURL(await file.blob());
      figure.classList.add("loaded");
    };
    if (file.done) show().catch(fail);
    else file.once("done", () => show().catch(fail));
  }
}

const MODE_TEXT = {
  seed: "downloads from and uploads to other visitors",
  "download-only": "downloads from other visitors but uploads nothing to them",
  "http-only": "uses no peer-to-peer connections: the pictures come from the site's server",
};

function render() {
  $("uploaded").textContent = formatBytes(counts.uploaded);
  $("from-peers").textContent = formatBytes(counts.fromPeers);
  $("from-webseed").textContent = formatBytes(counts.fromWebSeed);
  $("uploaded").dataset.bytes = String(counts.uploaded);
  $("from-peers").dataset.bytes = String(counts.fromPeers);
  $("from-webseed").dataset.bytes = String(counts.fromWebSeed);
  $("peers").textContent = String(peerWires.size);
  const progress = torrent?.progress ?? 0;
  /** @type {HTMLProgressElement} */ ($("progress")).value = progress;
  $("progress-text").textContent = torrent?.done ? "complete" : `${Math.floor(progress * 100)} %`;
  $("webseed").textContent = webSeedState === "on" ? `in use (${webSeedReason})` : webSeedState === "off" ? webSeedReason : webSeedPolicy === "fallback" ? `standing by: used if no visitor has sent anything for ${fallbackMs / 1000} s` : "starting";
  let consent;
  if (useAdapter) {
    const plan = adapterPlan ? (adapterPlan.paused ? "is paused and uploads nothing" : adapterPlan.seeding ? "seeds" : "downloads but uploads nothing") : "waits for your browser's answer";
    consent = `The client library's WebTorrent adapter follows your choice (${consentStatus ? `seeding ${consentStatus.seeding}` : "…"}): this page ${plan}.`;
    $("consent").textContent = consent;
    $("error").textContent = errorMessage ? `Error: ${errorMessage}` : "";
    return;
  }
  if (!askConsent) consent = "not asked (?consent=0): this page seeds like any P2P CDN page that ignores the visitor.";
  else if (!hasConsentApi()) consent = "This browser has no consent API (navigator.p2pConsent), so the page seeds, as P2P CDN sites do today.";
  else if (!consentStatus) consent = "asking your browser…";
  else {
    const budget = consentStatus.uploadBudgetBytes === null ? "no upload budget" : `${formatBytes(consentStatus.uploadBudgetBytes)} of upload budget left`;
    consent = `Your browser says: seeding ${consentStatus.seeding} (${consentStatus.reason}), ${budget}${consentStatus.metered ? ", metered connection" : ""}.`;
  }
  $("consent").textContent = `${consent} This page ${MODE_TEXT[mode]}.`;
  $("error").textContent = errorMessage ? `Error: ${errorMessage}` : "";
}

async function main() {
  config = await (await fetch("/config.json")).json();
  const torrentFile = new Uint8Array(await (await fetch(config.torrentUrl)).arrayBuffer());

  if (askConsent) {
    try {
      consentStatus = await requestConsent(
        { client: "webtorrent", version: WebTorrent.VERSION, purpose: "demo gallery" },
        (status) => {
          consentStatus = status;
          applyMode(modeFor(status));
        },
      );
    } catch (err) {
      console.warn("[demo] navigator.p2pConsent.request failed", err);
    }
    mode = modeFor(consentStatus);
  }

  const client = new WebTorrent({
    // No STUN or TURN server: peers connect with the addresses their machines have, and nothing is asked of
    // any other host. The only tracker is the site's own (announce list of the .torrent).
    tracker: mode === "http-only" ? false : { rtcConfig: { iceServers: [] } },
    // The page decides when to use the web seed (see useWebSeed), rather than from the first second.
    webSeeds: false,
    dht: false,
    lsd: false,
    utPex: false,
  });
  client.on("error", fail);
  if (useAdapter) {
    // The client library does it all: declare the client, then keep WebTorrent within the decision and the budget.
    const { declareClient } = await import("/vendor/p2p-consent/index.js");
    const { respectConsentWebTorrent } = await import("/vendor/p2p-consent/adapters/webtorrent.js");
    const declared = declareClient({ client: "webtorrent", version: WebTorrent.VERSION, purpose: "demo gallery" });
    respectConsentWebTorrent(client, {
      onApply(plan, status) {
        adapterPlan = plan;
        consentStatus = status;
        render();
      },
    });
    declared.then((s) => (consentStatus ??= s), () => {});
  }

  torrent = client.add(torrentFile, { store: MemoryChunkStore, storeCacheSlots: 0 });
  torrent.on("error", fail);
  torrent.on("warning", (/** @type {Error} */ w) => console.debug("[demo] webtorrent:", w.message));
  torrent.on("wire", (/** @type {any} */ wire) => {
    if (wire.type === "webSeed") {
      wire.on("download", (/** @type {number} */ n) => (counts.fromWebSeed += n));
      return;
    }
    peerWires.add(wire);
    wire.once("close", () => peerWires.delete(wire));
    wire.on("download", (/** @type {number} */ n) => {
      counts.fromPeers += n;
      lastPeerBytesAt = performance.now();
    });
    wire.on("upload", (/** @type {number} */ n) => (counts.uploaded += n));
    if (askConsent) guardUploads(wire);
  });
  torrent.on("peer", (/** @type {any} */ p) => {
    // WebTorrent's Peer (torrent._peers, internal to webtorrent 2.x) emits "download"/"upload" for every byte
    // it moves through the connection; "peer" fires right after it is registered, before any byte flows.
    const peer = torrent._peers?.get(typeof p === "string" ? p : p.id);
    if (!peer || peer.type === "webSeed") return;
    // WebTorrent's Peer "connect": the data channel to this peer is open (it may already be).
    const connected = () => {
      if (!timings.firstPeer) timings.firstPeer = performance.now();
    };
    if (peer.connected) connected();
    else peer.once("connect", connected);
    peer.on("download", (/** @type {number} */ n) => (channelBytes.received += n));
    peer.on("upload", (/** @type {number} */ n) => (channelBytes.sent += n));
  });
  torrent.on("done", () => {
    timings.complete = performance.now();
    render();
    resolveComplete({ fromPeers: counts.fromPeers, fromWebSeed: counts.fromWebSeed });
  });
  torrent.once("ready", () => {
    const others = torrent.announce.filter((/** @type {string} */ a) => a !== config.trackerUrl);
    if (others.length) console.warn("[demo] unexpected trackers in the announce list:", others);
    timings.ready = performance.now();
    showGallery();
    resolveReady({ infoHash: torrent.infoHash, torrentBytes: config.torrentBytes });
    const readyAt = performance.now();
    if (mode === "http-only") useWebSeed("peer-to-peer is blocked");
    else if (webSeedPolicy === "now") useWebSeed(role === "seed" ? "first visitor: nobody else has the pictures yet" : "?webseed=1");
    else if (webSeedPolicy === "fallback") {
      const timer = setInterval(() => {
        if (torrent.done || webSeedState === "on") return clearInterval(timer);
        if (performance.now() - Math.max(readyAt, lastPeerBytesAt) >= fallbackMs) {
          useWebSeed(lastPeerBytesAt ? "peers stopped sending" : "no visitor sent anything");
        }
      }, 100);
    }
    render();
  });
  setInterval(render, 250);
  render();
}

main().catch(fail);
