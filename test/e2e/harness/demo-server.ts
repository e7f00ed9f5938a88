// Node (jest e2e): runs demo/server (the WebTorrent demo site and its tracker) in a child Node process.
// The demo and its dependencies are ES modules that jest's CommonJS runtime cannot load, and a child keeps the
// tracker's work off the test's event loop. The child exits when the test process closes its stdin.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./paths";

export interface DemoServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly seederOrigin: string;
  /** http://localhost:PORT */
  readonly leecherOrigin: string;
  readonly trackerUrl: string;
  /** The gallery torrent's info hash and size, when the demo reports them. */
  readonly infoHash?: string;
  readonly torrentBytes?: number;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Total gallery size in bytes (the demo's default is 4 MiB). */
  contentBytes?: number;
  fileCount?: number;
  timeout?: number;
}

const CHILD = `
const [moduleUrl, options] = process.argv.slice(1);
const { startDemo } = await import(moduleUrl);
const demo = await startDemo({ port: 0, quiet: true, ...JSON.parse(options) });
const { port, seederOrigin, leecherOrigin, trackerUrl, infoHash, torrentBytes } = demo;
console.log(JSON.stringify({ port, seederOrigin, leecherOrigin, trackerUrl, infoHash, torrentBytes }));
process.stdin.on("data", () => {});
process.stdin.on("end", () => demo.close().finally(() => process.exit(0)));
`;

export async function startDemoServer({ timeout = 20_000, ...options }: DemoOptions = {}): Promise<DemoServer> {
  const moduleUrl = pathToFileURL(path.join(repoRoot, "demo", "server", "index.mjs")).href;
  const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD, moduleUrl, JSON.stringify(options)], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const info = await firstLine(child, timeout);
    return {
      ...(JSON.parse(info) as Omit<DemoServer, "close">),
      async close() {
        child.stdin?.end();
        const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(killer);
      },
    };
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    throw err;
  }
}

function firstLine(child: ChildProcess, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the demo server did not start within ${timeout} ms`)), timeout);
    lines.once("line", (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo server exited (${code}) before it started`));
    });
  });
}
