// Node (jest e2e): the compatibility corpus's local sites. One HTTP server answers on three loopback addresses, each
// its own site with the mode the corpus gives it: http://127.0.0.1:P (allowed), http://127.0.0.2:P (blocked) and
// http://127.0.0.3:P (download only). It serves pages/compat/ and the libraries' own browser builds straight from
// node_modules at /lib/<name>.js (no CDN, nothing rebuilt). A PeerJS server (the `peer` package) runs beside it on
// 127.0.0.1, in a child process (its timers have no stop: it is meant to be a process of its own). `forward(port)` makes another local server (the demo site) reachable on the three addresses too.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { pagesDir, repoRoot } from "./paths";

export const SITES = { allowed: "127.0.0.1", blocked: "127.0.0.2", downloadOnly: "127.0.0.3" } as const;
export type SiteRole = keyof typeof SITES;
/** The modes the corpus's browsers get (harness/compat-browsers.ts sets them). */
export const CORPUS_MODES = { [SITES.allowed]: "allow", [SITES.blocked]: "block", [SITES.downloadOnly]: "download-only" } as const;

const LIBS: Record<string, string> = {
  "simple-peer.js": "node_modules/simple-peer/simplepeer.min.js",
  "peerjs.js": "node_modules/peerjs/dist/peerjs.min.js",
  "hls.js": "node_modules/hls.js/dist/hls.min.js",
};

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".txt": "text/plain; charset=utf-8" };

export interface CompatServer {
  readonly port: number;
  readonly peerjsPort: number;
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
  else if (/^\/[\w.-]+$/.test(urlPath)) file = path.join(compatDir, urlPath);
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

export async function startCompatServer(): Promise<CompatServer> {
  const handler = (req: IncomingMessage, res: ServerResponse) => void serve(req, res).catch(() => res.writeHead(500).end());
  const http = [createServer(handler), createServer(handler), createServer(handler)] as const;
  const tcp: TcpServer[] = [];
  const sockets = new Set<Socket>();
  const port = await listen(http[0], 0, SITES.allowed);
  await listen(http[1], port, SITES.blocked);
  await listen(http[2], port, SITES.downloadOnly);
  const peerServer = await startPeerServer();
  return {
    port,
    peerjsPort: peerServer.port,
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
      const p = await listen(a, 0, SITES.blocked);
      await listen(b, p, SITES.downloadOnly);
      return p;
    },
    async close() {
      for (const s of http) s.closeAllConnections();
      for (const s of sockets) s.destroy();
      const closing = [...http, ...tcp].map((s) => new Promise<void>((r) => s.close(() => r())));
      await Promise.all([...closing, peerServer.close()]);
    },
  };
}

const PEER_SERVER = `
const { PeerServer } = require("peer");
PeerServer({ port: 0, host: process.argv[1], path: "/peerjs" }, (server) => console.log(server.address().port));
process.stdin.on("data", () => {});
process.stdin.on("end", () => process.exit(0));
`;

/** The PeerJS server (the `peer` package's PeerServer, as its README starts it) on 127.0.0.1:<port>/peerjs. */
async function startPeerServer(): Promise<{ port: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, ["-e", PEER_SERVER, SITES.allowed], { cwd: repoRoot, stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    child.stdin.end();
    const killer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the PeerJS server did not start within 15 s")), 15_000);
      createInterface({ input: child.stdout }).once("line", (l) => (clearTimeout(timer), resolve(l)));
      child.once("exit", (code) => (clearTimeout(timer), reject(new Error(`the PeerJS server exited (${code})`))));
    });
    return { port: Number(line), close };
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    throw err;
  }
}
