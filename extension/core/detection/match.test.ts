import { MAX_DETAIL } from "./evidence";
import { globalPathsToProbe, matchChannel, matchGlobals, matchMeta, matchPeerId, matchScriptUrl, matchSocketUrl } from "./match";
import { shippedSignatures } from "./shipped";

const sigs = shippedSignatures()!;
const ids = (list: { client?: string }[]) => list.map((e) => e.client);
const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const HANDSHAKE = `\x13BitTorrent protocol${"\0".repeat(8)}${"h".repeat(20)}`;

describe("matchScriptUrl", () => {
  test.each<[string, string[]]>([
    ["https://api.peer5.com/peer5.js?id=k", ["peer5"]],
    ["HTTPS://API.PEER5.COM/peer5.js", ["peer5"]],
    ["https://cdn.streamroot.io/clappr-hls-dna-plugin/1/stable/clappr-hls-dna-plugin.js#streamrootKey=k", ["streamroot"]],
    ["https://cdn.jsdelivr.net/npm/cdnbye@latest/dist/hlsjs-p2p-engine.min.js", ["cdnbye"]],
    ["https://cdn.jsdelivr.net/npm/p2p-media-loader-hlsjs@2.1.0/dist/p2p-media-loader-hlsjs.es.js", ["p2p-media-loader"]],
    ["https://cdn.jsdelivr.net/npm/webtorrent@latest/webtorrent.min.js", ["webtorrent"]],
    // not P2P CDNs
    ["https://cdn.jsdelivr.net/npm/hls.js@1/dist/hls.min.js", []],
    ["https://cdn.jsdelivr.net/npm/peerjs@1/dist/peerjs.min.js", []],
    ["https://cdn.jsdelivr.net/npm/simple-peer@9/simplepeer.min.js", []],
    ["https://cdn.streamroot.io/videojs-hlsjs-plugin/1/stable/videojs-hlsjs-plugin.js", []],
    ["https://meet.example.org/app.js", []],
    ["", []],
  ])("%s", (url, expected) => {
    expect(ids(matchScriptUrl(url, sigs))).toEqual(expected);
  });

  test("records are signature evidence with a bounded detail and the data's source", () => {
    const [e] = matchScriptUrl(`https://api.peer5.com/peer5.js?id=${"k".repeat(5000)}`, sigs);
    expect(e).toMatchObject({ kind: "signature", client: "peer5", source: expect.stringContaining("P2P-SIGNATURES.md") });
    expect(e!.detail.length).toBeLessThanOrEqual(MAX_DETAIL);
  });

  test("uncertain evidence says so", () => {
    expect(matchScriptUrl("https://cdn.viblast.com/vb/stable/viblast.js", sigs)[0]!.source).toMatch(/\[uncertain\]$/);
  });
});

describe("matchSocketUrl", () => {
  test.each<[string, string[]]>([
    ["wss://tracker.openwebtorrent.com", ["webtorrent"]],
    ["wss://tracker.novage.com.ua", ["p2p-media-loader"]],
    ["wss://signal.cdnbye.com/wss", ["cdnbye"]],
    ["wss://video.blender.org/tracker/socket", ["peertube"]],
    ["wss://meet.example.org/socket", []],
    ["wss://tracker.openwebtorrent.com.attacker.example/", []],
    ["wss://game.example.org/ws?tracker.novage.com.ua", []],
  ])("%s", (url, expected) => {
    expect(ids(matchSocketUrl(url, sigs))).toEqual(expected);
  });
});

describe("matchGlobals", () => {
  test("only paths the list asks for count, one record per client", () => {
    expect(ids(matchGlobals(["WebTorrent.WEBRTC_SUPPORT", "WEBTORRENT_ANNOUNCE", "peer5", "Peer", "React"], sigs))).toEqual(["webtorrent", "peer5"]);
    expect(matchGlobals([], sigs)).toEqual([]);
    expect(ids(matchGlobals(new Set(["Hls.engineVersion"]), sigs))).toEqual(["cdnbye"]);
  });

  test("the guard is told every path to look for", () => {
    const paths = globalPathsToProbe(sigs);
    expect(paths).toEqual(expect.arrayContaining(["WebTorrent.WEBRTC_SUPPORT", "p2pml.hlsjs.Engine", "peer5", "Hls.engineVersion", "edgemesh"]));
    expect(paths).not.toContain("Hls");
    expect(ids(matchGlobals(paths, sigs)).length).toBe(new Set(ids(matchGlobals(paths, sigs))).size);
  });
});

describe("matchChannel", () => {
  test.each<[string, string, Uint8Array | string, string[]]>([
    ["WebTorrent handshake (binary)", "a".repeat(40), bytes(HANDSHAKE + "-WW0208-abcdefghijkl"), ["webtorrent"]],
    ["handshake without a peer id yet", "x", bytes("\x13BitTorrent protocol"), ["webtorrent"]],
    ["p2p-media-loader v2 command", "anything", bytes("cstr\x01\x02cend"), ["p2p-media-loader"]],
    ["p2p-media-loader v1 JSON", "x", '{"c":1,"i":"seg"}', ["p2p-media-loader-v1"]],
    ["CDNBye JSON", "x", '{"event":"PIECE","sn":3}', ["cdnbye"]],
    // video calls, chats and games
    ["chat text", "chat", "hello", []],
    ["chat JSON", "chat", '{"type":"message","text":"hi"}', []],
    ["game state", "game", bytes("\x01\x00\x10\x20"), []],
    ["a 40-hex label alone", "0123456789abcdef0123456789abcdef01234567", "hi", []],
    ["empty", "", new Uint8Array(0), []],
  ])("%s", (_name, label, first, expected) => {
    expect(ids(matchChannel(label, first, sigs))).toEqual(expected);
  });

  test("a handshake names the client by its peer id", () => {
    const found = matchChannel("x", bytes(HANDSHAKE + "-PM0203-abcdefghijkl"), sigs);
    expect(ids(found)).toEqual(["webtorrent", "p2p-media-loader"]);
    expect(found[1]!.detail).toContain("peer id");
  });
});

describe("matchPeerId and matchMeta", () => {
  test.each<[string, string[]]>([
    ["-WW0208-abcdefghijkl", ["webtorrent"]],
    ["-PM0203-abcdefghijkl", ["p2p-media-loader"]],
    ["-qB4650-abcdefghijkl", []],
    ["", []],
  ])("peer id %s", (id, expected) => {
    expect(ids(matchPeerId(id, sigs))).toEqual(expected);
  });

  test("meta", () => {
    expect(ids(matchMeta("og:platform", "PeerTube", sigs))).toEqual(["peertube"]);
    expect(ids(matchMeta("OG:Platform", "peertube", sigs))).toEqual(["peertube"]);
    expect(matchMeta("og:site_name", "PeerTube", sigs)).toEqual([]);
  });
});
