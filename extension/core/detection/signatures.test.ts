import raw from "../../signatures/signatures.json";
import { matchChannel, matchGlobals, matchMeta, matchPeerId, matchScriptUrl, matchSocketUrl } from "./match";
import { parseSignatures, type ChannelSignature, type SignatureFile } from "./signature-schema";
import { shippedSignatureProblems, shippedSignatures } from "./shipped";
import { BITTORRENT_PREFIX, hexToLatin1 } from "./wire";

const file = shippedSignatures()!;
const copy = (): SignatureFile => structuredClone(raw) as SignatureFile;
const ids = (list: { client?: string }[]) => list.map((e) => e.client);

function channelInput(e: { label?: string | undefined; hex?: string | undefined; text?: string | undefined }): [string, Uint8Array | string] {
  const bytes = e.hex === undefined ? e.text! : Uint8Array.from(hexToLatin1(e.hex), (c) => c.charCodeAt(0));
  return [e.label ?? "", bytes];
}

describe("the shipped signature file", () => {
  test("validates", () => {
    expect(shippedSignatureProblems()).toEqual([]);
    expect(file.version).toBe(1);
    expect(file.updated).toBe("2026-11-25");
  });

  test("covers the clients the issue names", () => {
    const all = file.clients.map((c) => c.id);
    for (const id of ["webtorrent", "p2p-media-loader", "p2p-media-loader-v1", "peer5", "streamroot", "cdnbye", "greta", "viblast", "arc", "edgemesh", "peertube"]) {
      expect(all).toContain(id);
    }
  });

  test("every client has evidence, and every piece of evidence says where it comes from", () => {
    for (const c of file.clients) {
      const pieces = [...(c.scripts ?? []), ...(c.globals ?? []), ...(c.sockets ?? []), ...(c.channels ?? []), ...(c.peerIds ?? []), ...(c.metas ?? [])];
      expect(pieces.length).toBeGreaterThan(0);
      for (const p of pieces) expect(p.source.length).toBeGreaterThan(10);
    }
  });

  // Each pattern on its own, then the whole file through the public matchers: an example must name its client.
  describe.each(file.clients.map((c) => [c.id, c] as const))("%s", (id, c) => {
    test("URL patterns match their examples and not their counter-examples", () => {
      for (const [list, match] of [[c.scripts, matchScriptUrl], [c.sockets, matchSocketUrl]] as const) {
        for (const s of list ?? []) {
          const re = new RegExp(s.pattern, "i");
          for (const ex of s.examples) {
            expect(re.test(ex)).toBe(true);
            expect(ids(match(ex, file))).toContain(id);
          }
          for (const ex of s.counterExamples ?? []) expect(re.test(ex)).toBe(false);
        }
      }
    });

    test("peer id and meta patterns match their examples", () => {
      for (const p of c.peerIds ?? []) {
        for (const ex of p.examples) expect(ids(matchPeerId(ex, file))).toContain(id);
        for (const ex of p.counterExamples ?? []) expect(new RegExp(p.pattern).test(ex)).toBe(false);
      }
      for (const m of c.metas ?? []) {
        for (const ex of m.examples) expect(ids(matchMeta(m.name, ex, file))).toContain(id);
        for (const ex of m.counterExamples ?? []) expect(ids(matchMeta(m.name, ex, file))).not.toContain(id);
      }
    });

    test("channel signatures match their example first messages", () => {
      const only = (ch: ChannelSignature): SignatureFile => ({ ...file, clients: [{ id, name: c.name, channels: [ch] }] });
      for (const ch of c.channels ?? []) {
        for (const ex of ch.examples) expect(ids(matchChannel(...channelInput(ex), only(ch)))).toEqual([id]);
        for (const ex of ch.counterExamples ?? []) expect(matchChannel(...channelInput(ex), only(ch))).toEqual([]);
      }
    });

    test("globals are recognised by their path", () => {
      for (const g of c.globals ?? []) expect(ids(matchGlobals([g.path], file))).toEqual([id]);
    });
  });

  test("a general WebRTC library alone is not evidence (PeerJS, simple-peer)", () => {
    expect(matchGlobals(["Peer", "Peer.DEFAULT_KEY", "Peer.WEBRTC_SUPPORT", "SimplePeer", "Hls"], file)).toEqual([]);
    expect(file.excluded?.map((e) => e.name)).toEqual(expect.arrayContaining(["PeerJS", "simple-peer"]));
  });

  test("the WebTorrent handshake in the data is the BitTorrent protocol prefix", () => {
    const wt = file.clients.find((c) => c.id === "webtorrent")!;
    expect(wt.channels!.map((ch) => ch.firstHex).filter(Boolean).map((h) => hexToLatin1(h!))).toEqual([BITTORRENT_PREFIX]);
  });
});

describe("the schema", () => {
  test("a new client in the data is matched with no code change", () => {
    const f = copy();
    f.clients.push({ id: "newcdn", name: "NewCDN", scripts: [{ pattern: "^https://cdn\\.newcdn\\.example/", examples: ["https://cdn.newcdn.example/a.js"], source: "test" }] });
    const parsed = parseSignatures(f);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(ids(matchScriptUrl("https://CDN.newcdn.example/p2p.js", parsed.value))).toEqual(["newcdn"]);
  });

  test.each<[string, (f: SignatureFile) => void, string]>([
    ["another version", (f) => ((f as { version: number }).version = 2), "version"],
    ["a bad date", (f) => (f.updated = "25/11/2026"), "updated"],
    ["a regex that does not compile", (f) => (f.clients[0]!.scripts![0]!.pattern = "(unclosed"), "pattern"],
    ["a nested quantifier", (f) => (f.clients[0]!.scripts![0]!.pattern = "^(a+)+$"), "nested quantifier"],
    ["duplicate ids", (f) => f.clients.push({ ...f.clients[0]! }), "unique"],
    ["an unknown key", (f) => ((f.clients[0] as Record<string, unknown>).cookies = []), "clients.0"],
    ["a channel with a label only", (f) => (f.clients[0]!.channels = [{ label: "^x$", examples: [{ text: "x" }], source: "test" }]), "firstHex or first"],
    ["a global that is not a path", (f) => (f.clients[0]!.globals = [{ path: "a[0]", source: "test" }]), "path"],
    ["no examples", (f) => (f.clients[0]!.scripts![0]!.examples = []), "examples"],
    ["no source", (f) => (f.clients[0]!.scripts![0]!.source = ""), "source"],
  ])("refuses %s", (_name, edit, problem) => {
    const f = copy();
    edit(f);
    const r = parseSignatures(f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toContain(problem);
  });

  test("refuses what is not a signature file, without throwing", () => {
    for (const v of [null, undefined, 1, "x", [], {}]) expect(parseSignatures(v).ok).toBe(false);
  });
});
