// Node (jest e2e): one run of an insertion-escape route (pages/insertion-escapes.js) in either browser: a receiver
// tab on site B, a sender tab on site A that takes the route and uploads 512 KiB; the bytes are counted at the
// receiver once it stops growing, and must stay within what the site had left (undecided) or be none (blocked).
import { waitFor } from "./wait-for";

export const INSERTION_ROUTES = [
  "fragment-script",
  "named-access",
  "nested-range",
  "custom-element",
  "customized-builtin",
  "onload-sibling",
  "innerhtml-custom-element",
  "insertadjacenthtml-custom-element",
  "document-write",
  "document-write-split",
  "closed-shadow-getter",
  "declarative-shadow-document",
  "poisoned-reused-global",
];

const KiB = 1024;
const ATTEMPT = { n: 32, size: 16 * KiB }; // 512 KiB

/** The little both browsers' page objects share (playwright-core and puppeteer-core). */
export interface AnyPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}
export interface Sites {
  newPage(url: string): Promise<AnyPage>;
  siteA: string;
  siteB: string;
}

interface RouteResult {
  route: string;
  reached: boolean;
  guardedAtGrab: boolean | null;
  grabError?: string;
  refused?: string;
  sent: number;
  threw: number;
  errors: string[];
}

export async function expectInsertionBounded(sites: Sites, route: string, room: string, mode: "undecided" | "blocked"): Promise<number> {
  const rx = await sites.newPage(`${sites.siteB}/receiver.html?room=${room}`);
  const tx = await sites.newPage(`${sites.siteA}/insertion-escapes.html`);
  try {
    const left = await tx.evaluate(async () => {
      const p = (navigator as unknown as { p2pConsent: { query(): Promise<{ uploadBudgetBytes: number | null }> } }).p2pConsent;
      return (await p.query()).uploadBudgetBytes ?? Infinity;
    }, undefined);
    const result = await tx.evaluate(
      ([r, o]) => (window as unknown as { insertion: { run(route: string, o: object): Promise<RouteResult> } }).insertion.run(r, o),
      [route, { room, ...ATTEMPT }] as const,
    );
    let last = -1;
    const total = await waitFor(
      async () => {
        const b = await rx.evaluate(() => (window as unknown as { peer: { bytes(): number } }).peer.bytes(), undefined);
        const settled = b === last;
        last = b;
        return { b, settled };
      },
      { interval: 300, message: "receiver settles" },
      (x) => x.settled,
    );
    const report = JSON.stringify({ ...result, left, received: total.b });
    // The route must have reached a new frame's realm during the insertion (else it tested nothing) unless the
    // defence kept the frame out of the page's reach until it was guarded (then it found no frame, or a guarded one).
    if (result.reached) expect({ report, guarded: result.guardedAtGrab }).toEqual({ report, guarded: true });
    if (mode === "blocked") {
      expect({ report, received: total.b }).toEqual({ report, received: 0 });
      expect(result.refused ?? "").toMatch(/NotAllowedError/);
    } else {
      expect(left).toBeLessThanOrEqual(64 * KiB);
      expect({ report, within: total.b <= left }).toEqual({ report, within: true });
      expect(result.threw).toBeGreaterThan(0);
    }
    return total.b;
  } finally {
    await tx.close();
    await rx.close();
  }
}
