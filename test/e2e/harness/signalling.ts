// Node (jest e2e): a tiny in-memory signalling relay for fixture peers, as an HTTP handler.
// POST /signal/<room>/<to>  queues one JSON message for the peer named <to> in <room>;
// GET  /signal/<room>/<me>  long-polls the next message for <me> (204 after 20 s: ask again).
import type { IncomingMessage, ServerResponse } from "node:http";

const POLL_MS = 20_000;
const MAX_BODY = 1 << 20;

export interface Signalling {
  /** Handles the request if it is a /signal/ URL; answers false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends every waiting poll (on server close). */
  close(): void;
}

export function createSignalling(): Signalling {
  const queues = new Map<string, string[]>();
  const waiting = new Map<string, ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  const deliver = (key: string, res: ServerResponse, body: string) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(body);
    waiting.delete(key);
  };

  return {
    handle(req, res) {
      const match = /^\/signal\/([\w-]{1,64})\/([\w-]{1,64})$/.exec(new URL(req.url ?? "/", "http://x").pathname);
      if (!match) return false;
      const key = `${match[1]}/${match[2]}`;
      if (req.method === "POST") {
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BODY) req.destroy();
        });
        req.on("end", () => {
          const poll = waiting.get(key);
          if (poll) deliver(key, poll, body);
          else queues.set(key, [...(queues.get(key) ?? []), body]);
          res.writeHead(204).end();
        });
      } else if (req.method === "GET") {
        const queued = queues.get(key);
        const next = queued?.shift();
        if (next !== undefined) return deliver(key, res, next), true;
        waiting.get(key)?.writeHead(409).end(); // one poller per peer: the newest wins
        waiting.set(key, res);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (waiting.get(key) === res) waiting.delete(key);
          res.writeHead(204).end();
        }, POLL_MS);
        timers.add(timer);
        res.on("close", () => {
          clearTimeout(timer);
          timers.delete(timer);
          if (waiting.get(key) === res) waiting.delete(key);
        });
      } else {
        res.writeHead(405).end();
      }
      return true;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const res of waiting.values()) res.writeHead(204).end();
      waiting.clear();
      queues.clear();
    },
  };
}
