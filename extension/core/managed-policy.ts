// Pure: the enterprise policy an administrator sets in `storage.managed`, validated key by key so one mistake
// in it does not void the rest. It outranks every user choice (DESIGN.md, "Modes of a site").
import { z } from "./zod";
import type { Mode } from "../shared/status";
import { isPlainObject, toPlainData, type PlainObject } from "./plain-data";
import { limitSchema, modeSchema, type UndecidedDefault } from "./settings";
import { isSite } from "./site";

export interface ManagedPolicy {
  /** Site -> forced mode (a null-prototype map). `undecided` forces nothing: the user decides. */
  sites?: Record<string, Mode>;
  /** Replaces the user's default for undecided sites. */
  defaultUndecided?: UndecidedDefault;
  /** No peer-to-peer anywhere: every site is blocked. */
  disableP2P?: boolean;
  /** Site -> upload budgets the organisation sets (bytes; null = unlimited); absent fields stay the user's. */
  siteBudgets?: Record<string, ManagedBudgets>;
  /** The global monthly upload cap (bytes; null = none), replacing the user's. */
  globalMonthlyCapBytes?: number | null;
  /** "Users may not change this": the user's own decisions and settings are frozen too, not only what the policy sets. */
  lockUserSettings?: boolean;
}

export interface ManagedBudgets {
  dailyBudgetBytes?: number | null;
  monthlyBudgetBytes?: number | null;
  rateLimitBps?: number | null;
}
const BUDGET_KEYS = ["dailyBudgetBytes", "monthlyBudgetBytes", "rateLimitBps"] as const;

const KNOWN = ["sites", "defaultUndecided", "disableP2P", "siteBudgets", "globalMonthlyCapBytes", "lockUserSettings"];

/** Keeps what is valid; each problem is reported (for the log and the options page) and ignored. Never throws. */
export function parseManagedPolicy(raw: unknown): { policy: ManagedPolicy; errors: string[] } {
  const errors: string[] = [];
  const policy: ManagedPolicy = {};
  const copy = toPlainData(raw, { maxNodes: 200_000, maxDepth: 4 });
  if (raw === undefined || raw === null) return { policy, errors };
  if (!copy.ok || !isPlainObject(copy.value)) return { policy, errors: ["managed policy: expected an object; ignored"] };
  const root: PlainObject = copy.value;
  for (const key of Object.keys(root)) if (!KNOWN.includes(key)) errors.push(`managed policy: unknown key ${JSON.stringify(key.slice(0, 100))} ignored`);

  if (Object.hasOwn(root, "disableP2P")) {
    if (typeof root.disableP2P === "boolean") policy.disableP2P = root.disableP2P;
    else errors.push("managed policy: disableP2P must be true or false; ignored");
  }
  if (Object.hasOwn(root, "defaultUndecided")) {
    const r = z.enum(["download-only", "block"]).safeParse(root.defaultUndecided);
    if (r.success) policy.defaultUndecided = r.data;
    else errors.push('managed policy: defaultUndecided must be "download-only" or "block"; ignored');
  }
  for (const key of ["disableP2P", "lockUserSettings"] as const) {
    if (key === "disableP2P" || !Object.hasOwn(root, key)) continue;
    if (typeof root[key] === "boolean") policy[key] = root[key];
    else errors.push(`managed policy: ${key} must be true or false; ignored`);
  }
  if (Object.hasOwn(root, "globalMonthlyCapBytes")) {
    const r = limitSchema.safeParse(root.globalMonthlyCapBytes);
    if (r.success) policy.globalMonthlyCapBytes = r.data;
    else errors.push("managed policy: globalMonthlyCapBytes must be a whole number of bytes from 0 to 2^50, or null; ignored");
  }
  if (Object.hasOwn(root, "siteBudgets")) {
    const budgets = root.siteBudgets;
    if (!isPlainObject(budgets)) errors.push("managed policy: siteBudgets must map each site to its budgets; ignored");
    else {
      const out = Object.create(null) as Record<string, ManagedBudgets>;
      for (const site of Object.keys(budgets)) {
        const entry = budgets[site];
        const where = `siteBudgets[${JSON.stringify(site.slice(0, 100))}]`;
        if (!isSite(site)) {
          errors.push(`managed policy: ${where} is not a site; ignored`);
          continue;
        }
        if (!isPlainObject(entry)) {
          errors.push(`managed policy: ${where} must be an object; ignored`);
          continue;
        }
        const b: ManagedBudgets = {};
        for (const key of Object.keys(entry)) {
          const known = (BUDGET_KEYS as readonly string[]).includes(key);
          const r = limitSchema.safeParse(entry[key]);
          if (!known) errors.push(`managed policy: ${where}.${JSON.stringify(key.slice(0, 100))} unknown; ignored`);
          else if (!r.success) errors.push(`managed policy: ${where}.${key} must be a whole number of bytes from 0 to 2^50, or null; ignored`);
          else b[key as (typeof BUDGET_KEYS)[number]] = r.data;
        }
        out[site] = b;
      }
      policy.siteBudgets = out;
    }
  }
  if (Object.hasOwn(root, "sites")) {
    const sites = root.sites;
    if (!isPlainObject(sites)) errors.push("managed policy: sites must map each site to a mode; ignored");
    else {
      const out = Object.create(null) as Record<string, Mode>;
      for (const site of Object.keys(sites)) {
        const mode = modeSchema.safeParse(sites[site]);
        if (!isSite(site)) errors.push(`managed policy: sites[${JSON.stringify(site.slice(0, 100))}] is not a site (use the registrable domain, e.g. "example.com"); ignored`);
        else if (!mode.success) errors.push(`managed policy: sites[${JSON.stringify(site)}] must be one of allow, download-only, block, undecided; ignored`);
        else out[site] = mode.data;
      }
      policy.sites = out;
    }
  }
  return { policy, errors };
}

/** The mode the policy forces on `site`, if any. Safe for every string, including `__proto__`. */
export function managedModeFor(policy: ManagedPolicy | null, site: string): Exclude<Mode, "undecided"> | undefined {
  const sites = policy?.sites;
  if (!sites || !Object.hasOwn(sites, site)) return undefined;
  const mode = sites[site];
  return mode === "undecided" ? undefined : mode;
}

/** The budgets the policy sets for `site` (absent fields are the user's). Safe for every string. */
export function managedBudgetsFor(policy: ManagedPolicy | null, site: string): ManagedBudgets | undefined {
  const b = policy?.siteBudgets;
  return b && Object.hasOwn(b, site) ? b[site] : undefined;
}
