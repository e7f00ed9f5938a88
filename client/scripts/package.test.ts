// Node (jest client-package project): the published package as a consumer gets it. Runs after
// `npm run build -w client` (npm test does). What `npm pack` would publish is dist/ and the README, no sources or
// tests; every "exports" entry exists with its types; and a strict TypeScript consumer compiles against the built
// declarations under both module resolutions consumers use — while a misuse fails to compile, so the check is real.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const client = path.resolve(__dirname, "..");
const tsc = path.join(client, "..", "node_modules", "typescript", "bin", "tsc");
const pkg = JSON.parse(readFileSync(path.join(client, "package.json"), "utf8")) as {
  exports: Record<string, { types: string; default: string }>;
  dependencies?: Record<string, string>;
};
jest.setTimeout(60_000);

test("npm pack publishes dist/ and the README, nothing else", () => {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: client, encoding: "utf8" });
  const files = (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path).sort();
  expect(files).toEqual(expect.arrayContaining(["README.md", "package.json", "dist/index.js", "dist/index.d.ts", "dist/adapters/webtorrent.js"]));
  expect(files.filter((f) => !/^(README\.md|package\.json|dist\/.+\.(js|d\.ts))$/.test(f))).toEqual([]);
  expect(files.some((f) => /test|testing/.test(f))).toBe(false);
  expect(pkg.dependencies ?? {}).toEqual({});
});

test("every export has its module and its types", () => {
  for (const [entry, target] of Object.entries(pkg.exports)) {
    expect([entry, existsSync(path.join(client, target.default))]).toEqual([entry, true]);
    expect([entry, existsSync(path.join(client, target.types))]).toEqual([entry, true]);
  }
});

const consumer = `
import { getConsent, declareClient, watchConsent, FALLBACKS, type P2PConsentStatus } from "@seedgate/p2p-consent";
import { respectConsentWebTorrent, planWebTorrent } from "@seedgate/p2p-consent/webtorrent";
import { respectConsentP2PMediaLoader } from "@seedgate/p2p-consent/p2p-media-loader";
export async function main(): Promise<string> {
  const s: P2PConsentStatus = await getConsent({ fallback: "download-only" });
  await declareClient({ client: "webtorrent", version: "2.8.5", purpose: "video" });
  const stop: () => void = watchConsent((next) => console.log(next.seeding));
  stop();
  void respectConsentWebTorrent; void planWebTorrent; void respectConsentP2PMediaLoader;
  return s.seeding + FALLBACKS.blocked.seeding;
}
`;

function compile(source: string, moduleResolution: "bundler" | "node16"): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "p2p-consent-consumer-"));
  try {
    mkdirSync(path.join(dir, "node_modules", "@seedgate"), { recursive: true });
    symlinkSync(client, path.join(dir, "node_modules", "@seedgate", "p2p-consent"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(path.join(dir, "consumer.ts"), source);
    const module = moduleResolution === "bundler" ? "esnext" : "node16";
    const compilerOptions = { noEmit: true, strict: true, skipLibCheck: false, target: "es2022", lib: ["es2022", "dom"], types: [], module, moduleResolution };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, encoding: "utf8" });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test.each(["bundler", "node16"] as const)("a strict consumer compiles against the built types (%s resolution)", (resolution) => {
  const good = compile(consumer, resolution);
  expect(good.output).toBe("");
  expect(good.ok).toBe(true);
  const bad = compile(`${consumer}\nexport const wrong: number = FALLBACKS.blocked.seeding;\n`, resolution);
  expect(bad.ok).toBe(false);
  expect(bad.output).toMatch(/not assignable to type 'number'/);
});
