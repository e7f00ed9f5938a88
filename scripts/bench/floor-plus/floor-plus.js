// MAIN world, every frame, document_start (scripts/bench.mjs --floor-plus): what any guard shaped like Seedgate's
// pays per frame whatever its own code does, on top of the floor. The bench puts scripts/bench/floor/floor.js in
// front of this file (so the floor's counter, `__floorSends`, is the same script) and the guard bundle after it:
// - the initial about:blank realm of a frame inserted with a URL (src or srcdoc) is reachable by the page (window[i]) and
//   runs no content script, so a sound guard must reach into it from the parent: here appendChild reads the frame's
//   contentWindow.RTCPeerConnection, which makes the browser create that realm's script context;
// - the guard bundle is parsed in every frame: dist/chrome/guard.js goes after this, inside a function that is never
//   called (parsed lazily, as the guard's own body is in a frame its parent adopted; never run).
(() => {
  const append = Node.prototype.appendChild;
  const frameWindow = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, "contentWindow").get;
  Node.prototype.appendChild = function (node) {
    const result = append.call(this, node);
    if (node instanceof HTMLIFrameElement && (node.hasAttribute("src") || node.hasAttribute("srcdoc"))) void frameWindow.call(node)?.RTCPeerConnection;
    return result;
  };
})();
