import { RateShaper, type RateShaperOptions } from "./rate-shaper";

/**
 * What the guard does with an injected clock: a FIFO queue whose head waits for `releaseAt`, then is sent and
 * taken. `offers` are [offered at ms, size], in time order; returns each message's send time.
 */
function run(shaper: RateShaper, offers: readonly (readonly [number, number])[]): number[] {
  const sent: number[] = [];
  let previous = -Infinity;
  for (const [offered, size] of offers) {
    const since = offered > previous ? offered : previous;
    const at = shaper.releaseAt(size, since);
    shaper.take(size, at);
    sent.push(at);
    previous = at;
  }
  return sent;
}
const shaper = (opts: RateShaperOptions, now = 0) => new RateShaper(opts, now);
const KiB = 1024;

describe("RateShaper: release times with an injected clock", () => {
  // [what, options, offers, send times]
  test.each<[string, RateShaperOptions, [number, number][], number[]]>([
    ["a full bucket lets a burst out at once, then the rate", { rateBps: 1000 }, [[0, 500], [0, 500], [0, 500], [0, 500]], [0, 0, 500, 1000]],
    ["sends spaced at the rate never wait", { rateBps: 1000 }, [[0, 1000], [1000, 1000], [2000, 1000], [2500, 500]], [0, 1000, 2000, 2500]],
    ["the bucket refills only up to its size", { rateBps: 1000 }, [[0, 1000], [60_000, 1000], [60_000, 1000]], [0, 60_000, 61_000]],
    ["a message larger than the bucket waits for its excess", { rateBps: 1000 }, [[0, 5000], [0, 100]], [4000, 4100]],
    ["a large message after a pause still waits for its excess", { rateBps: 1000 }, [[60_000, 3000]], [62_000]],
    ["large messages in a row go at the rate", { rateBps: 16 * KiB, burstBytes: 4 * KiB }, [[0, 16 * KiB], [0, 16 * KiB], [0, 16 * KiB]], [750, 1750, 2750]],
    ["a smaller bucket", { rateBps: 1000, burstBytes: 100 }, [[0, 100], [0, 100], [0, 50]], [0, 100, 150]],
    ["an empty message waits its turn but costs nothing", { rateBps: 1000 }, [[0, 1000], [0, 0], [0, 500]], [0, 0, 500]],
  ])("%s", (_what, opts, offers, expected) => {
    expect(run(shaper(opts), offers)).toEqual(expected);
  });

  test("a saturated queue of 16 KiB messages takes (total - bucket) / rate: the rate exactly", () => {
    const s = shaper({ rateBps: 100 * KiB });
    const offers = Array.from({ length: 64 }, () => [0, 16 * KiB] as const);
    const sent = run(s, offers);
    expect(sent[sent.length - 1]).toBeCloseTo(((64 * 16 - 100) * KiB * 1000) / (100 * KiB), 6);
  });

  test("releaseAt reserves nothing; available follows the bucket", () => {
    const s = shaper({ rateBps: 1000 });
    expect(s.available(0)).toBe(1000);
    expect(s.releaseAt(800, 0)).toBe(0);
    expect(s.releaseAt(800, 0)).toBe(0);
    s.take(800, 0);
    expect(s.available(0)).toBe(200);
    expect(s.releaseAt(800, 0)).toBe(600);
    expect(s.available(600)).toBe(800);
    expect(s.available(5000)).toBe(1000);
  });

  test("a message sent before its time leaves the bucket in debt", () => {
    const s = shaper({ rateBps: 1000 });
    s.take(3000, 0);
    expect(s.available(0)).toBe(-2000);
    expect(s.releaseAt(1000, 0)).toBe(3000);
  });

  test("a new rate carries over what the bucket lacks", () => {
    const s = shaper({ rateBps: 1000 });
    s.take(1000, 0); // empty: lacks 1000 bytes
    s.configure({ rateBps: 500, burstBytes: 1000 }, 0);
    expect(s.releaseAt(1000, 0)).toBe(2000);
    s.configure({ rateBps: 2000, burstBytes: 1000 }, 1000); // lacks 500 at 1000
    expect(s.releaseAt(1000, 1000)).toBe(1250);
    expect(s.rateBps).toBe(2000);
    expect(s.burstBytes).toBe(1000);
  });

  test("a rate of 0 lets nothing out until the rate changes", () => {
    const s = shaper({ rateBps: 0 });
    expect(s.releaseAt(1, 0)).toBe(Infinity);
    expect(s.releaseAt(0, 7)).toBe(7);
    s.configure({ rateBps: 1000 }, 10_000);
    expect(s.releaseAt(1000, 10_000)).toBe(10_000);
  });

  test("a clock that steps back earns no token twice", () => {
    const s = shaper({ rateBps: 1000 }, 10_000);
    s.take(1000, 10_000);
    expect(s.available(5_000)).toBe(0);
    s.take(500, 5_000);
    expect(s.releaseAt(1000, 10_000)).toBe(11_500);
  });

  test("bad options and sizes are refused", () => {
    for (const rateBps of [-1, NaN, Infinity]) expect(() => shaper({ rateBps })).toThrow(RangeError);
    for (const burstBytes of [0, NaN, Infinity]) expect(() => shaper({ rateBps: 1000, burstBytes })).toThrow(RangeError);
    const s = shaper({ rateBps: 1000 });
    for (const size of [-1, NaN, Infinity]) {
      expect(() => s.releaseAt(size, 0)).toThrow(RangeError);
      expect(() => s.take(size, 0)).toThrow(RangeError);
    }
  });
});

describe("RateShaper: the envelope holds for any traffic", () => {
  /** A small deterministic generator (LCG), so a failure is reproducible. */
  const random = (seed: number) => () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

  test.each([1, 2, 3, 4, 5])("seed %i: in order, never early, never refused, and within burst + rate × elapsed", (seed) => {
    const next = random(seed);
    const rateBps = 1000 + Math.floor(next() * 100_000);
    const burst = 1 + Math.floor(next() * rateBps);
    const s = shaper({ rateBps, burstBytes: burst });
    const offers: [number, number][] = [];
    for (let i = 0, t = 0; i < 300; i++) {
      t += next() < 0.3 ? Math.floor(next() * 5000) : 0;
      offers.push([t, Math.floor(next() * 3 * burst)]);
    }
    const sent = run(s, offers);
    for (let j = 0; j < sent.length; j++) {
      expect(sent[j]).toBeGreaterThanOrEqual(offers[j]![0]);
      expect(sent[j]).toBeLessThan(Infinity);
      if (j > 0) expect(sent[j]).toBeGreaterThanOrEqual(sent[j - 1]!);
    }
    // From each moment nothing waited (a message offered to an empty queue), bytes sent stay within the envelope.
    for (let i = 0; i < sent.length; i++) {
      if (i > 0 && offers[i]![0] < sent[i - 1]!) continue;
      let bytes = 0;
      for (let j = i; j < sent.length; j++) {
        bytes += offers[j]![1];
        expect(bytes).toBeLessThanOrEqual(burst + (rateBps * (sent[j]! - offers[i]![0])) / 1000 + 1e-6);
      }
    }
  });
});
