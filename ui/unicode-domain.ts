// Popup and options (any context): a domain as people read it. Sites are stored in their ASCII (punycode) form, as the URL
// parser and tldts give them; the UI shows each `xn--` label decoded (RFC 3492), and keeps the stored value for
// everything it sends. A label that does not decode is shown as stored.

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digit(c: number): number {
  if (c >= 48 && c <= 57) return c - 22; // 0-9 -> 26-35
  if (c >= 65 && c <= 90) return c - 65; // A-Z
  if (c >= 97 && c <= 122) return c - 97; // a-z
  return -1;
}

/** RFC 3492 decoding of one label without its `xn--` prefix; null when it is not valid Punycode. */
export function decodePunycode(input: string): string | null {
  const out: number[] = [];
  const basic = input.lastIndexOf("-");
  for (let j = 0; j < Math.max(0, basic); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    out.push(c);
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = basic > 0 ? basic + 1 : 0; pos < input.length; ) {
    const oldI = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const d = digit(input.charCodeAt(pos++));
      if (d < 0 || d > Math.floor((0x7fffffff - i) / w)) return null;
      i += d * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < t) break;
      if (w > Math.floor(0x7fffffff / (BASE - t))) return null;
      w *= BASE - t;
    }
    const length = out.length + 1;
    bias = adapt(i - oldI, length, oldI === 0);
    n += Math.floor(i / length);
    if (n > 0x10ffff) return null;
    i %= length;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}

/** `xn--bcher-kva.example` -> `bücher.example`; anything else unchanged. */
export function displayDomain(domain: string): string {
  if (!domain.includes("xn--")) return domain;
  return domain
    .split(".")
    .map((label) => (label.toLowerCase().startsWith("xn--") && label.length > 4 ? decodePunycode(label.slice(4)) || label : label))
    .join(".");
}
