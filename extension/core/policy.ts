// Pure: the decision in force for one site — who decided (policy, private-window rule, user, default), then the
// metered rule (`decideMode`: the mode, before any budget), then the budgets (`enforcementOf`, `statusOf`) — as the
// status the page sees and the enforcement the guard applies. A frame's whole decision, with its ledger, is
// core/allowance/frame-decision.ts; `resolvePolicy` composes the stages for callers without a ledger.
import type { Enforcement, Mode, P2PConsentStatus } from "../shared/status";
import { managedModeFor, type ManagedPolicy } from "./managed-policy";
import { ruleFor, type Settings } from "./settings";

/** What the mode of a site depends on (no budget: the mode comes first). */
export interface ModeInput {
  /** The top-level page's site (frames follow it). */
  site: string;
  settings: Settings;
  /** The enterprise policy, or null when none is set. */
  managed: ManagedPolicy | null;
  /** The page is in a private (incognito) window. */
  incognito: boolean;
  /** The connection is metered now (detected or switched on by the user). */
  metered: boolean;
  /**
   * The site was detected as a P2P CDN (declared, signature or behaviour evidence). Absent = detected, the
   * strict reading. Where nobody decided for an undetected site, its pages are left untouched (modes table,
   * "not a P2P site": a video call or a game) within the site's probation allowance, yet told the default they
   * would get once detected.
   */
  detected?: boolean;
  /** The user allowed the site for this visit (core/visits.ts): it counts as the user's allow. Absent: no. */
  visit?: boolean;
}

/** What is left of the site's allowance, for the status the page sees. */
export interface AllowanceLeft {
  /** Bytes left now across every budget that applies (computed elsewhere); null = unlimited. */
  budgetLeft: number | null;
  /** Bytes left of the site's download-only bound (64 KiB + 2% of received), kept by the lease holder. */
  downloadOnlyLeft: number;
  /** ISO time at which the tightest budget refills. */
  resetsAt: string | null;
}

export interface PolicyInput extends ModeInput, AllowanceLeft {}

/** The mode in force for a site and what comes with it from the user's rule: the first stage of a decision. */
export interface ModeDecision {
  /** The mode in force after every rule: `undecided` means nobody decided and the download-only bound applies. */
  mode: Mode;
  reason: P2PConsentStatus["reason"];
  /**
   * True when the default applies to a site not (yet) detected as a P2P CDN: nothing is refused, but uploads are
   * leased from the site's probation allowance (core/detection/behaviour.ts PROBATION_UPLOAD_BYTES), so the site
   * is judged by its volume before it can seed past it. Enforcement is `leased`; the guard holds, never refuses.
   */
  probation: boolean;
  hideIp: boolean;
  /** The site's upload rate limit (bytes per second), or null. */
  rateLimitBps: number | null;
  metered: boolean;
}

export interface ResolvedPolicy {
  /** The mode in force after every rule: `undecided` means nobody decided and the download-only bound applies. */
  mode: Mode;
  status: P2PConsentStatus;
  enforcement: Enforcement;
  hideIp: boolean;
  /** See `ModeDecision.probation`. */
  probation: boolean;
}

type Reason = P2PConsentStatus["reason"];
interface Decision {
  mode: Mode;
  reason: Reason;
  /** Nobody decided for this site: the user's or the enterprise policy's default applies. */
  byDefault?: boolean;
}

/** How much a mode restricts uploads; a private-window rule may only tighten. */
const STRICTNESS: Record<Mode, number> = { allow: 0, "download-only": 1, undecided: 1, block: 2 };

/** The first stage: who decided, then the metered rule. Budgets never change the mode. */
export function decideMode(input: ModeInput): ModeDecision {
  const decision = decide(input);
  let { mode, reason } = decision;
  if (input.metered && mode === "allow" && input.settings.metered.budgetBytes === 0) {
    mode = "download-only";
    reason = "metered";
  }
  const rule = ruleFor(input.settings, input.site);
  return {
    mode,
    reason,
    probation: decision.byDefault === true && input.detected === false,
    hideIp: rule?.hideIp ?? false,
    rateLimitBps: rule?.rateLimitBps ?? null,
    metered: input.metered,
  };
}

/**
 * How the guard enforces `m`: `budgeted` says whether any budget applies (a finite budget left). A rate limit is
 * enforced through leases too, so only an unlimited, unthrottled allowed site is open.
 */
export function enforcementOf(m: ModeDecision, budgeted: boolean): Enforcement {
  if (m.probation) return "leased";
  if (m.mode === "block") return "block";
  if (m.mode === "allow") return budgeted || m.rateLimitBps !== null ? "leased" : "open";
  return "leased";
}

/** What the page is told under `m`, given what is left of the site's allowance. */
export function statusOf(m: ModeDecision, left: AllowanceLeft): P2PConsentStatus {
  const { mode, metered } = m;
  const budgetLeft = left.budgetLeft === null ? null : bytes(left.budgetLeft);
  const reason = mode === "allow" && budgetLeft === 0 ? "quota" : m.reason;
  const rate = m.rateLimitBps;
  if (mode === "block") return { seeding: "blocked", uploadBudgetBytes: 0, uploadRateLimitBps: null, resetsAt: null, metered, reason };
  if (mode === "allow") {
    return { seeding: "allowed", uploadBudgetBytes: budgetLeft, uploadRateLimitBps: rate, resetsAt: budgetLeft === null ? null : left.resetsAt, metered, reason };
  }
  // Download only and undecided: the lease holder enforces the bound; a tighter budget still caps it.
  const bound = bytes(left.downloadOnlyLeft);
  const budgetBinds = budgetLeft !== null && budgetLeft < bound;
  return {
    seeding: mode === "undecided" ? "undecided" : "download-only",
    uploadBudgetBytes: budgetBinds ? budgetLeft : bound,
    uploadRateLimitBps: rate,
    resetsAt: budgetBinds ? left.resetsAt : null,
    metered,
    reason,
  };
}

/** Every stage at once, for a site without a ledger of its own (the consent header, tests). */
export function resolvePolicy(input: PolicyInput): ResolvedPolicy {
  const m = decideMode(input);
  return { mode: m.mode, status: statusOf(m, input), enforcement: enforcementOf(m, input.budgetLeft !== null), hideIp: m.hideIp, probation: m.probation };
}

/**
 * Enterprise policy > the user's global pause > private-window rule > the user's allow for this visit > the user's
 * site rule > the default (the policy's, then the user's).
 */
function decide({ site, settings, managed, incognito, visit }: ModeInput): Decision {
  if (managed?.disableP2P === true) return { mode: "block", reason: "policy" };
  const forced = managedModeFor(managed, site);
  if (forced) return { mode: forced, reason: "policy" };
  // The pause only restricts, so it applies over every rule but a mode the organisation forces (which the user
  // may not change either way). The page hears the user's reason: a new reason value would read as nonsense to
  // clients written before it (client/ falls back on an unknown status).
  if (settings.pause.active) return { mode: "block", reason: "user" };

  const rule = ruleFor(settings, site);
  let decision: Decision;
  if (visit === true) decision = { mode: "allow", reason: "user" };
  else if (rule && rule.mode !== "undecided") decision = { mode: rule.mode, reason: "user" };
  else if (managed?.defaultUndecided) decision = { mode: undecidedMode(managed.defaultUndecided), reason: "policy", byDefault: true };
  else decision = { mode: undecidedMode(settings.defaults.undecided), reason: "default", byDefault: true };

  const privateMode = settings.privateWindows.mode;
  if (!incognito || privateMode === "follow") return decision;
  // The private-window rule is a ceiling: it never loosens a stricter choice (a site the user blocked stays
  // blocked in private windows). On a tie it names itself unless the user decided.
  const tighter = STRICTNESS[privateMode] > STRICTNESS[decision.mode];
  const tie = STRICTNESS[privateMode] === STRICTNESS[decision.mode] && decision.reason !== "user";
  return tighter || tie ? { mode: privateMode, reason: "private" } : decision;
}

function undecidedMode(d: "download-only" | "block"): Mode {
  return d === "block" ? "block" : "undecided";
}

/** A byte count from elsewhere, made safe: NaN and negatives are 0, fractions round down. */
function bytes(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : n === Infinity ? Number.MAX_SAFE_INTEGER : 0;
}
