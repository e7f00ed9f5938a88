import { BADGE_COLORS, badgeFor, badgeBytes, type BadgeState } from "./badge";

describe("badgeBytes", () => {
  const K = 1024;
  const M = K * K;
  test.each<[number, string]>([
    [0, "0"],
    [-5, "0"],
    [NaN, "0"],
    [Infinity, "0"],
    [1, "1"],
    [999, "999"],
    [1023, "1023"],
    [1023.9, "1023"],
    [K, "1K"],
    [K + 100, "1K"],
    [1.25 * K, "1.2K"],
    [10 * K - 1, "9.9K"],
    [10 * K, "10K"],
    [340 * K, "340K"],
    [340 * K + 1000, "340K"],
    [999 * K + 1023, "999K"],
    [1000 * K, "0.9M"],
    [M - 1, "0.9M"],
    [M, "1M"],
    [1.25 * M, "1.2M"],
    [64 * M, "64M"],
    [3.5 * M * K, "3.5G"],
    [Number.MAX_SAFE_INTEGER, "7.9P"],
    [2 ** 70, "999E"],
  ])("%p -> %p", (n, text) => {
    expect(badgeBytes(n)).toBe(text);
  });

  test("never more than 4 characters, never more than the real count", () => {
    for (let n = 1; n < 2 ** 60; n = Math.ceil(n * 1.37) + 1) {
      const s = badgeBytes(n);
      expect(s.length).toBeLessThanOrEqual(4);
      const m = /^([\d.]+)([KMGTPE]?)$/.exec(s);
      expect(m).not.toBeNull();
      const shown = Number(m![1]) * 1024 ** (m![2] ? "KMGTPE".indexOf(m![2]) + 1 : 0);
      expect(shown).toBeLessThanOrEqual(n);
    }
  });
});

describe("badgeFor", () => {
  const state = (o: Partial<BadgeState>): BadgeState => ({ mode: "undecided", detected: true, uploadedBytes: 0, refused: 0, ...o });
  test.each<[string, Partial<BadgeState>, string, string, RegExp]>([
    ["no P2P activity", { mode: null, detected: false }, "", BADGE_COLORS.blocked, /^Seedgate$/],
    ["no P2P activity, even if detected", { mode: null }, "", BADGE_COLORS.blocked, /^Seedgate$/],
    ["undecided", {}, "?", BADGE_COLORS.undecided, /not decided|until you decide/],
    ["allowed, nothing uploaded", { mode: "allow" }, "0", BADGE_COLORS.allowed, /seeding allowed; 0 bytes/],
    ["allowed, 340K uploaded", { mode: "allow", uploadedBytes: 340 * 1024 }, "340K", BADGE_COLORS.allowed, /348,160 bytes/],
    ["allowed, 1.2M uploaded", { mode: "allow", uploadedBytes: 1.25 * 1024 * 1024 }, "1.2M", BADGE_COLORS.allowed, /1,310,720 bytes/],
    ["download only", { mode: "download-only" }, "↓", BADGE_COLORS.downloadOnly, /download only/],
    ["blocked", { mode: "block" }, "OFF", BADGE_COLORS.blocked, /blocked/],
    ["blocked, not detected (the user's block still shows)", { mode: "block", detected: false }, "OFF", BADGE_COLORS.blocked, /blocked/],
    ["a video call (P2P, not a CDN) is not flagged", { mode: "undecided", detected: false }, "", BADGE_COLORS.blocked, /^Seedgate$/],
    ["allowed but not a CDN", { mode: "allow", detected: false, uploadedBytes: 5000 }, "", BADGE_COLORS.blocked, /^Seedgate$/],
    ["the page ignored the choice", { mode: "download-only", refused: 3 }, "!", BADGE_COLORS.refused, /ignored your choice; 3 uploads refused/],
    ["one refused send", { mode: "block", refused: 1 }, "!", BADGE_COLORS.refused, /1 upload refused/],
    ["refused beats everything, even no mode", { mode: null, detected: false, refused: 1 }, "!", BADGE_COLORS.refused, /ignored/],
  ])("%s", (_name, o, text, color, title) => {
    const b = badgeFor(state(o));
    expect(b).toMatchObject({ text, color });
    expect(b.title).toMatch(title);
  });

  test("each state has its own colour", () => {
    expect(new Set(Object.values(BADGE_COLORS)).size).toBe(Object.keys(BADGE_COLORS).length);
  });

  // WCAG 2 contrast ratio; 4.5:1 is the AA threshold for small text such as a badge.
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  test.each(Object.entries(BADGE_COLORS))("%s (%s) contrasts at least 4.5:1 with white", (_name, hex) => {
    expect(1.05 / (luminance(hex) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });
});
