// Unit (Node): the fuzz generator is deterministic per seed, covers every frame kind and operation, and only
// refers to frames and pairs it made before.
import { FRAME_KINDS, generate, pageScript, prng, type Step } from "./fuzz-gen";

test("the same seed gives the same page script; another seed another one", () => {
  expect(pageScript(1234, 7)).toBe(pageScript(1234, 7));
  expect(pageScript(1234, 7)).not.toBe(pageScript(1235, 7));
  expect(pageScript(1234, 7)).not.toBe(pageScript(1234, 8));
  const a = prng(42);
  const b = prng(42);
  for (let i = 0; i < 100; i++) expect(a()).toBe(b());
});

test("over 200 pages every frame kind and every operation appears", () => {
  const kinds = new Set<string>();
  const ops = new Set<string>();
  let nested = 0;
  for (let i = 0; i < 200; i++) {
    for (const s of generate(99, i)) {
      ops.add(s.op);
      if (s.op === "frame") {
        kinds.add(s.kind);
        if (s.parent !== 0) nested++;
      }
    }
  }
  expect([...kinds].sort()).toEqual([...FRAME_KINDS].sort());
  expect([...ops].sort()).toEqual(["away", "close", "frame", "move", "navigate", "pair", "remove", "send", "wait"]);
  expect(nested).toBeGreaterThan(0);
});

test("steps refer only to frames and pairs made before, and a removed frame is not used again", () => {
  for (let i = 0; i < 300; i++) {
    const frames = new Set<number>([0]);
    const pairs = new Set<number>();
    const steps: Step[] = generate(7, i);
    steps.forEach((s, k) => {
      if (s.op === "frame") {
        expect(frames.has(s.parent)).toBe(true);
        frames.add(s.id);
      } else if (s.op === "pair") {
        expect(frames.has(s.a) && frames.has(s.b)).toBe(true);
        pairs.add(s.id);
      } else if (s.op === "send" || s.op === "close") expect(pairs.has(s.pair)).toBe(true);
      else if (s.op === "navigate" || s.op === "move") expect(frames.has(s.id) && s.id !== 0).toBe(true);
      else if (s.op === "remove") {
        expect(frames.has(s.id) && s.id !== 0).toBe(true);
        frames.delete(s.id);
      } else if (s.op === "away") expect(k).toBe(steps.length - 1);
    });
  }
});
