// Node (jest e2e): serves test/e2e/pages and the signalling relay on 127.0.0.1, reachable as two sites:
// http://127.0.0.1:P and http://localhost:P. Specs may add pages of their own with `page(path, html)`.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pagesDir } from "./paths";
import { createSignalling } from "./signalling";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

export interface FixtureServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly siteA: string;
  /** http://localhost:PORT: another site (and origin) served by the same server. */
  readonly siteB: string;
  /** Serves `body` at `urlPath` (e.g. "/x/test.html") from now on; the content type follows the extension. */
  page(urlPath: string, body: string, contentType?: string): void;
  /** Every request received so far (host header, path with query, request headers), oldest first. */
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export interface SeenRequest {
  host: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const signalling = createSignalling();
  const extra = new Map<string, { body: string; type: string }>();
  const requests: SeenRequest[] = [];

  async function serve(req: IncomingMessage, res: ServerResponse) {
    // Bounded: a long spec must not grow memory without limit.
    if (requests.length < 20_000) requests.push({ host: req.headers.host ?? "", path: req.url ?? "", headers: req.headers });
    if (signalling.handle(req, res)) return;
    // A document that never arrives: its frame keeps the initial about:blank document (escape-route specs).
    if (req.url?.startsWith("/hang")) return;
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405).end();
    const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const added = extra.get(urlPath);
    const file = path.join(pagesDir, urlPath === "/" ? "index.html" : urlPath);
    if (!added && !file.startsWith(pagesDir + path.sep)) return void res.writeHead(403).end();
    try {
      const body = added?.body ?? (await readFile(file));
      const type = added?.type ?? TYPES[path.extname(file)] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  }

  const server = createServer((req, res) => {
    serve(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    siteA: `http://127.0.0.1:${port}`,
    siteB: `http://localhost:${port}`,
    requests,
    page(urlPath, body, contentType) {
      extra.set(urlPath, { body, type: contentType ?? TYPES[path.extname(urlPath)] ?? "text/html; charset=utf-8" });
    },
    async close() {
      signalling.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
