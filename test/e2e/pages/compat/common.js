// The corpus pages' shared helpers (a classic script, loaded before each library): what a flow reports, how a
// failure is described, and proof that the page still works after its WebRTC failed.
"use strict";
window.compat = {
  /** FNV-1a over the bytes (or a string's UTF-16 units) received, in order: the same content gives the same digest. */
  digest(state, data) {
    let h = state >>> 0;
    if (typeof data === "string") for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data.charCodeAt(i), 16777619) >>> 0;
    else {
      const u8 = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      for (let i = 0; i < u8.length; i++) h = Math.imul(h ^ u8[i], 16777619) >>> 0;
    }
    return h;
  },
  sizeOf(data) {
    return typeof data === "string" ? new TextEncoder().encode(data).length : data.byteLength;
  },
  /** A message of `size` bytes whose content depends on `i`. */
  payload(i, size) {
    const u8 = new Uint8Array(size);
    for (let j = 0; j < size; j++) u8[j] = (i * 31 + j * 7) & 255;
    return u8;
  },
  describe(err) {
    if (!err) return null;
    return { name: String(err.name || ""), message: String(err.message || err).slice(0, 200), code: err.code === undefined ? null : String(err.code), type: err.type === undefined ? null : String(err.type) };
  },
  /** The page goes on after a flow: its own code runs and its HTTP resources load. */
  async stillWorks() {
    const text = await (await fetch("/fallback.txt", { cache: "no-store" })).text();
    const el = document.createElement("p");
    el.textContent = text.trim();
    document.body.append(el);
    return { fallback: el.textContent, script: document.querySelectorAll("p").length > 0 };
  },
  timeout(ms, what) {
    return new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error(`timed out: ${what}`), { name: "TimeoutError" })), ms));
  },
};
