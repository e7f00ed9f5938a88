// Browser, fixture (sender side of insertion-escapes specs): page code that runs INSIDE a DOM insertion (a script
// inserted in the same call, a custom-element reaction, an onload handler of a sibling frame, a parser-run script
// of document.write) or that reaches a frame no window[i] lists (shadow roots), grabs RTCPeerConnection and
// RTCDataChannel.prototype.send from the new frame's realm, and uploads with them to receiver.html on another
// site. window.insertion.run(route, { room, n, size }) -> { route, reached, guardedAtGrab, sent, threw, errors }.
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
  async function connect(PC, room) {
    const pc = new PC({ iceServers: [] });
    const dc = pc.createDataChannel("insertion", { ordered: true });
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== "complete") {
      await new Promise((resolve) => {
        pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
        setTimeout(resolve, 5000);
      });
    }
    await post(room, "receiver", pc.localDescription);
    await pc.setRemoteDescription(await receive(room, "sender"));
    if (dc.readyState !== "open") await new Promise((resolve, reject) => {
      dc.onopen = resolve;
      setTimeout(() => reject(new Error("channel did not open")), 10000);
    });
    return dc;
  }
  async function blast(dc, send, n, size) {
    const payload = new Uint8Array(size);
    const out = { sent: 0, threw: 0, errors: [] };
    for (let i = 0; i < n; i++) {
      while (dc.readyState === "open" && dc.bufferedAmount > 1 << 20) await sleep(5);
      try {
        send.call(dc, payload);
        out.sent++;
      } catch (e) {
        out.threw++;
        if (out.errors.length < 3) out.errors.push(`${e && e.name}: ${e && e.message}`);
      }
    }
    await sleep(300);
    return out;
  }

  // What page code reached during the insertion: the realm's natives, and whether the guard was there first.
  let grabbed = null;
  window.__grab = (w) => {
    if (grabbed || !w) return;
    try {
      grabbed = {
        PC: w.RTCPeerConnection,
        send: w.RTCDataChannel.prototype.send,
        guarded: !!Object.getOwnPropertyDescriptor(w.navigator, "p2pConsent"),
      };
    } catch (e) {
      grabbed = { error: String(e) };
    }
  };
  const lastFrame = "window[window.length - 1]";
  const script = (code) => {
    const s = document.createElement("script");
    s.textContent = code;
    return s;
  };
  const frame = (src = "/hang") => {
    const f = document.createElement("iframe");
    f.src = src;
    return f;
  };
  let ceCount = 0;
  /** A fresh custom element whose connectedCallback grabs the newest frame (window[length - 1]). */
  const grabber = () => {
    const name = `x-grab-${++ceCount}`;
    customElements.define(name, class extends HTMLElement {
      connectedCallback() { window.__grab(window[window.length - 1]); }
    });
    return name;
  };

  const routes = {
    // A fragment holding a frame with a URL and a script: the script runs inside append().
    "fragment-script": () => {
      const frag = document.createDocumentFragment();
      frag.append(frame(), script(`__grab(${lastFrame})`));
      document.body.append(frag);
    },
    // Named access (window.name of the frame) from a script of the same fragment.
    "named-access": () => {
      const f = frame();
      f.name = "grabme";
      const frag = document.createDocumentFragment();
      frag.append(f, script("__grab(window.grabme)"));
      document.body.append(frag);
    },
    // The same, the frame and the script nested in an element, inserted with Range.insertNode.
    "nested-range": () => {
      const div = document.createElement("div");
      const inner = document.createElement("section");
      inner.append(frame(), script(`__grab(${lastFrame})`));
      div.append(inner);
      const r = document.createRange();
      r.selectNodeContents(document.body);
      r.collapse(false);
      r.insertNode(div);
    },
    // A custom element next to the frame: its connectedCallback runs before append() returns.
    "custom-element": () => {
      const name = grabber();
      document.body.append(frame(), document.createElement(name));
    },
    // A customized built-in iframe (is=): its own connectedCallback reaches the frame it is.
    "customized-builtin": () => {
      const name = `x-frame-${++ceCount}`;
      customElements.define(name, class extends HTMLIFrameElement {
        connectedCallback() { window.__grab(window[window.length - 1]); }
      }, { extends: "iframe" });
      const f = document.createElement("iframe", { is: name });
      f.src = "/hang";
      document.body.appendChild(f);
    },
    // innerHTML: no script runs, but the custom element in the markup is upgraded and connected inside the setter.
    "innerhtml-custom-element": () => {
      const name = grabber();
      const div = document.body.appendChild(document.createElement("div"));
      div.innerHTML = `<iframe src="/hang"></iframe><${name}></${name}>`;
    },
    "insertadjacenthtml-custom-element": () => {
      const name = grabber();
      document.body.insertAdjacentHTML("beforeend", `<iframe src="/hang"></iframe><${name}></${name}>`);
    },
    // The onload attribute of a frame with no URL fires inside the insertion, after the frame with a URL before it.
    "onload-sibling": () => {
      const blank = document.createElement("iframe");
      blank.setAttribute("onload", `__grab(window[window.length - 2])`);
      document.body.append(frame(), blank);
    },
    // document.write: the written frame is born, then the written script runs, all inside write().
    "document-write": () => {
      const host = document.body.appendChild(document.createElement("iframe"));
      const d = host.contentDocument;
      d.open();
      d.write('<iframe src="/hang"></iframe><script>parent.__grab(frames[0])</script>');
      d.close();
    },
    // The same markup split across two write calls, inside the tag name.
    "document-write-split": () => {
      const host = document.body.appendChild(document.createElement("iframe"));
      const d = host.contentDocument;
      d.open();
      d.write("<ifr");
      d.write('ame src="/hang"></iframe><script>parent.__grab(frames[0])</script>');
      d.close();
    },
    // A frame in a closed shadow root is in no window[i]: only its getters reach it. The shadow root is filled
    // while its host is out of the document, so the frame is born when the host is inserted, with its URL.
    "closed-shadow-getter": () => {
      const host = document.createElement("div");
      const root = host.attachShadow({ mode: "closed" });
      const f = frame();
      root.append(f);
      document.body.append(host);
      window.__grab(f.contentWindow);
    },
    // A declarative shadow root (setHTMLUnsafe): never passes through attachShadow.
    "declarative-shadow-document": () => {
      const host = document.body.appendChild(document.createElement("div"));
      host.setHTMLUnsafe('<div><template shadowrootmode="open"><iframe src="/hang"></iframe></template></div>');
      window.__grab(host.firstChild.shadowRoot.querySelector("iframe").contentDocument.defaultView);
    },
    // A srcdoc document loads into the global of its frame's initial about:blank realm (the browser keeps it for
    // the first same-origin document). Before it does, the page poisons that global's reflection built-ins so the
    // guard bundle of the new document cannot see the hook the guard that guards this global left there: it
    // would then not hand the new document to that guard, whose parser watcher is what guards the nested frame
    // born with a URL (/hang). The page then reaches that frame's initial realm by index, once the parser made it
    // (the srcdoc document never fires load: its frame never loads).
    "poisoned-reused-global": async () => {
      const host = document.createElement("iframe");
      host.srcdoc = '<iframe src="/hang"></iframe>';
      document.body.append(host);
      const w = window[window.length - 1];
      const hide = (real) =>
        function (o, k) {
          if (typeof k === "string" && (k.startsWith("__seedgate") || k === "p2pConsent")) return undefined;
          return real.apply(this, arguments);
        };
      w.Object.getOwnPropertyDescriptor = hide(w.Object.getOwnPropertyDescriptor);
      w.Reflect.getOwnPropertyDescriptor = hide(w.Reflect.getOwnPropertyDescriptor);
      for (let i = 0; i < 500 && w.length === 0; i++) await sleep(10);
      window.__grab(w[0]);
    },
  };

  window.insertion = {
    routes: Object.keys(routes),
    async run(route, { room, n, size }) {
      grabbed = null;
      await routes[route]();
      const reached = !!(grabbed && grabbed.PC);
      const PC = reached ? grabbed.PC : RTCPeerConnection;
      const out = { route, reached, guardedAtGrab: reached ? grabbed.guarded : null, grabError: grabbed && grabbed.error, sent: 0, threw: 0, errors: [] };
      let dc;
      try {
        dc = await connect(PC, room);
      } catch (e) {
        return { ...out, refused: `${e && e.name}: ${e && e.message}` };
      }
      const send = reached ? grabbed.send : RTCDataChannel.prototype.send;
      return { ...out, ...(await blast(dc, send, n, size)) };
    },
  };
})();
