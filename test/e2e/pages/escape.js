// Browser, fixture (sender side of the escape-route specs): connects to receiver.html through the fixture
// server's signalling relay like peer.js, but obtains RTCPeerConnection (or the send method) the way a page
// trying to escape the guard would. window.escape.run(route, { room, n, size }) -> { sent, threw, errors, route }.
"use strict";
(() => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const post = (room, to, message) =>
    fetch(`${location.origin}/signal/${room}/${to}`, { method: "POST", body: JSON.stringify(message) }).then((r) => {
      if (!r.ok) throw new Error(`signal POST ${r.status}`);
    });
  async function receive(room, role) {
    for (;;) {
      const r = await fetch(`${location.origin}/signal/${room}/${role}`, { cache: "no-store" });
      if (r.status === 200) return r.json();
      if (r.status !== 204) throw new Error(`signal GET ${r.status}`);
    }
  }
  function gathered(pc) {
    if (pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
      setTimeout(resolve, 5000);
    });
  }
  /** Sender end of a channel to receiver.html?room=ROOM, built with the given constructor. */
  async function connect(PC, room) {
    const pc = new PC({ iceServers: [] });
    const dc = pc.createDataChannel("escape", { ordered: true });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    await post(room, "receiver", pc.localDescription);
    await pc.setRemoteDescription(await receive(room, "sender"));
    if (dc.readyState !== "open") await new Promise((resolve, reject) => {
      dc.onopen = resolve;
      setTimeout(() => reject(new Error("channel did not open")), 10000);
    });
    return { pc, dc };
  }
  /** Sends n messages with `send` (a function of the payload), waiting out backpressure; counts what threw. */
  async function blast(dc, send, n, size) {
    const payload = new Uint8Array(size);
    const out = { sent: 0, threw: 0, errors: [] };
    for (let i = 0; i < n; i++) {
      while (dc.readyState === "open" && dc.bufferedAmount > 1 << 20) await sleep(5);
      try {
        send(payload);
        out.sent++;
      } catch (e) {
        out.threw++;
        // concat defines elements (push would run the poisoned-builtins route's Array.prototype setters).
        if (out.errors.length < 3) out.errors = out.errors.concat([`${e && e.name}: ${e && e.message}`]);
      }
    }
    await sleep(300);
    return out;
  }
  /** Replaces built-ins a guard might use to measure, store or report: sizes lie, maps forget, messages forge. */
  function poison() {
    const zero = { get: () => 0, configurable: true };
    Object.defineProperty(ArrayBuffer.prototype, "byteLength", zero);
    Object.defineProperty(Object.getPrototypeOf(Uint8Array.prototype), "byteLength", zero);
    Object.defineProperty(DataView.prototype, "byteLength", zero);
    String.prototype.charCodeAt = () => 0;
    Math.max = () => Number.MAX_SAFE_INTEGER;
    Math.min = () => Number.MAX_SAFE_INTEGER;
    WeakMap.prototype.get = () => undefined;
    WeakMap.prototype.has = () => false;
    WeakMap.prototype.set = function () { return this; };
    Map.prototype.get = () => undefined;
    Set.prototype.has = () => false;
    MessagePort.prototype.postMessage = () => {};
    const forged = { type: "lease/grant", bytes: 1 << 30, pool: null };
    Object.defineProperty(MessageEvent.prototype, "data", { get: () => forged, configurable: true });
    for (const key of ["size", "lease", "pool", "need", "bytes", "up", "enforcement", "0", "1", "2"]) {
      Object.defineProperty(Object.prototype, key, { get: () => 0, set() {}, configurable: true });
    }
    Object.defineProperty(Array.prototype, "0", { get: () => undefined, set() {}, configurable: true });
    Array.prototype.push = function () { return 0; };
    Array.prototype[Symbol.iterator] = function* () {};
    window.DOMException = function () { return { name: "NotQuotaExceeded" }; };
    Reflect.apply = () => undefined;
  }
  function frame(setup) {
    const f = document.createElement("iframe");
    setup(f);
    document.body.appendChild(f);
    return f;
  }
  const childPC = (setup) => frame(setup).contentWindow.RTCPeerConnection;

  /** Each route returns { PC, send? }: the constructor to connect with, and optionally how to send. */
  const routes = {
    top: () => ({ PC: RTCPeerConnection }),
    "blank-iframe": () => ({ PC: childPC(() => {}) }),
    "srcdoc-iframe": () => ({ PC: childPC((f) => (f.srcdoc = "<p>srcdoc</p>")) }),
    "navigating-iframe": () => ({ PC: childPC((f) => (f.src = "/hang")) }),
    "sandboxed-iframe": () => ({ PC: childPC((f) => { f.sandbox = "allow-scripts allow-same-origin"; f.src = "/hang"; }) }),
    "data-iframe": () => ({ PC: childPC((f) => (f.src = "data:text/html,<p>data</p>")) }),
    "nested-iframe": () => {
      const outer = frame(() => {});
      const inner = outer.contentDocument.createElement("iframe");
      inner.src = "/hang";
      outer.contentDocument.body.appendChild(inner);
      return { PC: outer.contentWindow.frames[0].RTCPeerConnection };
    },
    "parser-iframe": () => {
      document.body.insertAdjacentHTML("beforeend", "<div id=holder></div>");
      // innerHTML inserts the frame; frames[i] is indexed access, which no getter sees.
      document.getElementById("holder").innerHTML = '<iframe src="/hang"></iframe>';
      return { PC: window[window.length - 1].RTCPeerConnection };
    },
    "lone-frame-index": () => {
      // One childless frame with a URL, appended alone (the guard's fast path inserts it as it is), reached at once
      // through window[i], which no getter sees: only the check right after appendChild guards it (issue 12).
      const f = document.createElement("iframe");
      f.src = "/hang";
      document.body.appendChild(f);
      const w = window[window.length - 1];
      // Its send too: wrappers installed later on that realm's prototype would otherwise still catch the send.
      return { PC: w.RTCPeerConnection, send: w.RTCDataChannel.prototype.send };
    },
    popup: () => {
      const w = window.open("/hang", "_blank");
      if (!w) throw new Error("popup blocked");
      return { PC: w.RTCPeerConnection };
    },
    "removed-iframe": () => {
      const f = frame((x) => (x.src = "/hang"));
      const send = f.contentWindow.RTCDataChannel.prototype.send;
      f.remove();
      return { PC: RTCPeerConnection, send };
    },
    "borrowed-send": () => {
      const f = frame((x) => (x.src = "/hang"));
      return { PC: RTCPeerConnection, send: f.contentWindow.RTCDataChannel.prototype.send };
    },
    subclass: () => ({ PC: class extends RTCPeerConnection {} }),
    polyfill: () => {
      const Native = window.RTCPeerConnection;
      function Polyfilled(config) {
        return new Native(config);
      }
      Polyfilled.prototype = Native.prototype;
      window.RTCPeerConnection = Polyfilled;
      return { PC: window.RTCPeerConnection };
    },
    // After the channel opens, replace every built-in the guard might lean on, then send as usual.
    "poisoned-builtins": () => ({ PC: RTCPeerConnection, after: poison }),
    "forged-handshake": () => {
      // Try to slip the guard a port of our own and a grant, then send as usual.
      const { port1 } = new MessageChannel();
      for (const type of ["seedgate:offer-port", "seedgate:ask-port"]) {
        window.dispatchEvent(new MessageEvent(type, { ports: [port1], cancelable: true }));
        document.dispatchEvent(new MessageEvent(type, { ports: [port1], cancelable: true }));
      }
      port1.postMessage({ type: "lease/grant", bytes: 1 << 30, pool: null });
      port1.postMessage({ type: "policy", policy: { site: location.hostname, enforcement: "open", hideIp: false, status: {} }, pool: null, resetLease: true });
      try {
        navigator.p2pConsent.dispatchEvent(new Event("change"));
      } catch {
        // Refused, as it should be: only Seedgate fires these.
      }
      return { PC: RTCPeerConnection };
    },
  };

  /** Runs `route` inside another document (a blob: or cross-site frame) and resolves with its result. */
  function runInFrame(src, options) {
    return new Promise((resolve, reject) => {
      const f = frame((x) => (x.src = src));
      const onMessage = (e) => {
        if (e.source !== f.contentWindow || !e.data || e.data.escape !== "result") return;
        window.removeEventListener("message", onMessage);
        if (e.data.error) reject(new Error(e.data.error));
        else resolve(e.data.result);
      };
      window.addEventListener("message", onMessage);
      f.addEventListener("load", () => f.contentWindow.postMessage({ escape: "run", route: "top", options }, "*"));
    });
  }
  // Inside a frame: run what the parent asks and post the result back.
  window.addEventListener("message", async (e) => {
    if (e.source !== parent || !e.data || e.data.escape !== "run") return;
    try {
      parent.postMessage({ escape: "result", result: await window.escape.run(e.data.route, e.data.options) }, "*");
    } catch (err) {
      parent.postMessage({ escape: "result", error: String(err) }, "*");
    }
  });

  window.escape = {
    /** In a blob: document made by this page (same origin, its own content scripts). */
    blob(options) {
      const html = `<!doctype html><body><script src="${location.origin}/escape.js"></` + "script>";
      return runInFrame(URL.createObjectURL(new Blob([html], { type: "text/html" })), options);
    },
    /** In a frame of another site (`origin`), e.g. a third-party player: it follows this page's decision. */
    crossSite(origin, options) {
      return runInFrame(`${origin}/escape.html`, options);
    },
    /** What a worker can do with WebRTC: nothing to construct, and a channel cannot be transferred to it. */
    async worker() {
      const src = "postMessage({ pc: typeof RTCPeerConnection, dc: typeof RTCDataChannel });";
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })));
      const inWorker = await new Promise((resolve) => (w.onmessage = (e) => resolve(e.data)));
      const pc = new RTCPeerConnection({ iceServers: [] });
      const dc = pc.createDataChannel("x");
      let transfer = "transferred";
      try {
        w.postMessage(dc, [dc]);
      } catch (e) {
        transfer = e.name;
      }
      pc.close();
      w.terminate();
      return { ...inWorker, transfer };
    },
    routes: Object.keys(routes),
    async run(route, { room, n, size }) {
      const r = routes[route]();
      const { dc } = await connect(r.PC, room);
      if (r.after) r.after();
      const send = r.send ? (p) => r.send.call(dc, p) : (p) => dc.send(p);
      const result = { route, ...(await blast(dc, send, n, size)) };
      // As text: after the poisoned-builtins route, the page's own objects are not safe to hand back as such.
      return r.after ? JSON.stringify(result) : result;
    },
    /** Opens `count` connections (to receivers in rooms room-0..room-N) and sends n messages on each. */
    async many(count, { room, n, size }) {
      const conns = [];
      for (let i = 0; i < count; i++) conns.push(await connect(RTCPeerConnection, `${room}-${i}`));
      const results = await Promise.all(conns.map(({ dc }) => blast(dc, (p) => dc.send(p), n, size)));
      return results.reduce((a, b) => ({ sent: a.sent + b.sent, threw: a.threw + b.threw, errors: a.errors.concat(b.errors) }));
    },
  };
})();
