// Pure: the decision entries a settings change makes. A site's rule that appeared, changed mode or hide-IP, or
// went away becomes one `decision` entry naming who made it (the rule's `decidedBy`; `removedBy` for a rule that
// was removed); a change in the enterprise policy's forced modes becomes entries made by "policy".
import type { ManagedPolicy } from "../managed-policy";
import { ruleFor, type DecidedBy, type Settings } from "../settings";
import type { Mode } from "../../shared/status";
import type { LogInput } from "./entry";

type DecisionInput = Extract<LogInput, { type: "decision" }>;

const entry = (site: string | null, by: DecidedBy, mode: Mode, previous: Mode, hideIp: boolean, until?: string | null): DecisionInput => ({
  site,
  frameOrigin: null,
  tab: null,
  type: "decision",
  details: until === undefined ? { by, mode, previous, hideIp } : { by, mode, previous, hideIp, until },
});

export function settingsDecisions(before: Settings, after: Settings, removedBy: DecidedBy): DecisionInput[] {
  const out: DecisionInput[] = [];
  const sites = new Set([...Object.keys(before.sites), ...Object.keys(after.sites)]);
  const [p, q] = [before.pause, after.pause];
  if (p.active !== q.active || (q.active && p.until !== q.until)) {
    // The global pause: every site at once, so no site; `until` says when it ends by itself.
    const mode = (on: boolean): Mode => (on ? "block" : "undecided");
    out.push(entry(null, q.by, mode(q.active), mode(p.active), false, q.active ? q.until : p.until));
  }
  for (const site of [...sites].sort()) {
    const a = ruleFor(before, site);
    const b = ruleFor(after, site);
    if (a && b && a.mode === b.mode && a.hideIp === b.hideIp) continue;
    if (b) out.push(entry(site, b.decidedBy, b.mode, a?.mode ?? "undecided", b.hideIp));
    else if (a) out.push(entry(site, removedBy, "undecided", a.mode, false));
  }
  return out;
}

/** An allow for this visit began (`on`) or ended: the site's stored rule (`ruleMode`) is what it returns to. */
export function visitDecision(site: string, by: DecidedBy, on: boolean, ruleMode: Mode, hideIp: boolean): DecisionInput {
  const e = entry(site, by, on ? "allow" : ruleMode, on ? ruleMode : "allow", hideIp);
  return { ...e, details: { ...e.details, visitOnly: true } };
}

export function policyDecisions(before: ManagedPolicy | null, after: ManagedPolicy | null): DecisionInput[] {
  const out: DecisionInput[] = [];
  const wasOff = before?.disableP2P === true;
  const isOff = after?.disableP2P === true;
  // Every site at once: the entry has no site.
  if (wasOff !== isOff) out.push(entry(null, "policy", isOff ? "block" : "undecided", isOff ? "undecided" : "block", false));
  const forced = (p: ManagedPolicy | null, site: string): Mode => (p?.sites && Object.hasOwn(p.sites, site) ? p.sites[site]! : "undecided");
  const sites = new Set([...Object.keys(before?.sites ?? {}), ...Object.keys(after?.sites ?? {})]);
  for (const site of [...sites].sort()) {
    const a = forced(before, site);
    const b = forced(after, site);
    if (a !== b) out.push(entry(site, "policy", b, a, false));
  }
  return out;
}
