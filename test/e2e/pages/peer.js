// Browser, fixture page (works with or without the extension): one end of a two-peer WebRTC data channel,
// signalled through the fixture server's /signal relay (non-trickle: the full SDP once gathering ends).
// window.peer: { role, state(), send(n, size, { kind }), closeChannel(), bytes(), messages() }.
// The receiver counts what arrives from the raw `message` event data, not from anything the extension says.
"use strict";
(() => {
  const role = document.currentScript.dataset.role;
  const other = role === "sender" ? "receiver" : "sender";
  const room = new URLSearchParams(location.search).get("room") || "default";
  const HIGH_WATER = 1 << 20;
  const encoder = new TextEncoder();
  const st = { role, phase: "starting", channel: "none", error: null, bytes: 0, messages: 0, channels: 0 };
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
  function gathered(pc) {
    if (pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => pc.iceGatheringState === "complete" && resolve();
      pc.addEventListener("icegatheringstatechange", done);
      setTimeout(resolve, 5000); // send what was gathered so far
    });
  }
  function sizeOf(data) {
    if (typeof data === "string") return encoder.encode(data).length;
    if (data instanceof ArrayBuffer) return data.byteLength;
    if (ArrayBuffer.isView(data)) return data.byteLength;
    if (data instanceof Blob) return data.size;
    return 0;
  }
  function watch(dc) {
    channel = dc;
    st.channels += 1;
    dc.binaryType = "arraybuffer";
    st.channel = dc.readyState;
    for (const type of ["open", "close", "closing", "error"]) {
      dc.addEventListener(type, () => (st.channel = dc.readyState));
    }
    dc.addEventListener("message", (event) => {
      st.bytes += sizeOf(event.data);
      st.messages += 1;
    });
  }
  function drained(dc) {
    return new Promise((resolve) => {
      const done = () => {
        dc.removeEventListener("bufferedamountlow", done);
        dc.removeEventListener("close", done);
        resolve();
      };
      dc.bufferedAmountLowThreshold = HIGH_WATER / 4;
      dc.addEventListener("bufferedamountlow", done);
      dc.addEventListener("close", done);
    });
  }

  async function start() {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.addEventListener("connectionstatechange", () => (st.connection = pc.connectionState));
    if (role === "sender") {
      watch(pc.createDataChannel("fixture", { ordered: true }));
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      st.phase = "offered";
      await post(other, pc.localDescription);
      await pc.setRemoteDescription(await receive());
    } else {
      pc.addEventListener("datachannel", (event) => watch(event.channel));
      await pc.setRemoteDescription(await receive());
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      await post(other, pc.localDescription);
    }
    st.phase = "signalled";
  }

  window.peer = {
    role,
    state: () => ({ ...st, buffered: channel ? channel.bufferedAmount : 0 }),
    bytes: () => st.bytes,
    /** This end's data channel (hostile-page specs dispatch events on it). */
    channel: () => channel,
    /** Closes this end's data channel (sends then throw InvalidStateError). */
    closeChannel: () => channel && channel.close(),
    messages: () => st.messages,
    /** Sends n messages of `size` bytes (binary, or one-byte characters); waits out backpressure. */
    async send(n, size, { kind = "binary" } = {}) {
      const payload = kind === "string" ? "x".repeat(size) : new Uint8Array(size);
      const result = { sent: 0, threw: 0, errors: [] };
      for (let i = 0; i < n; i++) {
        if (channel && channel.readyState === "open" && channel.bufferedAmount > HIGH_WATER) await drained(channel);
        try {
          channel.send(payload);
          result.sent += 1;
        } catch (error) {
          result.threw += 1;
          result.errors.push((error && error.name) || String(error));
        }
      }
      return result;
    },
  };
  start().catch((error) => {
    st.phase = "failed";
    st.error = `${(error && error.name) || "Error"}: ${(error && error.message) || error}`;
  });
})();
