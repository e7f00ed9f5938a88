/** @jest-environment jsdom */
import { DetectObserver, firstOf, present } from "./detect-observer";

describe("firstOf: the first 256 bytes of a message, read with captured getters", () => {
  test.each<[string, unknown, ReturnType<typeof firstOf>]>([
    ["a string", "hello", { text: "hello" }],
    ["bytes", Uint8Array.of(0x13, 0x42, 0xff), { hex: "1342ff" }],
    ["a view into a larger buffer", new Uint8Array(Uint8Array.of(1, 2, 3, 4).buffer, 1, 2), { hex: "0203" }],
    ["a DataView", new DataView(Uint8Array.of(9, 10, 11).buffer, 1), { hex: "0a0b" }],
    ["an ArrayBuffer", Uint8Array.of(0xab).buffer, { hex: "ab" }],
    ["a Blob (unreadable synchronously)", new Blob(["x"]), null],
    ["nothing", undefined, null],
  ])("%s", (_n, data, expected) => {
    expect(firstOf(data)).toEqual(expected);
  });

  test("long messages are cut at 256 bytes", () => {
    expect((firstOf(new Uint8Array(10_000)) as { hex: string }).hex).toHaveLength(512);
    expect((firstOf("x".repeat(10_000)) as { text: string }).text).toHaveLength(256);
  });

  test("a page's byteLength getter on the view's prototype is not what is read", () => {
    class Liar extends Uint8Array {
      override get byteLength() {
        return 0;
      }
    }
    expect(firstOf(Liar.of(1, 2))).toEqual({ hex: "0102" });
  });
});

describe("present: own data properties only, no getter called", () => {
  test("paths through own data properties", () => {
    const win = { peer5: {}, WebTorrent: Object.assign(() => {}, { WEBRTC_SUPPORT: true }), nothing: null, zero: 0 };
    expect(present(win, "peer5")).toBe(true);
    expect(present(win, "WebTorrent.WEBRTC_SUPPORT")).toBe(true);
    expect(present(win, "WebTorrent.VERSION")).toBe(false);
    expect(present(win, "nothing")).toBe(false);
    expect(present(win, "zero")).toBe(true);
    expect(present(win, "zero.x")).toBe(false);
  });

  test("inherited names (named access to elements lives on the prototype) are not present", () => {
    const win = Object.create({ peer5: {} }) as object;
    expect(present(win, "peer5")).toBe(false);
  });

  test("an accessor counts at the last step, stops the path before it; it is never called", () => {
    let calls = 0;
    const win = {
      get edgemesh() {
        calls++;
        return {};
      },
      p2pml: {
        get hlsjs() {
          calls++;
          return { Engine: 1 };
        },
      },
    };
    expect(present(win, "edgemesh")).toBe(true);
    expect(present(win, "p2pml.hlsjs.Engine")).toBe(false);
    expect(calls).toBe(0);
  });

  test("a Proxy whose trap throws is not present (and does not throw)", () => {
    const win = { p2pml: new Proxy({}, { getOwnPropertyDescriptor: () => { throw new Error("no"); } }) };
    expect(present(win, "p2pml.hlsjs")).toBe(false);
  });
});

describe("DetectObserver", () => {
  const make = () => {
    const calls = { wake: 0, urgent: 0 };
    const o = new DetectObserver(
      () => void calls.wake++,
      () => void calls.urgent++,
    );
    return { o, calls };
  };

  test("nothing to say: no message", () => {
    expect(make().o.take()).toBeNull();
  });

  test("URLs are deduplicated, bounded per document and per message", () => {
    const { o } = make();
    for (let i = 0; i < 300; i++) o.script(`https://example.org/${i % 280}.js`);
    o.script("https://example.org/0.js");
    const first = o.take()!;
    expect(first.scripts).toHaveLength(64);
    expect(o.backlog).toBe(true);
    let total = first.scripts.length;
    for (let m = o.take(); m; m = o.take()) total += m.scripts.length;
    expect(total).toBe(256);
  });

  test("metas: p2p-cdn at once (declared, urgent); others only those the probe names, held until it arrives", () => {
    const { o, calls } = make();
    let declared = 0;
    o.onDeclared = () => void declared++;
    o.meta("description", "a video site");
    o.meta("og:platform", "PeerTube");
    o.meta("p2p-cdn", "webtorrent");
    expect(declared).toBe(1);
    expect(calls.urgent).toBe(1);
    expect(o.take()!.metas).toEqual([{ name: "p2p-cdn", content: "webtorrent" }]);
    o.setProbe([], ["og:platform"]);
    expect(o.take()!.metas).toEqual([{ name: "og:platform", content: "PeerTube" }]);
  });

  test("connection facts are deltas of connections that moved; media is reported once", () => {
    const { o } = make();
    const c = o.newConn(4);
    c.dUp = 1000;
    c.dMessages = 3;
    expect(o.take()!.conns).toEqual([{ id: 4, up: 1000, messages: 3, media: false }]);
    expect(o.take()).toBeNull();
    o.media(c);
    expect(o.take()!.conns).toEqual([{ id: 4, up: 0, messages: 0, media: true }]);
    expect(o.take()).toBeNull();
    o.closed(c);
    c.dUp = 5;
    expect(o.take()).toBeNull();
  });

  test("a channel's first message each way, and no more; at most 4 channels per connection", () => {
    const { o, calls } = make();
    const c = o.newConn(1);
    const channels = [{}, {}, {}, {}, {}];
    const recs = channels.map((ch) => o.channel(c, ch));
    expect(recs.filter(Boolean)).toHaveLength(4);
    expect(c.firstWatch).toBe(4);
    o.firstOut(c, channels[0]!, Uint8Array.of(0x13));
    o.firstOut(c, channels[0]!, Uint8Array.of(0x14));
    o.firstIn(recs[0]!, "hi");
    o.firstIn(recs[0]!, "again");
    expect(c.firstWatch).toBe(3);
    expect(o.take()!.channels).toEqual([
      { conn: 1, label: "", dir: "up", hex: "13" },
      { conn: 1, label: "", dir: "down", text: "hi" },
    ]);
    expect(calls.urgent).toBe(2);
  });
});
