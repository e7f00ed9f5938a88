// Pure: reading the first message of a data channel as bytes, and the one wire format Seedgate knows without the
// signature list — the BitTorrent handshake (BEP 3: byte 19, "BitTorrent protocol", 8 reserved bytes, infohash,
// peer id), a protocol rather than a client.

/** How much of a first message is ever read. A BitTorrent handshake is 68 bytes. */
export const MAX_FIRST_BYTES = 256;

export const BITTORRENT_PREFIX = "\x13BitTorrent protocol";
const PEER_ID_AT = 48;
const HANDSHAKE_LENGTH = 68;

/**
 * The message as a Latin-1 string, one character per byte, at most MAX_FIRST_BYTES long. A string message (a
 * `send("…")`) is read as its characters: ASCII markers and JSON look the same either way.
 */
export function latin1(message: Uint8Array | string): string {
  if (typeof message === "string") return message.slice(0, MAX_FIRST_BYTES);
  const n = Math.min(message.length, MAX_FIRST_BYTES);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(message[i]!);
  return s;
}

/** `"13426974"` -> `"\x13Bit"`. The input is validated lowercase hex (see signature-schema.ts). */
export function hexToLatin1(hex: string): string {
  let s = "";
  for (let i = 0; i + 1 < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return s;
}

export function isBitTorrentHandshake(message: Uint8Array | string): boolean {
  return latin1(message).startsWith(BITTORRENT_PREFIX);
}

/** The 20-byte peer id of a complete handshake (Latin-1), or null. */
export function handshakePeerId(message: Uint8Array | string): string | null {
  const s = latin1(message);
  return s.startsWith(BITTORRENT_PREFIX) && s.length >= HANDSHAKE_LENGTH ? s.slice(PEER_ID_AT, HANDSHAKE_LENGTH) : null;
}
