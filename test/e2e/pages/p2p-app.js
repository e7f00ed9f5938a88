// Browser, fixture page: a peer-to-peer app that is NOT a P2P CDN, on two tabs (?role=a offers, ?role=b answers),
// signalled through the fixture server's /signal relay like peer.js. ?app=call: a video call (camera and microphone
// tracks both ways, from Chromium's fake devices, and a "chat" data channel); ?app=game: a game (one unordered
// channel of small, frequent state updates both ways); ?app=cdn, the contrast: content-sized messages with no media
// (what a P2P CDN that says nothing about itself looks like). window.app: { state(), run({ messages, size, intervalMs }) }.
// The receiving end counts what arrives from the raw `message` events.
"use strict";
(() => {
  const params = new URLSearchParams(location.search);
  const role = params.get("role") === "b" ? "b" : "a";
  const other = role === "a" ? "b" : "a";
  const kind = params.get("app") === "game" || params.get("app") === "cdn" ? params.get("app") : "call";
  const room = params.get("room") || "default";
  const st = { role, kind, phase: "starting", channel: "none", error: null, received: 0, receivedBytes: 0, sent: 0, threw: 0, errors: [], tracks: 0 };
  let channel = null;

  const post = (to, message) =>
    fetch(`/signal/${room}/${to}`, { method: "POST", body: JSON.stringify(message) }).then((r) => {
      if (!r.ok) throw new Error(`signal POST ${r.status}`);
    });
  async function receive() {
    for (;;) {
      const r = await fetch(`/signal/${room}/${role}`, { cache: "no-store" });
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
  function watch(dc) {
    channel = dc;
    dc.binaryType = "arraybuffer";
    st.channel = dc.readyState;
    for (const t of ["open", "close"]) dc.addEventListener(t, () => (st.channel = dc.readyState));
    dc.addEventListener("message", (e) => {
      st.received += 1;
      st.receivedBytes += typeof e.data === "string" ? new TextEncoder().encode(e.data).length : e.data.byteLength;
    });
  }

  async function start() {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.addEventListener("track", () => (st.tracks += 1));
    if (kind === "call") {
      const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      for (const track of media.getTracks()) pc.addTrack(track, media);
    }
    const label = { call: "chat", game: "game-state", cdn: "segments" }[kind];
    const options = kind === "game" ? { ordered: false, maxRetransmits: 0, negotiated: true, id: 0 } : { ordered: true };
    if (role === "a") {
      watch(pc.createDataChannel(label, options));
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      await post(other, pc.localDescription);
      await pc.setRemoteDescription(await receive());
    } else {
      if (kind === "game") watch(pc.createDataChannel(label, options));
      else pc.addEventListener("datachannel", (e) => watch(e.channel));
      await pc.setRemoteDescription(await receive());
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      await post(other, pc.localDescription);
    }
    st.phase = "signalled";
  }

  window.app = {
    state: () => ({ ...st }),
    /** Sends `messages` messages of about `size` bytes, one every `intervalMs` (0: as fast as the buffer allows). */
    async run({ messages, size, intervalMs, binary = false }) {
      for (let i = 0; i < messages; i++) {
        const body = binary ? new Uint8Array(size) : JSON.stringify({ seq: i, t: Date.now(), pad: "x".repeat(Math.max(0, size - 40)) });
        try {
          channel.send(body);
          st.sent += 1;
        } catch (err) {
          st.threw += 1;
          st.errors.push(err && err.name);
        }
        if (intervalMs > 0) await new Promise((r) => setTimeout(r, intervalMs));
        else if (channel.bufferedAmount > 1 << 20) await new Promise((r) => setTimeout(r, 5));
      }
      return { sent: st.sent, threw: st.threw, errors: st.errors };
    },
  };
  start().catch((err) => {
    st.phase = "failed";
    st.error = `${(err && err.name) || "Error"}: ${(err && err.message) || err}`;
  });
})();
