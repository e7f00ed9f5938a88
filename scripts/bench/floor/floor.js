// MAIN world, every frame, document_start: the floor of any per-frame WebRTC guard (issue 12). It only wraps
// RTCDataChannel.prototype.send with a counter: what the browser charges for injecting one trivial content script
// into each frame, against which scripts/bench.mjs states Seedgate's cost per frame as a ratio.
(() => {
  const proto = globalThis.RTCDataChannel && RTCDataChannel.prototype;
  if (!proto) return;
  const send = proto.send;
  let sends = 0;
  proto.send = function (data) {
    sends++;
    return send.call(this, data);
  };
  Object.defineProperty(globalThis, "__floorSends", { get: () => sends });
})();
