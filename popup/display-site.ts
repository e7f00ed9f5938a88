// Popup (DOM): a site's name as people read it: a punycode label (xn--) shown in Unicode through the URL parser's
// inverse, which browsers lack, so decoded here (RFC 3492). Anything that does not decode stays as it is.
const BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
  delta = first ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / points);
  let k = 0;
  while (delta > ((BASE - TMIN) * TMAX) >> 1) {
    delta = Math.floor(delta / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * delta) / (delta + SKEW));
}

function digit(c: number): number {
  if (c >= 48 && c <= 57) return c - 22;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return BASE;
}

/** Decodes one punycode label body (without "xn--"); throws on bad input. */
export function decodePunycode(input: string): string {
  const output: number[] = [];
  const basic = input.lastIndexOf("-");
  for (let j = 0; j < Math.max(0, basic); j++) output.push(input.charCodeAt(j));
  let n = INITIAL_N, bias = INITIAL_BIAS, i = 0;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length; ) {
    const oldi = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= input.length) throw new Error("bad punycode");
      const d = digit(input.charCodeAt(index++));
      if (d >= BASE) throw new Error("bad punycode");
      i += d * w;
      const tt = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (d < tt) break;
      w *= BASE - tt;
    }
    bias = adapt(i - oldi, output.length + 1, oldi === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) throw new Error("bad punycode");
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

export function displaySite(site: string): string {
  return site
    .split(".")
    .map((label) => {
      if (!/^xn--/i.test(label)) return label;
      try {
        return decodePunycode(label.slice(4).toLowerCase());
      } catch {
        return label;
      }
    })
    .join(".");
}
