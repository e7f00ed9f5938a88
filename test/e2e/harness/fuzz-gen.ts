// Node (jest e2e, and unit-tested): the seeded generator of realm/connection fuzz pages. Pure: the same seed gives
// the same program, step for step. A program is data (a list of steps) that pages/fuzz-runtime.js runs in the top
// page: frames of every kind created, nested, navigated, moved and removed; peer connection pairs opened with their
// two ends in random realms, channels sent on and closed; at the end, maybe navigating away.

export const FRAME_KINDS = ["blank", "srcdoc", "same", "cross", "data", "blob", "sandboxed", "object", "embed"] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];
export const NAVIGATIONS = ["blank", "same", "srcdoc", "cross"] as const;
export type Navigation = (typeof NAVIGATIONS)[number];

/** Realm 0 is the top page; frame n (n >= 1) is the realm of the n-th frame made. */
export type Step =
  | { op: "frame"; id: number; parent: number; kind: FrameKind }
  | { op: "navigate"; id: number; to: Navigation }
  | { op: "move"; id: number; how: "moveBefore" | "reappend" }
  | { op: "remove"; id: number }
  | { op: "pair"; id: number; a: number; b: number }
  | { op: "send"; pair: number; n: number; size: number }
  | { op: "close"; pair: number }
  | { op: "wait"; ms: number }
  | { op: "away" };

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzOptions {
  /** Steps per page, at most. */
  maxSteps?: number;
}

/** The program of page `index` of the run seeded `seed`. */
export function generate(seed: number, index: number, { maxSteps = 14 }: FuzzOptions = {}): Step[] {
  const rnd = prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const steps: Step[] = [];
  const frames: number[] = [];
  const pairs: number[] = [];
  let nextFrame = 1;
  let nextPair = 1;
  const count = 4 + int(maxSteps - 3);
  for (let i = 0; i < count; i++) {
    const r = rnd();
    if (r < 0.3 || frames.length === 0) {
      const parent = frames.length > 0 && rnd() < 0.3 ? pick(frames) : 0;
      const id = nextFrame++;
      steps.push({ op: "frame", id, parent, kind: pick(FRAME_KINDS) });
      frames.push(id);
    } else if (r < 0.55) {
      const realms = [0, ...frames];
      const id = nextPair++;
      steps.push({ op: "pair", id, a: pick(realms), b: pick(realms) });
      pairs.push(id);
    } else if (r < 0.7 && pairs.length > 0) {
      steps.push({ op: "send", pair: pick(pairs), n: 1 + int(4), size: pick([16, 1024, 16 * 1024]) });
    } else if (r < 0.77) {
      steps.push({ op: "navigate", id: pick(frames), to: pick(NAVIGATIONS) });
    } else if (r < 0.84) {
      steps.push({ op: "move", id: pick(frames), how: rnd() < 0.5 ? "moveBefore" : "reappend" });
    } else if (r < 0.9) {
      const id = pick(frames);
      steps.push({ op: "remove", id });
      frames.splice(frames.indexOf(id), 1);
    } else if (r < 0.95 && pairs.length > 0) {
      steps.push({ op: "close", pair: pick(pairs) });
    } else {
      steps.push({ op: "wait", ms: pick([0, 10, 50]) });
    }
  }
  if (rnd() < 0.3) steps.push({ op: "away" });
  return steps;
}

/** The page's script: the program as a literal for pages/fuzz-runtime.js. Same seed and index, same text. */
export function pageScript(seed: number, index: number, options?: FuzzOptions): string {
  return `window.fuzzProgram = ${JSON.stringify({ seed, index, steps: generate(seed, index, options) })};`;
}
