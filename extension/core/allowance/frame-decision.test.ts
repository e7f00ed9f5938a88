// decideFrame for each mode × budget state: the mode comes first (a budget never changes it), then the budgets
// (read once, with the metered one only for an allowed site), then the lease view of the ledger the frame uses.
// Expected numbers are worked out by hand from the ledger and budget figures below, not by calling the code.
import type { Mode, P2PConsentStatus } from "../../shared/status";
import { DEFAULT_SETTINGS, withSiteRule, type Settings, type SiteRule } from "../settings";
import type { BudgetState } from "./budgets";
import { decideFrame, defaultBound, defaultLeft, ledgerKey, type FrameInput, type LedgerView } from "./frame-decision";

const SITE = "video.example";
const DAY = "2026-03-05";
const R = "2026-03-06T00:00:00.000Z";
const rule = (mode: Mode, extra: Partial<SiteRule> = {}): SiteRule => ({
  mode,
  hideIp: false,
  dailyBudgetBytes: null,
  monthlyBudgetBytes: null,
  rateLimitBps: null,
  decidedAt: "2026-01-01T00:00:00Z",
  decidedBy: "popup",
  ...extra,
});
const withRule = (r: SiteRule | null): Settings => (r ? withSiteRule(DEFAULT_SETTINGS, SITE, r) : DEFAULT_SETTINGS);

/** The frame's ledger: 20 000 spent of a 100 000 limit, 1 000 000 received (the default's bound: 65 536 + 20 000). */
const LEDGER: LedgerView = { limit: 100_000, left: 80_000, spent: 20_000, received: 1_000_000 };

const state = (budgetLeft: number | null, limit: number | null): BudgetState => ({
  budgetLeft,
  resetsAt: budgetLeft === null ? null : R,
  binding: budgetLeft === null ? null : "site-day",
  limit,
  lines: [],
});
const BUDGETS = {
  "no counters": null,
  "no budget applies": state(null, null),
  "a budget with plenty left": state(5_000_000, 10_000_000),
  "a budget tighter than the bound": state(10_000, 50_000),
  "an exhausted budget": state(0, 50_000),
} as const;
type BudgetCase = keyof typeof BUDGETS;

const MODES = {
  allow: { settings: withRule(rule("allow")) },
  "download-only": { settings: withRule(rule("download-only")) },
  "undecided (detected)": { settings: withRule(null), detected: true },
  block: { settings: withRule(rule("block")) },
  "undecided, undetected (probation)": { settings: withRule(null), detected: false },
  "allow while metered, no metered budget": { settings: withRule(rule("allow")), metered: true },
} satisfies Record<string, Partial<FrameInput>>;
type ModeCase = keyof typeof MODES;

function input(mode: ModeCase, budgets: BudgetCase, reads: boolean[] = []): FrameInput {
  const b = BUDGETS[budgets];
  return {
    site: SITE,
    managed: null,
    incognito: false,
    metered: false,
    day: DAY,
    budgets: b && ((withMetered) => (reads.push(withMetered), b)),
    ...MODES[mode],
  };
}

type Expect = {
  enforcement: "open" | "leased" | "block";
  ledger: "allow" | "restricted" | null;
  seeding: P2PConsentStatus["seeding"];
  reason: P2PConsentStatus["reason"];
  left: number | null;
  resetsAt: string | null;
  budgetLimit: number | null;
};
const row = (enforcement: Expect["enforcement"], ledger: Expect["ledger"], seeding: Expect["seeding"], reason: Expect["reason"], left: number | null, resetsAt: string | null, budgetLimit: number | null): Expect => ({
  enforcement,
  ledger,
  seeding,
  reason,
  left,
  resetsAt,
  budgetLimit,
});

// Restricted modes without a binding budget are told the ledger's 80 000 left and measured against its 100 000
// limit; on probation against the default's bound instead (left 65 536 - ... see LEDGER: 85 536 - 20 000).
const TABLE: [ModeCase, BudgetCase, Expect][] = [
  ["allow", "no counters", row("open", null, "allowed", "user", null, null, null)],
  ["allow", "no budget applies", row("open", null, "allowed", "user", null, null, null)],
  // The ledger knows better than the counters: min(5 000 000, 80 000).
  ["allow", "a budget with plenty left", row("leased", "allow", "allowed", "user", 80_000, R, 10_000_000)],
  ["allow", "a budget tighter than the bound", row("leased", "allow", "allowed", "user", 10_000, R, 50_000)],
  ["allow", "an exhausted budget", row("leased", "allow", "allowed", "quota", 0, R, 50_000)],

  ["download-only", "no counters", row("leased", "restricted", "download-only", "user", 80_000, null, 100_000)],
  ["download-only", "no budget applies", row("leased", "restricted", "download-only", "user", 80_000, null, 100_000)],
  ["download-only", "a budget with plenty left", row("leased", "restricted", "download-only", "user", 80_000, null, 100_000)],
  ["download-only", "a budget tighter than the bound", row("leased", "restricted", "download-only", "user", 10_000, R, 50_000)],
  ["download-only", "an exhausted budget", row("leased", "restricted", "download-only", "user", 0, R, 50_000)],

  ["undecided (detected)", "no counters", row("leased", "restricted", "undecided", "default", 80_000, null, 100_000)],
  ["undecided (detected)", "no budget applies", row("leased", "restricted", "undecided", "default", 80_000, null, 100_000)],
  ["undecided (detected)", "a budget with plenty left", row("leased", "restricted", "undecided", "default", 80_000, null, 100_000)],
  ["undecided (detected)", "a budget tighter than the bound", row("leased", "restricted", "undecided", "default", 10_000, R, 50_000)],
  ["undecided (detected)", "an exhausted budget", row("leased", "restricted", "undecided", "default", 0, R, 50_000)],

  // Blocked: no ledger, no budget read.
  ["block", "no counters", row("block", null, "blocked", "user", 0, null, null)],
  ["block", "no budget applies", row("block", null, "blocked", "user", 0, null, null)],
  ["block", "a budget with plenty left", row("block", null, "blocked", "user", 0, null, null)],
  ["block", "a budget tighter than the bound", row("block", null, "blocked", "user", 0, null, null)],
  ["block", "an exhausted budget", row("block", null, "blocked", "user", 0, null, null)],

  // Probation: told what the default would leave (85 536 - 20 000 = 65 536), measured against the default's bound
  // (85 536) when budgets are known, against the ledger's limit without counters.
  ["undecided, undetected (probation)", "no counters", row("leased", "restricted", "undecided", "default", 65_536, null, 100_000)],
  ["undecided, undetected (probation)", "no budget applies", row("leased", "restricted", "undecided", "default", 65_536, null, 85_536)],
  ["undecided, undetected (probation)", "a budget with plenty left", row("leased", "restricted", "undecided", "default", 65_536, null, 85_536)],
  ["undecided, undetected (probation)", "a budget tighter than the bound", row("leased", "restricted", "undecided", "default", 10_000, R, 50_000)],
  ["undecided, undetected (probation)", "an exhausted budget", row("leased", "restricted", "undecided", "default", 0, R, 50_000)],

  // The metered rule turns allow into download only before any budget: the restricted ledger's numbers.
  ["allow while metered, no metered budget", "no counters", row("leased", "restricted", "download-only", "metered", 80_000, null, 100_000)],
  ["allow while metered, no metered budget", "no budget applies", row("leased", "restricted", "download-only", "metered", 80_000, null, 100_000)],
  ["allow while metered, no metered budget", "a budget with plenty left", row("leased", "restricted", "download-only", "metered", 80_000, null, 100_000)],
  ["allow while metered, no metered budget", "a budget tighter than the bound", row("leased", "restricted", "download-only", "metered", 10_000, R, 50_000)],
  ["allow while metered, no metered budget", "an exhausted budget", row("leased", "restricted", "download-only", "metered", 0, R, 50_000)],
];

describe("decideFrame: mode × budget state", () => {
  test.each(TABLE)("%s, %s", (mode, budgets, want) => {
    const reads: boolean[] = [];
    const d = decideFrame(input(mode, budgets, reads));
    expect(d.enforcement).toBe(want.enforcement);
    expect(d.ledger?.kind ?? null).toBe(want.ledger);
    if (d.ledger) expect(d.ledger.key).toBe(`${SITE}|${d.ledger.kind}|${DAY}`);
    // The hub hands the lease view the ledger it assigned: none for an open or a blocked site.
    const { status, budgetLimit } = d.lease(d.ledger ? LEDGER : undefined);
    expect(status).toMatchObject({ seeding: want.seeding, reason: want.reason, uploadBudgetBytes: want.left, resetsAt: want.resetsAt });
    expect(budgetLimit).toBe(want.budgetLimit);
    // Budgets are read at most once, with the metered budget for an allowed site only, never for a blocked one.
    const expectedReads = BUDGETS[budgets] === null || d.mode === "block" ? [] : [d.mode === "allow"];
    expect(reads).toEqual(expectedReads);
  });

  test("every mode × budget state is covered", () => {
    expect(TABLE).toHaveLength(Object.keys(MODES).length * Object.keys(BUDGETS).length);
  });
});

describe("decideFrame: the mode comes before the budgets", () => {
  test("an exhausted budget never changes the mode, the enforcement or the ledger", () => {
    for (const mode of Object.keys(MODES) as ModeCase[]) {
      const a = decideFrame(input(mode, "a budget with plenty left"));
      const b = decideFrame(input(mode, "an exhausted budget"));
      expect([b.mode, b.enforcement, b.probation, b.probationLedger, b.ledger]).toEqual([a.mode, a.enforcement, a.probation, a.probationLedger, a.ledger]);
    }
  });

  test("probation is set on the site's restricted ledger for every mode but allow", () => {
    const of = (mode: ModeCase) => {
      const d = decideFrame(input(mode, "no counters"));
      return [d.probationLedger, d.probation];
    };
    expect(of("allow")).toEqual([null, false]);
    expect(of("download-only")).toEqual([`${SITE}|restricted|${DAY}`, false]);
    expect(of("undecided, undetected (probation)")).toEqual([`${SITE}|restricted|${DAY}`, true]);
    expect(of("block")).toEqual([`${SITE}|restricted|${DAY}`, false]);
  });

  test("a rate limit alone makes an allowed site leased from its own ledger", () => {
    const d = decideFrame({ ...input("allow", "no budget applies"), settings: withRule(rule("allow", { rateLimitBps: 50_000 })) });
    expect(d.enforcement).toBe("leased");
    expect(d.ledger).toEqual({ key: `${SITE}|allow|${DAY}`, kind: "allow" });
    expect(d.lease(LEDGER).status).toMatchObject({ uploadBudgetBytes: null, uploadRateLimitBps: 50_000 });
  });

  test("a private window's frames lease from private ledgers", () => {
    const d = decideFrame({ ...input("download-only", "no counters"), incognito: true });
    expect(d.ledger?.key).toBe(`private|${SITE}|restricted|${DAY}`);
    expect(ledgerKey(SITE, "allow", true, DAY)).toBe(`private|${SITE}|allow|${DAY}`);
  });

  test("without a ledger yet, a restricted site is told the base bound", () => {
    expect(decideFrame(input("download-only", "no counters")).lease(undefined).status.uploadBudgetBytes).toBe(64 * 1024);
  });

  test("an unlimited ledger leaves the counters' figure for an allowed site", () => {
    const d = decideFrame(input("allow", "a budget with plenty left"));
    expect(d.lease({ limit: null, left: Infinity, spent: 0, received: 0 }).status.uploadBudgetBytes).toBe(5_000_000);
  });
});

test("the default's bound and what probation is told", () => {
  expect(defaultBound(0)).toBe(65_536);
  expect(defaultBound(1_000_000)).toBe(85_536);
  expect(defaultLeft({ received: 1_000_000, spent: 20_000 })).toBe(65_536);
  expect(defaultLeft({ received: 0, spent: 100_000 })).toBe(0);
});
