// Node (jest e2e): the compatibility corpus's local sites. One HTTP server answers on three loopback addresses, each
// its own site with the mode the corpus gives it: http://127.0.0.1:P (allowed), http://127.0.0.2:P (blocked) and
// http://127.0.0.3:P (download only). It serves pages/compat/ and the libraries' own browser builds straight from
// node_modules at /lib/<name>.js (no CDN, nothing rebuilt), a tiny HLS stream at /hls/ and the client library at
// /vendor/p2p-consent/. A PeerJS server (the `peer` package) and a WebSocket tracker run beside it on 127.0.0.1, each
// in a child process (the PeerServer's timers have no stop: it is meant to be a process of its own). `forward(port)` makes another local server (the demo site) reachable on the three addresses too.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import ts from "typescript";
import { pagesDir, repoRoot } from "./paths";

export const SITES = { allowed: "127.0.0.1", blocked: "127.0.0.2", downloadOnly: "127.0.0.3" } as const;
export type SiteRole = keyof typeof SITES;
/** The modes the corpus's browsers get (harness/compat-browsers.ts sets them). */
export const CORPUS_MODES = { [SITES.allowed]: "allow", [SITES.blocked]: "block", [SITES.downloadOnly]: "download-only" } as const;

const LIBS: Record<string, string> = {
  "simple-peer.js": "node_modules/simple-peer/simplepeer.min.js",
  "peerjs.js": "node_modules/peerjs/dist/peerjs.min.js",
  "hls.js": "node_modules/hls.js/dist/hls.min.js",
  "p2p-media-loader-core.js": "node_modules/p2p-media-loader-core/dist/p2p-media-loader-core.es.js",
  "p2p-media-loader-hlsjs.js": "node_modules/p2p-media-loader-hlsjs/dist/p2p-media-loader-hlsjs.es.js",
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".m3u8": "application/vnd.apple.mpegurl",
  ".mp4": "video/mp4",
  ".m4s": "video/iso.segment",
};

/**
 * The client library (client/src, @seedgate/p2p-consent) as browser ES modules at /vendor/p2p-consent/<path>.js,
 * transpiled from its sources on request (types dropped, nothing bundled), as demo/server/client-lib.mjs does.
 */
const CLIENT_PREFIX = "/vendor/p2p-consent/";
const clientSrc = path.join(repoRoot, "client", "src");
async function clientModule(urlPath: string): Promise<string | null> {
  const rel = urlPath.slice(CLIENT_PREFIX.length);
  if (!/^[a-z0-9/-]+\.js$/.test(rel) || rel.includes("..") || /(^|\/)testing\//.test(rel)) return null;
  const source = await readFile(path.join(clientSrc, rel.replace(/\.js$/, ".ts")), "utf8").catch(() => null);
  if (source === null) return null;
  const out = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, isolatedModules: true } }).outputText;
  // Relative specifiers get ".js", as client/scripts/build.mjs does for the published package.
  return out.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*?)\2/g, (_m, lead: string, q: string, spec: string) => `${lead}${q}${spec.endsWith(".js") ? spec : `${spec}.js`}${q}`);
}

export interface CompatServer {
  readonly port: number;
  readonly peerjsPort: number;
  /** ws://127.0.0.1:P: a bittorrent-tracker (WebSocket only) for p2p-media-loader. */
  readonly trackerUrl: string;
  origin(role: SiteRole): string;
  /** Makes 127.0.0.1:`port` reachable as 127.0.0.2:P' and 127.0.0.3:P'; answers P' (the same on both). */
  forward(port: number): Promise<number>;
  close(): Promise<void>;
}

const compatDir = path.join(pagesDir, "compat");

async function serve(req: IncomingMessage, res: ServerResponse) {
  const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  let file: string | null = null;
  const lib = urlPath.startsWith("/lib/") && Object.hasOwn(LIBS, urlPath.slice(5)) ? LIBS[urlPath.slice(5)] : undefined;
  if (lib) file = path.join(repoRoot, lib);
  else if (urlPath.startsWith(CLIENT_PREFIX)) {
    const code = await clientModule(urlPath);
    if (code === null) return void res.writeHead(404).end();
    return void res.writeHead(200, { "content-type": TYPES[".js"], "cache-control": "no-store" }).end(code);
  } else if (/^\/(hls\/)?[\w.-]+$/.test(urlPath)) file = path.join(compatDir, urlPath);
  if (!file) return void res.writeHead(404).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
}

function listen(server: Server | TcpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Listens on one port on every host (the first host's free port, then the same on the others). Another jest
 * worker may hold that port on a later host: then all are closed and it tries again with a new port.
 */
async function listenOnOnePort(servers: readonly (Server | TcpServer)[], hosts: readonly string[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await listen(servers[0]!, 0, hosts[0]!);
    try {
      for (let i = 1; i < servers.length; i++) await listen(servers[i]!, port, hosts[i]!);
      return port;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= 20) throw err;
      await Promise.all(servers.map((s) => new Promise<void>((r) => (s.listening ? s.close(() => r()) : r()))));
    }
  }
}

export async function startCompatServer(): Promise<CompatServer> {
  const handler = (req: IncomingMessage, res: ServerResponse) => void serve(req, res).catch(() => res.writeHead(500).end());
  const http = [createServer(handler), createServer(handler), createServer(handler)] as const;
  const tcp: TcpServer[] = [];
  const sockets = new Set<Socket>();
  const port = await listenOnOnePort(http, [SITES.allowed, SITES.blocked, SITES.downloadOnly]);
  const [peerServer, tracker] = await Promise.all([startChild(PEER_SERVER, "the PeerJS server"), startChild(TRACKER, "the tracker")]);
  return {
    port,
    peerjsPort: peerServer.port,
    trackerUrl: `ws://${SITES.allowed}:${tracker.port}`,
    origin: (role) => `http://${SITES[role]}:${port}`,
    async forward(target) {
      const make = () =>
        createTcpServer((socket) => {
          const upstream = connect(target, SITES.allowed);
          sockets.add(socket).add(upstream);
          socket.pipe(upstream).pipe(socket);
          const end = () => (socket.destroy(), upstream.destroy(), sockets.delete(socket), sockets.delete(upstream));
          socket.on("close", end);
          socket.on("error", end);
          upstream.on("error", end);
        });
      const a = make();
      const b = make();
      tcp.push(a, b);
      return listenOnOnePort([a, b], [SITES.blocked, SITES.downloadOnly]);
    },
    async close() {
      for (const s of http) s.closeAllConnections();
      for (const s of sockets) s.destroy();
      const closing = [...http, ...tcp].map((s) => new Promise<void>((r) => s.close(() => r())));
      await Promise.all([...closing, peerServer.close(), tracker.close()]);
    },
  };
}

/** The PeerJS server (the `peer` package's PeerServer, as its README starts it) on 127.0.0.1:<port>/peerjs. */
const PEER_SERVER = `
const { PeerServer } = require("peer");
PeerServer({ port: 0, host: process.argv[1], path: "/peerjs" }, (server) => console.log(server.address().port));
process.stdin.on("data", () => {});
process.stdin.on("end", () => process.exit(0));
`;

/** A WebSocket bittorrent-tracker (its package root pulls in a native WebRTC module: the server entry only). */
const TRACKER = `
import("bittorrent-tracker/server").then(({ default: Server }) => {
  const server = new Server({ udp: false, http: false, ws: true, stats: false });
  server.listen(0, process.argv[1], () => console.log(server.http.address().port));
});
process.stdin.on("data", () => {});
process.stdin.on("end", () => process.exit(0));
`;

/** Runs `code` in a child Node process that prints its port on its first line and exits when stdin ends. */
async function startChild(code: string, what: string): Promise<{ port: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, ["-e", code, SITES.allowed], { cwd: repoRoot, stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    child.stdin.end();
    const killer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} did not start within 15 s`)), 15_000);
      createInterface({ input: child.stdout }).once("line", (l) => (clearTimeout(timer), resolve(l)));
      child.once("exit", (status) => (clearTimeout(timer), reject(new Error(`${what} exited (${status})`))));
    });
    return { port: Number(line), close };
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    throw err;
  }
}
