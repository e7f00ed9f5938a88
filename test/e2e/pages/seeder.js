// Browser, fixture page: an undeclared, unsigned seeder that tries every way past a per-connection behaviour rule:
// many connections with one synchronous burst each, empty messages as padding, a synthetic `track` event, a real
// canvas-captureStream track, several tabs and same-origin frames, and an unpaced sender keeping the loopback
// buffer full. Signalled through the fixture server's /signal relay to sink.js on another site.
// window.seeder: { connect(base, n, { track }), flood({ perConn, size, padding, unpaced }), frame() }.
"use strict";
(() => {
  const channels = [];
  const pcs = [];
  const post = (room, to, message) =>
    fetch(`/signal/${room}/${to}`, { method: "POST", body: JSON.stringify(message) }).then((r) => {
      if (!r.ok) throw new Error(`signal POST ${r.status}`);
    });
  async function receive(room) {
    for (;;) {
      const r = await fetch(`/signal/${room}/seeder`, { cache: "no-store" });
      if (r.status === 200) return r.json();
      if (r.status !== 204) throw new Error(`signal GET ${r.status}`);
    }
  }
  const gathered = (pc) =>
    pc.iceGatheringState === "complete"
      ? Promise.resolve()
      : new Promise((resolve) => {
          pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
          setTimeout(resolve, 5000);
        });
  const opened = (dc) => (dc.readyState === "open" ? Promise.resolve() : new Promise((resolve) => dc.addEventListener("open", resolve, { once: true })));
  let canvasTrack = null;
  function canvasVideo() {
    if (canvasTrack) return canvasTrack;
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext("2d");
    const paint = () => {
      g.fillStyle = `hsl(${Date.now() % 360},80%,50%)`;
      g.fillRect(0, 0, 64, 48);
    };
    paint();
    setInterval(paint, 100);
    const stream = canvas.captureStream(10);
    canvasTrack = { track: stream.getVideoTracks()[0], stream };
    return canvasTrack;
  }

  async function connectOne(room, track) {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pcs.push(pc);
    const media = { tracks: 0 };
    pc.addEventListener("track", () => (media.tracks += 1));
    if (track === "canvas") {
      const v = canvasVideo();
      pc.addTrack(v.track, v.stream);
    }
    const dc = pc.createDataChannel("data", { ordered: true });
    dc.binaryType = "arraybuffer";
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    await post(room, "sink", pc.localDescription);
    await pc.setRemoteDescription(await receive(room));
    await opened(dc);
    // What a page controls: an event of its own making, dispatched where the guard listens for media.
    if (track === "synthetic") {
      pc.dispatchEvent(new Event("track"));
    }
    channels.push(dc);
    return media;
  }

  const pause = () => new Promise((r) => setTimeout(r, 0));

  window.seeder = {
    /** Opens `n` connections (rooms `${base}-${i}`) to the sink, each with one data channel. */
    async connect(base, n, { track = "none" } = {}) {
      const media = await Promise.all(Array.from({ length: n }, (_, i) => connectOne(`${base}-${i}`, track)));
      return { channels: channels.length, tracks: media.reduce((a, m) => a + m.tracks, 0) };
    },
    /**
     * Pushes `perConn` bytes on every channel in `size`-byte binary messages, each followed by `padding` empty
     * messages. Default: one synchronous burst per connection, all connections in one task. `unpaced`: keep each
     * channel's buffer full (as fast as loopback allows), yielding only when it holds 2 MiB.
     */
    async flood({ perConn, size, padding = 0, unpaced = false }) {
      const data = new Uint8Array(size);
      const empty = new Uint8Array(0);
      const r = { attempted: 0, sent: 0, threw: 0, errors: [] };
      const one = (dc, payload) => {
        try {
          dc.send(payload);
          return true;
        } catch (e) {
          r.threw += 1;
          if (!r.errors.includes(e.name)) r.errors.push(e.name);
          return false;
        }
      };
      const started = performance.now();
      if (!unpaced) {
        for (const dc of channels) {
          for (let b = 0; b < perConn; b += size) {
            r.attempted += size;
            if (one(dc, data)) r.sent += size;
            for (let p = 0; p < padding; p++) one(dc, empty);
          }
        }
      } else {
        await Promise.all(
          channels.map(async (dc) => {
            for (let b = 0; b < perConn; b += size) {
              while (dc.readyState === "open" && dc.bufferedAmount > 2 * 1024 * 1024) await pause();
              r.attempted += size;
              if (one(dc, data)) r.sent += size;
              for (let p = 0; p < padding; p++) one(dc, empty);
            }
          }),
        );
      }
      r.ms = Math.round(performance.now() - started);
      return r;
    },
    /**
     * A frame running its own seeder, driven by messages (so it may be cross-origin): `origin` "" for this page's
     * origin, or another one (a third-party player: it follows this top-level site's decision all the same).
     */
    async frame(origin) {
      const f = document.createElement("iframe");
      f.src = `${origin || ""}/seeder.html?frame=1`;
      await new Promise((resolve) => {
        f.addEventListener("load", resolve, { once: true });
        document.body.append(f);
      });
      let next = 0;
      const call = (method, args) =>
        new Promise((resolve, reject) => {
          const id = ++next + Math.random();
          const on = (e) => {
            if (e.source !== f.contentWindow || !e.data || e.data.id !== id) return;
            removeEventListener("message", on);
            if (e.data.error) reject(new Error(e.data.error));
            else resolve(e.data.result);
          };
          addEventListener("message", on);
          f.contentWindow.postMessage({ id, method, args }, "*");
        });
      return { connect: (...a) => call("connect", a), flood: (...a) => call("flood", a), stats: () => call("stats", []) };
    },
    /** Runs connect + flood here and in `frames` frames of `origin` ("" = this one), rooms `${base}-${k}-${i}`. */
    async withFrames(base, frames, n, flood, origin = "") {
      const seeders = [window.seeder];
      for (let k = 0; k < frames; k++) seeders.push(await window.seeder.frame(origin));
      await Promise.all(seeders.map((s, k) => s.connect(`${base}-${k}`, n)));
      const results = await Promise.all(seeders.map((s) => s.flood(flood)));
      return results.reduce((a, x) => ({ attempted: a.attempted + x.attempted, sent: a.sent + x.sent, threw: a.threw + x.threw, errors: [...new Set([...a.errors, ...x.errors])] }), { attempted: 0, sent: 0, threw: 0, errors: [] });
    },
    /** Each channel's state and bufferedAmount (what the guard holds is part of it), for a failing spec to show. */
    stats() {
      return { url: location.href, channels: channels.map((dc) => `${dc.readyState}:${dc.bufferedAmount}`) };
    },
    close() {
      for (const pc of pcs) pc.close();
    },
  };
  // In a frame: the page that embeds it drives it (frame() above).
  if (window.parent !== window) {
    addEventListener("message", async (e) => {
      if (e.source !== window.parent || !e.data || typeof e.data.method !== "string") return;
      const { id, method, args } = e.data;
      try {
        e.source.postMessage({ id, result: await window.seeder[method](...args) }, "*");
      } catch (err) {
        e.source.postMessage({ id, error: String(err) }, "*");
      }
    });
  }
})();
