import { BEHAVIOUR_SOURCE, BEHAVIOUR_THRESHOLDS, classifyConnection, ConnectionClassifier, MAX_UPLOAD_THRESHOLD, PROBATION_UPLOAD_BYTES, probationEvidence, type ConnectionObservation } from "./behaviour";

const KiB = 1024;
const MiB = 1024 * KiB;

/** One observation a second for `seconds`, sending `perSecond` bytes in messages of `size` bytes. */
function traffic(opts: { seconds: number; perSecond: number; size: number; media?: boolean; first?: Uint8Array | string; startAt?: number }): ConnectionObservation[] {
  const out: ConnectionObservation[] = [];
  for (let s = 1; s <= opts.seconds; s++) {
    const up = s * opts.perSecond;
    out.push({
      at: (opts.startAt ?? 0) + s * 1000,
      hasMediaTracks: opts.media ?? false,
      bytesUp: up,
      bytesDown: up,
      messagesUp: Math.ceil(up / opts.size),
      ...(opts.first !== undefined ? { firstMessage: opts.first } : {}),
    });
  }
  return out;
}

const handshake = Uint8Array.from("\x13BitTorrent protocol\0\0\0\0\0\0\0\0", (c) => c.charCodeAt(0));

describe("classifyConnection", () => {
  test.each<[string, ConnectionObservation[], "handshake" | "uploads" | null]>([
    // P2P CDNs
    ["a WebTorrent seeder: 64 KiB/s of 16 KiB blocks", traffic({ seconds: 20, perSecond: 64 * KiB, size: 16 * KiB }), "uploads"],
    ["a p2p-media-loader peer: one 1 MiB segment over 3 s in 64 KiB chunks", traffic({ seconds: 3, perSecond: 350 * KiB, size: 64 * KiB }), "uploads"],
    ["a BitTorrent handshake, on its first observation", traffic({ seconds: 1, perSecond: 68, size: 68, first: handshake }), "handshake"],
    ["a BitTorrent handshake even beside media tracks", traffic({ seconds: 1, perSecond: 68, size: 68, media: true, first: handshake }), "handshake"],
    // video calls: media tracks and a chat channel, even a heavy one
    ["a video call with chat", traffic({ seconds: 120, perSecond: 300, size: 100, media: true, first: "hi" }), null],
    ["a video call sending a file over its chat channel", traffic({ seconds: 60, perSecond: 256 * KiB, size: 16 * KiB, media: true }), null],
    // games: many small messages
    ["a game: 60 updates/s of 200 B", traffic({ seconds: 600, perSecond: 60 * 200, size: 200 }), null],
    ["a busy game: 200 updates/s of 900 B (5 MiB per 30 s)", traffic({ seconds: 120, perSecond: 200 * 900, size: 900 }), null],
    // too little, or not sustained
    ["a chat sending one 2 MiB photo at once", [...traffic({ seconds: 1, perSecond: 2 * MiB, size: 16 * KiB }), ...traffic({ seconds: 10, perSecond: 0, size: 1, startAt: 1000 }).map((o) => ({ ...o, bytesUp: 2 * MiB, messagesUp: 128 }))], null],
    ["a slow trickle: 8 KiB/s for 10 minutes (240 KiB per 30 s)", traffic({ seconds: 600, perSecond: 8 * KiB, size: 4 * KiB }), null],
    ["nothing sent", traffic({ seconds: 60, perSecond: 0, size: 1 }), null],
  ])("%s", (_name, series, expected) => {
    const e = classifyConnection(series);
    if (expected === null) return expect(e).toBeNull();
    expect(e).toMatchObject({ kind: "behaviour", source: BEHAVIOUR_SOURCE[expected] });
    expect(e).not.toHaveProperty("client");
  });
});

describe("thresholds", () => {
  test("are documented defaults, the upload one at most 1 MiB", () => {
    expect(BEHAVIOUR_THRESHOLDS).toEqual({ uploadBytes: 512 * KiB, windowMs: 30_000, minSpanMs: 2_000, minMeanMessageBytes: 1024 });
    expect(BEHAVIOUR_THRESHOLDS.uploadBytes).toBeLessThanOrEqual(MAX_UPLOAD_THRESHOLD);
    expect(new ConnectionClassifier({ uploadBytes: 10 * MiB }).thresholds.uploadBytes).toBe(MAX_UPLOAD_THRESHOLD);
  });

  test("flag when the window first holds the threshold, not before", () => {
    const c = new ConnectionClassifier();
    const series = traffic({ seconds: 20, perSecond: 64 * KiB, size: 16 * KiB });
    const at = series.findIndex((o) => c.observe(o) !== null);
    expect(series[at]!.bytesUp).toBe(512 * KiB); // 8 s of 64 KiB/s
    expect(c.verdict!.detail).toMatch(/512 KiB in 7\.0 s, 16384 B per message/);
  });

  test("a 1 MiB threshold is honoured exactly at 1 MiB", () => {
    const series = traffic({ seconds: 40, perSecond: 100 * KiB, size: 16 * KiB });
    const c = new ConnectionClassifier({ uploadBytes: MiB });
    const at = series.findIndex((o) => c.observe(o) !== null);
    expect(series[at]!.bytesUp).toBeGreaterThanOrEqual(MiB);
    expect(series[at - 1]!.bytesUp).toBeLessThan(MiB);
  });

  test("the window slides: old uploads stop counting", () => {
    // 400 KiB now, 400 KiB 40 s later: never 512 KiB within 30 s.
    const burst = (t: number, base: number): ConnectionObservation[] =>
      [0, 1, 2, 3].map((i) => ({ at: t + i * 1000, hasMediaTracks: false, bytesUp: base + i * 100 * KiB, bytesDown: 0, messagesUp: (base + i * 100 * KiB) / (4 * KiB) }));
    expect(classifyConnection([...burst(0, 0), ...burst(40_000, 300 * KiB)])).toBeNull();
    expect(classifyConnection([...burst(0, 0), ...burst(10_000, 300 * KiB)])).not.toBeNull();
  });
});

describe("ConnectionClassifier", () => {
  test("returns the evidence once and keeps the verdict", () => {
    const c = new ConnectionClassifier();
    const flags = traffic({ seconds: 20, perSecond: 64 * KiB, size: 16 * KiB }).map((o) => c.observe(o)).filter(Boolean);
    expect(flags).toHaveLength(1);
    expect(c.verdict).toBe(flags[0]);
  });

  test("media tracks are sticky: a call that stops its camera is still a call", () => {
    const c = new ConnectionClassifier();
    c.observe({ at: 0, hasMediaTracks: true, bytesUp: 0, bytesDown: 0, messagesUp: 0 });
    for (const o of traffic({ seconds: 30, perSecond: 64 * KiB, size: 16 * KiB })) expect(c.observe(o)).toBeNull();
  });

  test("a caller's meanMessageSize counts when it does not count messages", () => {
    const game = traffic({ seconds: 60, perSecond: 100 * KiB, size: 1 }).map((o) => ({ ...o, messagesUp: 0, meanMessageSize: 300 }));
    expect(classifyConnection(game)).toBeNull();
    const seeder = game.map((o) => ({ ...o, meanMessageSize: 16 * KiB }));
    expect(classifyConnection(seeder)).not.toBeNull();
  });

  test("counters that go back start over; garbage numbers count as zero", () => {
    const c = new ConnectionClassifier();
    c.observe({ at: 1000, hasMediaTracks: false, bytesUp: 400 * KiB, bytesDown: 0, messagesUp: 25 });
    c.observe({ at: 2000, hasMediaTracks: false, bytesUp: 10 * KiB, bytesDown: 0, messagesUp: 1 });
    c.observe({ at: 3000, hasMediaTracks: false, bytesUp: NaN, bytesDown: -1, messagesUp: Infinity });
    c.observe({ at: 4000, hasMediaTracks: false, bytesUp: 200 * KiB, bytesDown: 0, messagesUp: 13 });
    expect(c.verdict).toBeNull();
  });
});

describe("probationEvidence: the site rule, by volume only", () => {
  test("nothing while the site's uploads and the request fit the allowance", () => {
    expect(probationEvidence(0, 0)).toBeNull();
    expect(probationEvidence(PROBATION_UPLOAD_BYTES - 100, 100)).toBeNull();
  });
  test("behaviour evidence once the site wants more than the allowance, whatever it is made of", () => {
    const e = probationEvidence(PROBATION_UPLOAD_BYTES, 1);
    expect(e).toMatchObject({ kind: "behaviour", source: BEHAVIOUR_SOURCE.volume });
    expect(e?.detail).toMatch(/^data-channel uploads of an undetected site past its probation allowance: 3072 KiB/);
  });
  test("the allowance leaves room under the 4 MiB ceiling for the default's own base bound (64 KiB)", () => {
    expect(PROBATION_UPLOAD_BYTES + 64 * 1024).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
  test("numbers from elsewhere are made safe (NaN, negatives)", () => {
    expect(probationEvidence(NaN, -5)).toBeNull();
  });
});
