// Pure: the decision in force for one site — who decided (policy, private-window rule, user, default), then the
// metered rule, then the budgets — as the status the page sees and the enforcement the guard applies.
import type { Enforcement, Mode, P2PConsentStatus } from "../shared/status";
import { managedModeFor, type ManagedPolicy } from "./managed-policy";
import { ruleFor, type Settings } from "./settings";

export interface PolicyInput {
  /** The top-level page's site (frames follow it). */
  site: string;
  settings: Settings;
  /** The enterprise policy, or null when none is set. */
  managed: ManagedPolicy | null;
  /** The page is in a private (incognito) window. */
  incognito: boolean;
  /** The connection is metered now (detected or switched on by the user). */
  metered: boolean;
  /** Bytes left now across every budget that applies (computed elsewhere); null = unlimited. */
  budgetLeft: number | null;
  /** Bytes left of the site's download-only bound (64 KiB + 2% of received), kept by the lease holder. */
  downloadOnlyLeft: number;
  /** ISO time at which the tightest budget refills. */
  resetsAt: string | null;
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

export interface ResolvedPolicy {
  /** The mode in force after every rule: `undecided` means nobody decided and the download-only bound applies. */
  mode: Mode;
  status: P2PConsentStatus;
  enforcement: Enforcement;
  hideIp: boolean;
  /**
   * True when the default applies to a site not (yet) detected as a P2P CDN: nothing is refused, but uploads are
   * leased from the site's probation allowance (core/detection/behaviour.ts PROBATION_UPLOAD_BYTES), so the site
   * is judged by its volume before it can seed past it. Enforcement is `leased`; the guard holds, never refuses.
   */
  untouched: boolean;
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

export function resolvePolicy(input: PolicyInput): ResolvedPolicy {
  const { settings, metered, resetsAt } = input;
  const decision = decide(input);
  let { mode, reason } = decision;
  const untouched = decision.byDefault === true && input.detected === false;
  if (metered && mode === "allow" && settings.metered.budgetBytes === 0) {
    mode = "download-only";
    reason = "metered";
  }
  const budgetLeft = input.budgetLeft === null ? null : bytes(input.budgetLeft);
  if (mode === "allow" && budgetLeft === 0) reason = "quota";
  const rule = ruleFor(settings, input.site);
  const hideIp = rule?.hideIp ?? false;
  const rate = rule?.rateLimitBps ?? null;
  const result = (enforcement: Enforcement, s: Omit<P2PConsentStatus, "metered" | "reason">): ResolvedPolicy => ({
    mode,
    enforcement: untouched ? "leased" : enforcement,
    hideIp,
    status: { ...s, metered, reason },
    untouched,
  });

  if (mode === "block") return result("block", { seeding: "blocked", uploadBudgetBytes: 0, uploadRateLimitBps: null, resetsAt: null });
  if (mode === "allow") {
    // A rate limit is enforced through leases too, so only an unlimited, unthrottled site is open.
    const limited = budgetLeft !== null || rate !== null;
    return result(limited ? "leased" : "open", {
      seeding: "allowed",
      uploadBudgetBytes: budgetLeft,
      uploadRateLimitBps: rate,
      resetsAt: budgetLeft === null ? null : resetsAt,
    });
  }
  // Download only and undecided: the lease holder enforces the bound; a tighter budget still caps it.
  const bound = bytes(input.downloadOnlyLeft);
  const budgetBinds = budgetLeft !== null && budgetLeft < bound;
  return result("leased", {
    seeding: mode === "undecided" ? "undecided" : "download-only",
    uploadBudgetBytes: budgetBinds ? budgetLeft : bound,
    uploadRateLimitBps: rate,
    resetsAt: budgetBinds ? resetsAt : null,
  });
}

/**
 * Enterprise policy > the user's global pause > private-window rule > the user's allow for this visit > the user's
 * site rule > the default (the policy's, then the user's).
 */
function decide({ site, settings, managed, incognito, visit }: PolicyInput): Decision {
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
