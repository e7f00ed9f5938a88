// The demo gallery: a few PNG pictures computed at startup, byte-for-byte the same on every run, so nothing
// binary is committed and every test knows exactly what it should receive.
// PNGs are written with stored (uncompressed) deflate blocks, so their size is predictable and a 4 MiB gallery
// really moves 4 MiB; each file is padded with a comment chunk to hit its exact byte count.

/**
 * @typedef {{ name: string, title: string, type: string, width: number, height: number, data: Buffer }} GalleryFile
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** @param {Buffer} buf */
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = /** @type {number} */ (CRC_TABLE[(c ^ /** @type {number} */ (buf[i])) & 0xff]) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A zlib stream of stored (uncompressed) deflate blocks: valid, and exactly as long as pngSize() says. */
function storedZlib(/** @type {Buffer} */ raw) {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = Buffer.alloc(2 + raw.length + 5 * blocks + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    out[o] = b === blocks - 1 ? 1 : 0;
    out.writeUInt16LE(len, o + 1);
    out.writeUInt16LE(~len & 0xffff, o + 3);
    raw.copy(out, o + 5, start, start + len);
    o += 5 + len;
  }
  let a = 1;
  let bsum = 0;
  for (let i = 0; i < raw.length; i++) {
    a = (a + /** @type {number} */ (raw[i])) % 65521;
    bsum = (bsum + a) % 65521;
  }
  out.writeUInt32BE(((bsum << 16) | a) >>> 0, o);
  return out;
}

/** Size of an RGB PNG of width x height with stored deflate and no padding. */
function pngSize(/** @type {number} */ width, /** @type {number} */ height) {
  const raw = (width * 3 + 1) * height;
  const blocks = Math.max(1, Math.ceil(raw / 65535));
  const zlib = 2 + raw + 5 * blocks + 4;
  return PNG_SIGNATURE.length + (12 + 13) + (12 + zlib) + 12;
}

/**
 * @param {number} width @param {number} height
 * @param {(x: number, y: number, out: Uint8Array) => void} pixel writes RGB into out[0..2]
 * @param {number} targetBytes exact size of the resulting file (a comment chunk pads it)
 * @param {string} comment
 */
function encodePng(width, height, pixel, targetBytes, comment) {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  const rgb = new Uint8Array(3);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      pixel(x, y, rgb);
      const o = y * stride + 1 + x * 3;
      raw[o] = rgb[0] ?? 0;
      raw[o + 1] = rgb[1] ?? 0;
      raw[o + 2] = rgb[2] ?? 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const parts = [PNG_SIGNATURE, chunk("IHDR", ihdr)];
  const pad = targetBytes - pngSize(width, height);
  if (pad >= 12) {
    const keyword = Buffer.from("Comment\0", "latin1");
    const text = Buffer.alloc(pad - 12 - keyword.length, 0x20);
    text.write(comment.slice(0, text.length), 0, "latin1");
    parts.push(chunk("tEXt", Buffer.concat([keyword, text])));
  }
  parts.push(chunk("IDAT", storedZlib(raw)), chunk("IEND", Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** @param {number} t 0..1 @param {number} phase @param {Uint8Array} out RGB */
function palette(t, phase, out) {
  out[0] = 127.5 + 127.5 * Math.cos(6.2832 * (t + phase));
  out[1] = 127.5 + 127.5 * Math.cos(6.2832 * (t + phase + 0.33));
  out[2] = 127.5 + 127.5 * Math.cos(6.2832 * (t + phase + 0.67));
}

/** @type {Array<{ title: string, make: (w: number, h: number, variant: number) => (x: number, y: number, out: Uint8Array) => void }>} */
const PICTURES = [
  {
    title: "Mandelbrot set",
    make: (w, h, v) => (x, y, out) => {
      const cx = -0.75 + ((x / w) - 0.5) * 3.2 / (1 + v);
      const cy = ((y / h) - 0.5) * 3.2 * (h / w) / (1 + v);
      let zx = 0;
      let zy = 0;
      let i = 0;
      for (; i < 64 && zx * zx + zy * zy < 16; i++) [zx, zy] = [zx * zx - zy * zy + cx, 2 * zx * zy + cy];
      if (i === 64) out.fill(8);
      else palette((i - Math.log2(Math.log2(zx * zx + zy * zy))) / 32, 0.1 * v, out);
    },
  },
  {
    title: "Julia set",
    make: (w, h, v) => (x, y, out) => {
      let zx = ((x / w) - 0.5) * 3.2;
      let zy = ((y / h) - 0.5) * 3.2 * (h / w);
      let i = 0;
      for (; i < 48 && zx * zx + zy * zy < 16; i++) [zx, zy] = [zx * zx - zy * zy - 0.8 + 0.02 * v, 2 * zx * zy + 0.156];
      if (i === 48) out.fill(16);
      else palette(i / 24, 0.55 + 0.1 * v, out);
    },
  },
  {
    title: "Plasma",
    make: (w, h, v) => (x, y, out) => {
      const u = x / w;
      const s = y / w;
      const t = Math.sin(u * 12 + v) + Math.sin(s * 9) + Math.sin((u + s) * 7) + Math.sin(Math.hypot(u - 0.5, s - 0.3) * 22);
      palette(t / 8, 0.3 + 0.1 * v, out);
    },
  },
  {
    title: "Dusk over rings",
    make: (w, h, v) => (x, y, out) => {
      const u = x / w - 0.5;
      const s = y / h - 0.55;
      const r = Math.hypot(u, s * (h / w));
      const sky = y / h;
      const ring = 0.5 + 0.5 * Math.cos(r * (60 + 10 * v));
      out[0] = 255 * (0.9 - 0.4 * sky) * (0.7 + 0.3 * ring);
      out[1] = 255 * (0.35 + 0.25 * sky) * (0.6 + 0.4 * ring);
      out[2] = 255 * (0.25 + 0.65 * sky);
    },
  },
];

/**
 * Builds the gallery: `count` pictures whose sizes add up to exactly `contentBytes`.
 * @param {{ contentBytes?: number, count?: number }} [opts]
 * @returns {GalleryFile[]}
 */
export function makeGallery({ contentBytes = 4 * 1024 * 1024, count = 4 } = {}) {
  if (!Number.isInteger(contentBytes) || contentBytes < count * 1024) {
    throw new RangeError(`contentBytes must be an integer of at least ${count * 1024}`);
  }
  /** @type {GalleryFile[]} */
  const files = [];
  for (let i = 0; i < count; i++) {
    const target = i === count - 1 ? contentBytes - Math.floor(contentBytes / count) * (count - 1) : Math.floor(contentBytes / count);
    // 3:2 pictures, as large as fits in the target; at least room for the padding chunk.
    let width = Math.max(8, Math.min(1200, Math.floor(Math.sqrt((target / 3) * 1.5))));
    let height = Math.max(1, Math.floor((width * 2) / 3));
    while (height > 1 && pngSize(width, height) + 64 > target) height--;
    while (width > 1 && pngSize(width, height) + 64 > target) width--;
    const picture = /** @type {(typeof PICTURES)[number]} */ (PICTURES[i % PICTURES.length]);
    const variant = Math.floor(i / PICTURES.length);
    const title = variant ? `${picture.title} ${variant + 1}` : picture.title;
    const name = `${String(i + 1).padStart(2, "0")}-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.png`;
    const data = encodePng(width, height, picture.make(width, height, variant), target, `Seedgate demo gallery: ${title}`);
    if (data.length !== target) throw new Error(`internal: ${name} is ${data.length} bytes, wanted ${target}`);
    files.push({ name, title, type: "image/png", width, height, data });
  }
  return files;
}
