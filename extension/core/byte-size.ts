// Pure: the exact number of bytes a data-channel payload puts on the wire (strings are sent as UTF-8).

/** Reads one UTF-16 code unit; the page guard passes the captured String.prototype.charCodeAt. */
export type CodeUnitAt = (s: string, i: number) => number;

const plainAt: CodeUnitAt = (s, i) => s.charCodeAt(i);

/** UTF-8 length of a JS string; a lone surrogate is sent as U+FFFD (3 bytes), as TextEncoder does. */
export function utf8Length(s: string, at: CodeUnitAt = plainAt): number {
  let bytes = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = at(s, i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = at(s, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
