// Pure: signature evidence from what a page shows — script URLs, globals, WebSocket endpoints, data-channel first
// messages, peer ids, meta tags — against the data file. No client is named in code: a new file is a new list.
import { evidence, quote, says, type EvidenceText, type Finding } from "./evidence";
import type { ClientSignature, SignatureFile } from "./signature-schema";
import { handshakePeerId, hexToLatin1, latin1 } from "./wire";

/** Page strings are cut to this length before any pattern runs on them. */
export const MAX_INPUT = 2048;

interface Rule {
  client: ClientSignature;
  re: RegExp;
  source: string;
}
interface ChannelRule {
  client: ClientSignature;
  label: RegExp | null;
  prefix: string | null;
  first: RegExp | null;
  source: string;
}
interface Compiled {
  scripts: Rule[];
  sockets: Rule[];
  peerIds: Rule[];
  metas: (Rule & { name: string })[];
  channels: ChannelRule[];
  globals: Map<string, { client: ClientSignature; source: string }[]>;
}

const cache = new WeakMap<SignatureFile, Compiled>();

function cite(e: { source: string; uncertain?: boolean | undefined }): string {
  return e.uncertain ? `${e.source} [uncertain]` : e.source;
}

function compile(file: SignatureFile): Compiled {
  const hit = cache.get(file);
  if (hit) return hit;
  const c: Compiled = { scripts: [], sockets: [], peerIds: [], metas: [], channels: [], globals: new Map() };
  for (const client of file.clients) {
    for (const s of client.scripts ?? []) c.scripts.push({ client, re: new RegExp(s.pattern, "i"), source: cite(s) });
    for (const s of client.sockets ?? []) c.sockets.push({ client, re: new RegExp(s.pattern, "i"), source: cite(s) });
    for (const p of client.peerIds ?? []) c.peerIds.push({ client, re: new RegExp(p.pattern), source: cite(p) });
    for (const m of client.metas ?? []) {
      c.metas.push({ client, name: m.name.toLowerCase(), re: new RegExp(m.content, "i"), source: cite(m) });
    }
    for (const ch of client.channels ?? []) {
      c.channels.push({
        client,
        label: ch.label === undefined ? null : new RegExp(ch.label),
        prefix: ch.firstHex === undefined ? null : hexToLatin1(ch.firstHex),
        first: ch.first === undefined ? null : new RegExp(ch.first),
        source: cite(ch),
      });
    }
    for (const g of client.globals ?? []) {
      const list = c.globals.get(g.path) ?? [];
      list.push({ client, source: cite(g) });
      c.globals.set(g.path, list);
    }
  }
  cache.set(file, c);
  return c;
}

/** One record per client: the first rule of each client that matches. */
function firstPerClient(rules: readonly Rule[], input: string, detail: (r: Rule) => string, text: (r: Rule) => EvidenceText): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of rules) {
    if (seen.has(r.client.id) || !r.re.test(input)) continue;
    seen.add(r.client.id);
    out.push(evidence("signature", r.client.id, detail(r), r.source, text(r)));
  }
  return out;
}

const clip = (s: string) => s.slice(0, MAX_INPUT);

/** A `<script src>` (absolute URL) that loads a known client. */
export function matchScriptUrl(url: string, sigs: SignatureFile): Finding[] {
  return firstPerClient(compile(sigs).scripts, clip(url), (r) => `script ${quote(url)} is ${r.client.name}`, (r) => says("seenScript", { url, client: r.client.name }));
}

/** A WebSocket (or tracker) URL of a known tracker or signalling service. */
export function matchSocketUrl(url: string, sigs: SignatureFile): Finding[] {
  return firstPerClient(compile(sigs).sockets, clip(url), (r) => `connection to ${quote(url)}, a ${r.client.name} tracker or signalling endpoint`, (r) => says("seenSocket", { url, client: r.client.name }));
}

/** A peer id (`-WW0208-…`), from a wire handshake or a tracker announce. */
export function matchPeerId(peerId: string, sigs: SignatureFile): Finding[] {
  return firstPerClient(compile(sigs).peerIds, clip(peerId), (r) => `peer id ${quote(JSON.stringify(peerId.slice(0, 8)))}… is ${r.client.name}`, (r) => says("seenPeerId", { peerId: `${JSON.stringify(peerId.slice(0, 8))}…`, client: r.client.name }));
}

/** `<meta name|property="…" content="…">` of a known platform. */
export function matchMeta(name: string, content: string, sigs: SignatureFile): Finding[] {
  const n = name.toLowerCase();
  const rules = compile(sigs).metas.filter((m) => m.name === n);
  return firstPerClient(rules, clip(content), (r) => `<meta ${quote(name)}="${quote(content)}"> is ${r.client.name}`, (r) => says("seenMetaSignature", { tag: `<meta ${quote(name)}="${quote(content)}">`, client: r.client.name }));
}

/** Every dotted path the page guard should look for (each `matchGlobals` can recognise). */
export function globalPathsToProbe(sigs: SignatureFile): string[] {
  return [...compile(sigs).globals.keys()];
}

/** Globals the page guard found present (paths from `globalPathsToProbe`); unknown names are ignored. */
export function matchGlobals(presentNames: Iterable<string>, sigs: SignatureFile): Finding[] {
  const { globals } = compile(sigs);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const name of presentNames) {
    for (const g of globals.get(name) ?? []) {
      if (seen.has(g.client.id)) continue;
      seen.add(g.client.id);
      out.push(evidence("signature", g.client.id, `global ${name} is ${g.client.name}`, g.source, says("seenGlobal", { name, client: g.client.name })));
    }
  }
  return out;
}

/**
 * A data channel's label and first message (sent or received). A complete BitTorrent handshake also has its
 * peer id matched, which names the client behind the wire protocol.
 */
export function matchChannel(label: string, firstBytes: Uint8Array | string, sigs: SignatureFile): Finding[] {
  const view = latin1(firstBytes);
  const l = clip(label);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of compile(sigs).channels) {
    if (seen.has(r.client.id)) continue;
    if (r.label && !r.label.test(l)) continue;
    if (r.prefix !== null && !view.startsWith(r.prefix)) continue;
    if (r.first && !r.first.test(view)) continue;
    seen.add(r.client.id);
    out.push(evidence("signature", r.client.id, `data channel ${quote(JSON.stringify(label))} speaks ${r.client.name}'s wire format`, r.source, says("seenChannel", { label: JSON.stringify(label), client: r.client.name })));
  }
  const peerId = handshakePeerId(firstBytes);
  if (peerId !== null) {
    for (const e of matchPeerId(peerId, sigs)) if (!seen.has(e.client!)) out.push(e);
  }
  return out;
}
