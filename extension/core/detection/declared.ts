// Pure: declared evidence — the page itself says it runs a P2P client (DESIGN.md, "Detection"): a call to
// navigator.p2pConsent.request(...) or a <meta name="p2p-cdn" content="..."> tag.
import { evidence, quote, says, type Finding } from "./evidence";

export const DECLARED_SOURCE = {
  request: "the page called navigator.p2pConsent.request()",
  meta: 'the page carries <meta name="p2p-cdn">',
} as const;

const MAX_CLIENT = 100;

/** Evidence for `navigator.p2pConsent.request({ client, version?, purpose? })`. */
export function declaredByRequest(decl: { client: string; version?: string; purpose?: string }): Finding {
  const client = decl.client.slice(0, MAX_CLIENT);
  const version = decl.version ? ` ${quote(decl.version)}` : "";
  const purpose = decl.purpose ? `: ${quote(decl.purpose)}` : "";
  const name = decl.version ? `${client} ${decl.version}` : client;
  const text = decl.purpose ? says("seenDeclaredPurpose", { client: name, purpose: decl.purpose }) : says("seenDeclared", { client: name });
  return evidence("declared", client, `the page declared ${quote(client)}${version}${purpose}`, DECLARED_SOURCE.request, text);
}

/** Evidence for `<meta name="p2p-cdn" content="…">`; the content, if any, names the client. */
export function declaredByMeta(content: string | null): Finding {
  const c = (content ?? "").trim().slice(0, MAX_CLIENT);
  const detail = c ? `<meta name="p2p-cdn" content="${quote(c)}">` : '<meta name="p2p-cdn">';
  return evidence("declared", c || undefined, detail, DECLARED_SOURCE.meta, says("seenMeta", { tag: detail }));
}
