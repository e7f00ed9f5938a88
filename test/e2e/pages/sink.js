// Browser, fixture page: the receiving peers of seeder.js on another site. Answers every offer in rooms
// `${base}-${i}` and counts what arrives from the raw `message` event data, not from anything the extension says.
// It sends a canvas video track back on a connection that offers video (so the seeder sees a real remote track).
// window.sink: { accept(base, n), bytes(), messages() }.
"use strict";
(() => {
  const st = { bytes: 0, messages: 0, connections: 0, errors: [] };
  let video = null;
  function canvasVideo() {
    if (video) return video;
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext("2d");
    g.fillRect(0, 0, 64, 48);
    setInterval(() => g.fillRect(0, 0, (Date.now() / 10) % 64, 48), 100);
    const stream = canvas.captureStream(10);
    return (video = { track: stream.getVideoTracks()[0], stream });
  }
  const gathered = (pc) =>
    pc.iceGatheringState === "complete"
      ? Promise.resolve()
      : new Promise((resolve) => {
          pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
          setTimeout(resolve, 5000);
        });
  async function receive(room) {
    for (;;) {
      const r = await fetch(`/signal/${room}/sink`, { cache: "no-store" });
      if (r.status === 200) return r.json();
      if (r.status !== 204) throw new Error(`signal GET ${r.status}`);
    }
  }
  async function acceptOne(room) {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.addEventListener("datachannel", (e) => {
      const dc = e.channel;
      dc.binaryType = "arraybuffer";
      dc.addEventListener("message", (m) => {
        st.messages += 1;
        st.bytes += typeof m.data === "string" ? new TextEncoder().encode(m.data).length : m.data.byteLength;
      });
    });
    await pc.setRemoteDescription(await receive(room));
    for (const t of pc.getTransceivers()) {
      if (t.receiver.track && t.receiver.track.kind === "video") {
        const v = canvasVideo();
        t.direction = "sendrecv";
        await t.sender.replaceTrack(v.track);
      }
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    await fetch(`/signal/${room}/seeder`, { method: "POST", body: JSON.stringify(pc.localDescription) });
    st.connections += 1;
  }
  window.sink = {
    accept(base, n) {
      for (let i = 0; i < n; i++) acceptOne(`${base}-${i}`).catch((e) => st.errors.push(String(e)));
      return n;
    },
    bytes: () => st.bytes,
    state: () => ({ ...st }),
  };
})();
