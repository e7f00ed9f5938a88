// A chunk store that keeps the torrent in memory (the interface WebTorrent's stores share: put, get, close,
// destroy). WebTorrent's default browser store keeps pieces in the origin's storage, so a second visit, or a
// second tab of the same site, would read the gallery from disk; the demo starts from nothing on every load,
// so its counters always show what really crossed the network. Drop `store:` to get WebTorrent's default.
export class MemoryChunkStore {
  /** @param {number} chunkLength @param {{ length?: number }} [opts] */
  constructor(chunkLength, opts = {}) {
    this.chunkLength = Number(chunkLength);
    this.length = Number(opts.length) || Infinity;
    this.lastChunkIndex = Math.ceil(this.length / this.chunkLength) - 1;
    this.lastChunkLength = this.length % this.chunkLength || this.chunkLength;
    /** @type {Array<Uint8Array | undefined>} */
    this.chunks = [];
    this.closed = false;
  }

  /** @param {number} index @param {Uint8Array} buf @param {(err: Error | null) => void} [cb] */
  put(index, buf, cb = () => {}) {
    const want = index === this.lastChunkIndex ? this.lastChunkLength : this.chunkLength;
    if (this.closed) return queueMicrotask(() => cb(new Error("Storage is closed")));
    if (buf.length !== want) return queueMicrotask(() => cb(new Error(`Chunk length must be ${want}`)));
    this.chunks[index] = buf;
    queueMicrotask(() => cb(null));
  }

  /**
   * @param {number} index @param {{ offset?: number, length?: number } | null | Function} opts
   * @param {(err: Error | null, buf?: Uint8Array) => void} [cb]
   */
  get(index, opts, cb = () => {}) {
    if (typeof opts === "function") return this.get(index, null, /** @type {any} */ (opts));
    if (this.closed) return queueMicrotask(() => cb(new Error("Storage is closed")));
    const buf = this.chunks[index];
    if (!buf) {
      const err = Object.assign(new Error("Chunk not found"), { notFound: true });
      return queueMicrotask(() => cb(err));
    }
    const offset = opts?.offset ?? 0;
    const length = opts?.length ?? buf.length - offset;
    queueMicrotask(() => cb(null, offset === 0 && length === buf.length ? buf : buf.subarray(offset, offset + length)));
  }

  /** @param {(err: Error | null) => void} [cb] */
  close(cb = () => {}) {
    this.closed = true;
    this.chunks = [];
    queueMicrotask(() => cb(null));
  }

  /** @param {(err: Error | null) => void} [cb] */
  destroy(cb = () => {}) {
    this.close(cb);
  }
}
