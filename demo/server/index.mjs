// The local P2P CDN demo site: one HTTP server that serves the demo pages, the gallery as an HTTP web seed
// (BEP 19, with Range requests), the .torrent, the vendor bundles, and a WebTorrent tracker (bittorrent-tracker
// over WebSocket, on the same port). Everything listens on 127.0.0.1 and nothing refers to any other host.
//
// The same server answers as two sites: http://127.0.0.1:PORT (the "seeder" origin) and http://localhost:PORT
// (the "leecher" origin). Two origins do not share WebTorrent's browser storage, so one visitor really
// downloads from another.
import http from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import createTorrent from "create-torrent";
import parseTorrent, { toMagnetURI, toTorrentFile } from "parse-torrent";
import Server from "bittorrent-tracker/server";
import { makeGallery } from "./content.mjs";
import { CLIENT_PREFIX, clientModule } from "./client-lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const publicDir = path.join(here, "..", "public");
const require = createRequire(import.meta.url);

/** The torrent's name: web seed URLs are /webseed/NAME/FILE (BEP 19 multi-file layout). */
const TORRENT_NAME = "seedgate-demo-gallery";

/** Vendor files served straight from node_modules (never copied into the repository). */
const VENDOR = {
  "/vendor/webtorrent.min.js": () => path.join(path.dirname(require.resolve("webtorrent/package.json")), "dist", "webtorrent.min.js"),
  // The same bundle under a name that says nothing (gallery.js ?bundle=anon).
  "/vendor/p2p-bundle.js": () => path.join(path.dirname(require.resolve("webtorrent/package.json")), "dist", "webtorrent.min.js"),
  "/vendor/webtorrent.min.js.map": () => path.join(path.dirname(require.resolve("webtorrent/package.json")), "dist", "webtorrent.min.js.map"),
  "/vendor/adapter.js": () => path.join(path.dirname(require.resolve("webrtc-adapter/package.json")), "out", "adapter.js"),
};

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".torrent": "application/x-bittorrent",
};

/**
 * @typedef {{ name: string, path: string, title: string, type: string, width: number, height: number,
 *   length: number, offset: number, url: string }} DemoFile
 * @typedef {{ webSeedBytes: Record<string, number>, webSeedRequests: number, trackerConnections: number }} DemoStats
 * @typedef {{ port: number, seederOrigin: string, leecherOrigin: string, trackerUrl: string, infoHash: string,
 *   torrentBytes: number, files: DemoFile[], stats(): DemoStats, close(): Promise<void> }} Demo
 */

/**
 * Starts the demo site and its tracker.
 * @param {{ port?: number, host?: string, quiet?: boolean, contentBytes?: number, fileCount?: number }} [opts]
 *   port: 0 picks a free port. contentBytes: total size of the gallery (default 4 MiB), split over fileCount
 *   pictures (default 4).
 * @returns {Promise<Demo>}
 */
export async function startDemo({ port = 0, host = "127.0.0.1", quiet = true, contentBytes = 4 * 1024 * 1024, fileCount = 4 } = {}) {
  const log = quiet ? () => {} : (/** @type {string} */ msg) => console.log(`[demo] ${msg}`);
  const gallery = makeGallery({ contentBytes, count: fileCount });
  /** @type {Map<string, Buffer>} */
  const byName = new Map(gallery.map((f) => [f.name, f.data]));

  /** @type {Set<import("node:net").Socket>} */
  const sockets = new Set();
  /** @type {DemoStats} */
  const stats = { webSeedBytes: {}, webSeedRequests: 0, trackerConnections: 0 };

  // The tracker: WebSocket only, attached to our HTTP server's upgrade requests (one port for everything).
  const tracker = new Server({ udp: false, http: false, ws: { noServer: true }, stats: false });
  tracker.on("error", (/** @type {Error} */ err) => log(`tracker error: ${err.message}`));
  tracker.on("warning", (/** @type {Error} */ err) => log(`tracker warning: ${err.message}`));

  const server = http.createServer();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (req, socket, head) => {
    stats.trackerConnections++;
    tracker.ws.handleUpgrade(req, socket, head, (/** @type {unknown} */ ws) => tracker.ws.emit("connection", ws, req));
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  const actualPort = address.port;
  const seederOrigin = `http://127.0.0.1:${actualPort}`;
  const leecherOrigin = `http://localhost:${actualPort}`;
  const trackerUrl = `ws://127.0.0.1:${actualPort}`;

  // One torrent (one info dictionary, one infohash); each origin gets it with its own web seed URL, so the
  // fallback is a same-origin HTTP request. url-list sits outside the info dictionary: the swarm is the same.
  const torrentBuf = await new Promise((resolve, reject) => {
    const inputs = gallery.map((f) => Object.assign(Buffer.from(f.data), { name: f.name }));
    createTorrent(
      inputs,
      {
        name: TORRENT_NAME,
        announceList: [[trackerUrl]],
        urlList: [`${seederOrigin}/webseed/`],
        createdBy: "Seedgate demo",
        creationDate: new Date(0),
        comment: "Seedgate demo gallery (generated)",
      },
      (/** @type {Error|null} */ err, /** @type {Buffer} */ t) => (err ? reject(err) : resolve(t)),
    );
  });
  const parsed = await parseTorrent(torrentBuf);
  const infoHash = /** @type {string} */ (parsed.infoHash);
  /** @type {Map<string, Buffer>} */
  const torrentByOrigin = new Map();
  for (const origin of [seederOrigin, leecherOrigin]) {
    torrentByOrigin.set(origin, Buffer.from(toTorrentFile({ ...parsed, urlList: [`${origin}/webseed/`] })));
  }

  /** @type {DemoFile[]} */
  const files = [];
  let offset = 0;
  for (const f of gallery) {
    files.push({
      name: f.name,
      path: `${TORRENT_NAME}/${f.name}`,
      title: f.title,
      type: f.type,
      width: f.width,
      height: f.height,
      length: f.data.length,
      offset,
      url: `/webseed/${TORRENT_NAME}/${f.name}`,
    });
    offset += f.data.length;
  }
  const torrentBytes = offset;

  /** The origin a request was made to, or the seeder origin for an unknown Host header. */
  function originOf(/** @type {http.IncomingMessage} */ req) {
    const h = req.headers.host ?? "";
    if (h === `localhost:${actualPort}`) return leecherOrigin;
    return seederOrigin;
  }

  /** @param {string} origin */
  function configFor(origin) {
    return {
      origin,
      seederOrigin,
      leecherOrigin,
      trackerUrl,
      announce: [trackerUrl],
      rtcConfig: { iceServers: [] },
      infoHash,
      name: TORRENT_NAME,
      torrentUrl: "/gallery.torrent",
      magnetURI: toMagnetURI({ infoHash, name: TORRENT_NAME, announce: [trackerUrl], urlList: [`${origin}/webseed/`] }),
      webSeedUrl: `${origin}/webseed/`,
      torrentBytes,
      files,
    };
  }

  /**
   * @param {http.ServerResponse} res @param {number} status @param {string} type
   * @param {string|Buffer} body @param {Record<string, string|number>} [headers]
   * @param {boolean} [head]
   */
  function send(res, status, type, body, headers = {}, head = false) {
    res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store", ...headers });
    res.end(head ? undefined : body);
  }

  /** Web seed: a byte range of one gallery file (RFC 9110 single ranges; webtorrent asks bytes=START-END). */
  function serveWebSeed(/** @type {http.IncomingMessage} */ req, /** @type {http.ServerResponse} */ res, /** @type {Buffer} */ data, head = false) {
    const cors = {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Expose-Headers": "Content-Range, Content-Length, Accept-Ranges",
      "Accept-Ranges": "bytes",
    };
    const range = req.headers.range;
    let start = 0;
    let end = data.length - 1;
    let status = 200;
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (!m || (m[1] === "" && m[2] === "")) return send(res, 416, "text/plain", "bad range\n", { ...cors, "Content-Range": `bytes */${data.length}` }, head);
      if (m[1] === "") {
        start = Math.max(0, data.length - Number(m[2]));
      } else {
        start = Number(m[1]);
        if (m[2] !== "") end = Math.min(end, Number(m[2]));
      }
      if (start > end || start >= data.length) {
        return send(res, 416, "text/plain", "range not satisfiable\n", { ...cors, "Content-Range": `bytes */${data.length}` }, head);
      }
      status = 206;
    }
    const body = data.subarray(start, end + 1);
    if (!head) {
      const key = req.headers.host ?? "?";
      stats.webSeedBytes[key] = (stats.webSeedBytes[key] ?? 0) + body.length;
      stats.webSeedRequests++;
    }
    const headers = status === 206 ? { ...cors, "Content-Range": `bytes ${start}-${end}/${data.length}` } : cors;
    send(res, status, "image/png", body, headers, head);
  }

  server.on("request", async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://demo.invalid");
      const method = req.method ?? "GET";
      const head = method === "HEAD";
      if (method === "OPTIONS") {
        res.writeHead(204, {
          "Access-Control-Allow-Origin": "*",
          "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
          "Access-Control-Allow-Headers": "Range, Cache-Control, User-Agent",
          "Access-Control-Max-Age": "600",
        });
        return res.end();
      }
      if (method !== "GET" && !head) return send(res, 405, "text/plain", "method not allowed\n", { Allow: "GET, HEAD, OPTIONS" });
      const p = url.pathname;
      log(`${method} ${req.headers.host}${p}${req.headers.range ? ` ${req.headers.range}` : ""}`);

      if (p === "/config.json") return send(res, 200, TYPES[".json"], JSON.stringify(configFor(originOf(req)), null, 2), {}, head);
      if (p === "/gallery.torrent") {
        const t = /** @type {Buffer} */ (torrentByOrigin.get(originOf(req)));
        return send(res, 200, TYPES[".torrent"], t, {}, head);
      }
      if (p.startsWith("/webseed/")) {
        // BEP 19 multi-file layout: /webseed/NAME/FILE. Empty path segments are tolerated.
        const parts = p.slice("/webseed/".length).split("/").filter(Boolean).map(decodeURIComponent);
        const data = parts.length === 2 && parts[0] === TORRENT_NAME ? byName.get(/** @type {string} */ (parts[1])) : undefined;
        if (!data) return send(res, 404, "text/plain", "not found\n", { "Access-Control-Allow-Origin": "*" }, head);
        return serveWebSeed(req, res, data, head);
      }
      if (p.startsWith(CLIENT_PREFIX)) {
        const js = await clientModule(p);
        if (js === null) return send(res, 404, "text/plain", "not found\n", {}, head);
        return send(res, 200, TYPES[".js"], js, {}, head);
      }
      const vendor = VENDOR[/** @type {keyof typeof VENDOR} */ (p)];
      if (vendor) {
        const file = vendor();
        return send(res, 200, TYPES[/** @type {keyof typeof TYPES} */ (path.extname(file))] ?? "application/octet-stream", await readFile(file), {}, head);
      }
      // Static demo pages.
      const rel = p === "/" ? "index.html" : decodeURIComponent(p).replace(/^\/+/, "");
      const file = path.resolve(publicDir, rel);
      if (!file.startsWith(publicDir + path.sep)) return send(res, 404, "text/plain", "not found\n", {}, head);
      let body;
      try {
        body = await readFile(file);
      } catch {
        return send(res, 404, "text/plain", "not found\n", {}, head);
      }
      const type = TYPES[/** @type {keyof typeof TYPES} */ (path.extname(file))] ?? "application/octet-stream";
      return send(res, 200, type, body, {}, head);
    } catch (err) {
      log(`error: ${/** @type {Error} */ (err).stack}`);
      if (!res.headersSent) send(res, 500, "text/plain", "internal error\n");
      else res.destroy();
    }
  });

  log(`seeder ${seederOrigin}/seed.html, watcher ${leecherOrigin}/watch.html, tracker ${trackerUrl}, infohash ${infoHash}`);

  let closed = false;
  return {
    port: actualPort,
    seederOrigin,
    leecherOrigin,
    trackerUrl,
    infoHash,
    torrentBytes,
    files,
    stats: () => structuredClone(stats),
    async close() {
      if (closed) return;
      closed = true;
      await new Promise((resolve) => tracker.close(() => resolve(undefined)));
      const done = new Promise((resolve) => server.close(() => resolve(undefined)));
      for (const s of sockets) s.destroy();
      await done;
    },
  };
}
