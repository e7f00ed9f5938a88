// MAIN world, every frame, document_start (scripts/bench.mjs --floor-plus): the floor (scripts/bench/floor) plus
// what any guard shaped like Seedgate's pays per frame whatever its own code does:
// - the initial about:blank realm of a frame inserted with a URL (src or srcdoc) is reachable by the page (window[i]) and
//   runs no content script, so a sound guard must reach into it from the parent: here appendChild reads the frame's
//   contentWindow.RTCPeerConnection, which makes the browser create that realm's script context;
// - the guard bundle is parsed in every frame: the bench appends dist/chrome/guard.js below, inside a function that
//   is never called (parsed lazily, as the guard's own body is in a frame its parent adopted; never run).
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
  const append = Node.prototype.appendChild;
  const frameWindow = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, "contentWindow").get;
  Node.prototype.appendChild = function (node) {
    const result = append.call(this, node);
    if (node instanceof HTMLIFrameElement && (node.hasAttribute("src") || node.hasAttribute("srcdoc"))) void frameWindow.call(node)?.RTCPeerConnection;
    return result;
  };
})();
