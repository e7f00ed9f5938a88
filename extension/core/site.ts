// Pure (any context): the "site" every decision is keyed by — the registrable domain of a URL or origin.
import { getDomain } from "tldts";

/** The one site shared by every `file:` URL (no host to tell them apart). */
export const FILE_SITE = "file://";

/** Hosts that are valid but must never become keys of a settings map (see `isSite`). */
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

/** Schemes whose URLs name a host on the network. Anything else has no site of its own. */
const HOST_SCHEMES = new Set(["http:", "https:", "ws:", "wss:", "ftp:"]);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The registrable domain (eTLD+1) of `url`, as a lowercase ASCII (punycode) string.
 * - Private suffixes count as public (`a.github.io` and `b.github.io` are two sites), like browsers' own "site".
 * - IPv4 and IPv6 addresses (`127.0.0.1`, `[::1]`), single-label hosts (`localhost`) and public suffixes
 *   themselves are their own site.
 * - `blob:` URLs take the site of their inner origin; every `file:` URL is `FILE_SITE`.
 * - `null` when the URL has no site of its own: `about:blank`, `about:srcdoc`, `data:`, `javascript:`, opaque
 *   blobs, other schemes, unparsable input. The caller then uses the origin of the frame's creator.
 */
export function siteOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === "file:") return FILE_SITE;
  if (parsed.protocol === "blob:") {
    // `blob:https://host/uuid`: the path is the creator's URL. A nested blob is not a thing; refuse it.
    return parsed.pathname.startsWith("blob:") ? null : siteOf(parsed.pathname);
  }
  if (!HOST_SCHEMES.has(parsed.protocol)) return null;
  return siteOfHost(parsed.hostname);
}

/** `siteOf` for a serialized origin (`https://a.b.example.co.uk:8443`); the opaque origin `"null"` has none. */
export function siteOfOrigin(origin: string): string | null {
  if (origin === "null") return null;
  return siteOf(origin);
}

/**
 * Whether `s` is a site exactly as `siteOf` returns it (normalized), so it may key a settings map.
 * `__proto__`, `constructor` and `prototype` are refused even though `siteOf` can return them for an
 * intranet host of that name: as object keys they are too dangerous to be worth supporting.
 */
export function isSite(s: string): boolean {
  if (s.length === 0 || s.length > 255 || RESERVED.has(s)) return false;
  if (s === FILE_SITE) return true;
  return siteOf(`http://${s}/`) === s;
}

/** `hostname` is already normalized by the URL parser: lowercase, punycode, canonical IPv4, bracketed IPv6. */
function siteOfHost(hostname: string): string | null {
  const host = hostname.replace(/\.+$/, "");
  if (host === "") return null;
  if (host.startsWith("[") || IPV4.test(host)) return host;
  if (host.split(".").includes("")) return null;
  const domain = getDomain(host, { allowPrivateDomains: true, extractHostname: false, validateHostname: false });
  return domain ?? host;
}
