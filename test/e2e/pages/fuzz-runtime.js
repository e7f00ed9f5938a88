// Browser, fixture (fuzz-realms.spec.ts): runs window.fuzzProgram (test/e2e/harness/fuzz-gen.ts) in the top page.
// Frames of every kind; connection pairs whose two ends live in the realms the program names (same-origin realms
// reached from here; a cross-origin realm stands in for the top page). Counts every byte at the receiving end and
// records every error a step threw. window.fuzzResult: { done, rx, errors: [{ step, name, message, stack }] }.
"use strict";
(() => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const SAME = `${location.origin}/fuzz-child.html`;
  const CROSS = `${location.origin.includes("127.0.0.1") ? location.origin.replace("127.0.0.1", "localhost") : location.origin}/fuzz-child.html`;
  const frames = new Map(); // id -> element
  const pairs = new Map(); // id -> { a, b, dc }
  const result = { done: false, away: false, rx: 0, steps: 0, errors: [] };
  window.fuzzResult = result;
  const record = (step, e) => {
    if (result.errors.length < 20) result.errors.push({ step: JSON.stringify(step), name: (e && e.name) || "", message: String((e && e.message) || e).slice(0, 300), stack: String((e && e.stack) || "").slice(0, 1500) });
  };
  /** The window of realm n, when this page can reach into it (same origin), else null. */
  function realm(n) {
    if (n === 0) return window;
    const el = frames.get(n);
    try {
      const w = el && (el.contentWindow || (el.getSVGDocument && el.getSVGDocument() && el.getSVGDocument().defaultView));
      if (!w) return null;
      void w.document.body; // throws when cross-origin
      return w.RTCPeerConnection ? w : null;
    } catch {
      return null;
    }
  }
  function make(kind) {
    const tag = kind === "object" ? "object" : kind === "embed" ? "embed" : "iframe";
    const el = document.createElement(tag);
    if (kind === "srcdoc") el.srcdoc = "<p>srcdoc</p>";
    else if (kind === "same") el.src = SAME;
    else if (kind === "cross") el.src = CROSS;
    else if (kind === "data") el.src = "data:text/html,<p>data</p>";
    else if (kind === "blob") el.src = URL.createObjectURL(new Blob(["<p>blob</p>"], { type: "text/html" }));
    else if (kind === "sandboxed") {
      el.setAttribute("sandbox", "allow-scripts allow-same-origin");
      el.srcdoc = "<p>sandboxed</p>";
    } else if (kind === "object") el.data = SAME;
    else if (kind === "embed") el.src = SAME;
    return el;
  }
  async function pair(step) {
    const wa = realm(step.a) || window;
    const wb = realm(step.b) || window;
    const a = new wa.RTCPeerConnection({ iceServers: [] });
    const b = new wb.RTCPeerConnection({ iceServers: [] });
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate).catch(() => {});
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate).catch(() => {});
    const dc = a.createDataChannel("fuzz");
    b.ondatachannel = (e) => {
      e.channel.binaryType = "arraybuffer";
      // Counted at the receiver, from the raw event.
      e.channel.onmessage = (m) => (result.rx += typeof m.data === "string" ? new TextEncoder().encode(m.data).length : m.data.byteLength);
    };
    pairs.set(step.id, { a, b, dc });
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription);
    await Promise.race([new Promise((r) => dc.addEventListener("open", r)), sleep(1500)]);
  }
  async function run(step) {
    if (step.op === "frame") {
      const parentWin = step.parent === 0 ? window : realm(step.parent);
      const doc = parentWin ? parentWin.document : document;
      const el = make(step.kind);
      frames.set(step.id, el);
      (doc.body || doc.documentElement).appendChild(el);
      if (step.kind !== "blank") await sleep(20);
    } else if (step.op === "navigate") {
      const el = frames.get(step.id);
      if (!el) return;
      if (step.to === "srcdoc" && el.tagName === "IFRAME") el.srcdoc = "<p>again</p>";
      else {
        const url = step.to === "blank" ? "about:blank" : step.to === "same" ? SAME : CROSS;
        const w = realm(step.id);
        if (w) w.location.href = url;
        else if (el.tagName === "IFRAME") el.src = url;
      }
      await sleep(20);
    } else if (step.op === "move") {
      const el = frames.get(step.id);
      const parent = el && el.parentNode;
      if (!parent) return;
      if (step.how === "moveBefore" && typeof parent.moveBefore === "function") parent.moveBefore(el, parent.firstChild);
      else parent.appendChild(el);
    } else if (step.op === "remove") {
      const el = frames.get(step.id);
      if (el) el.remove();
    } else if (step.op === "pair") await pair(step);
    else if (step.op === "send") {
      const p = pairs.get(step.pair);
      if (!p || p.dc.readyState !== "open") return;
      for (let i = 0; i < step.n; i++) p.dc.send(new Uint8Array(step.size));
    } else if (step.op === "close") {
      const p = pairs.get(step.pair);
      if (p) (Math.random() < 0.5 ? p.a : p.b).close();
    } else if (step.op === "wait") await sleep(step.ms);
    else if (step.op === "away") away = true;
  }
  let away = false;
  /** Runs the program; resolves with the result before the page navigates away (the last step, if any). */
  async function main() {
    const program = window.fuzzProgram;
    for (const step of program.steps) {
      try {
        // A promise of a realm that went away never settles: a step gets 1.5 s at most.
        await Promise.race([run(step), sleep(1500)]);
      } catch (e) {
        record(step, e);
      }
      result.steps++;
    }
    await sleep(100);
    result.done = true;
    result.away = away;
    if (away) setTimeout(() => (location.href = "about:blank"), 0);
    return result;
  }
  window.addEventListener("error", (e) => record({ op: "uncaught" }, e.error || e.message));
  window.addEventListener("unhandledrejection", (e) => record({ op: "unhandled" }, e.reason));
  window.fuzzStart = main;
})();
