// Every kind of evidence the detector makes is said in each shipped language: its message exists, every value is
// filled in (no placeholder or ⟦key⟧ left), German numbers are German, page text is kept as given, and Seedgate's own
// rules are named in the language. Evidence stored without a message shows its English detail.
import { BEHAVIOUR_SOURCE, ConnectionClassifier, probationEvidence } from "../extension/core/detection/behaviour";
import { declaredByMeta, declaredByRequest, DECLARED_SOURCE } from "../extension/core/detection/declared";
import type { Finding } from "../extension/core/detection/evidence";
import { matchChannel, matchGlobals, matchMeta, matchPeerId, matchScriptUrl, matchSocketUrl } from "../extension/core/detection/match";
import { shippedSignatures } from "../extension/core/detection/shipped";
import { ruleText, seenText } from "./evidence-text";

// The jest stand-in of the browser's i18n API, in another language (typed here: the setup is outside this project).
const { fakeI18n } = jest.requireActual<{ fakeI18n(lang: string): unknown }>("../scripts/jest-i18n-setup");
const sigs = shippedSignatures()!;
const KiB = 1024;
const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const HANDSHAKE = "\x13BitTorrent protocol\0\0\0\0\0\0\0\0" + "a".repeat(20);

function uploads(): Finding {
  const c = new ConnectionClassifier();
  let found: Finding | null = null;
  for (let s = 1; s <= 20 && !found; s++) found = c.observe({ at: s * 1000, hasMediaTracks: false, bytesUp: s * 64 * KiB, bytesDown: 0, messagesUp: s * 4 });
  return found!;
}

const FINDINGS: [string, () => Finding][] = [
  ["handshake", () => new ConnectionClassifier().observe({ at: 1000, hasMediaTracks: false, bytesUp: 68, bytesDown: 0, messagesUp: 1, firstMessage: bytes(HANDSHAKE) })!],
  ["uploads", uploads],
  ["probation", () => probationEvidence(3 * 1024 * KiB + 5000, 16 * KiB)!],
  ["declared", () => declaredByRequest({ client: "acme-p2p", version: "2.1" })],
  ["declared with a purpose", () => declaredByRequest({ client: "acme-p2p", purpose: "video segments" })],
  ["meta", () => declaredByMeta("acme")],
  ["script", () => matchScriptUrl("https://api.peer5.com/peer5.js", sigs)[0]!],
  ["socket", () => matchSocketUrl("wss://tracker.openwebtorrent.com", sigs)[0]!],
  ["peer id", () => matchPeerId("-WW0208-abcdefghijkl", sigs)[0]!],
  ["meta signature", () => matchMeta("og:platform", "PeerTube", sigs)[0]!],
  ["global", () => matchGlobals(["WEBTORRENT_ANNOUNCE"], sigs)[0]!],
  ["channel", () => matchChannel("a".repeat(40), bytes(HANDSHAKE + "-WW0208-abcdefghijkl"), sigs)[0]!],
];

const chrome = globalThis as unknown as { chrome: { i18n: unknown } };
const english = chrome.chrome.i18n;
afterEach(() => void (chrome.chrome.i18n = english));

describe.each(["en", "de"])("in %s", (lang) => {
  beforeEach(() => void (chrome.chrome.i18n = fakeI18n(lang)));

  test.each(FINDINGS)("%s", (_name, make) => {
    const f = make();
    expect(f.text).toBeDefined();
    const said = seenText(f);
    expect(said).not.toMatch(/⟦|\{\w+\}|\$\d/);
    for (const v of Object.values(f.text.values)) if (typeof v === "string" && v) expect(said).toContain(v);
    if (lang === "en") expect(said.length).toBeGreaterThan(10);
    else expect(said).not.toBe(f.detail);
  });

  test("Seedgate's own rules are named in the language; a signature's citation stays as written", () => {
    for (const source of [...Object.values(BEHAVIOUR_SOURCE), ...Object.values(DECLARED_SOURCE)]) {
      const named = ruleText(source);
      expect(named).not.toMatch(/⟦/);
      if (lang === "de") expect(named).not.toBe(source);
    }
    expect(ruleText("https://github.com/webtorrent/webtorrent")).toBe("https://github.com/webtorrent/webtorrent");
    expect(ruleText("constructor")).toBe("constructor");
  });
});

test("numbers in German are German, and evidence stored without a message shows its detail", () => {
  chrome.chrome.i18n = fakeI18n("de");
  expect(seenText(probationEvidence(3 * 1024 * KiB + 5000, 16 * KiB)!)).toContain("3.077 KiB");
  expect(seenText({ detail: "an older detail" })).toBe("an older detail");
});
