// Pure: the enterprise policy an administrator sets in `storage.managed`, validated key by key so one mistake
// in it does not void the rest. It outranks every user choice (DESIGN.md, "Modes of a site").
import { z } from "./zod";
import type { Mode } from "../shared/status";
import { isPlainObject, toPlainData, type PlainObject } from "./plain-data";
import { modeSchema, type UndecidedDefault } from "./settings";
import { isSite } from "./site";

export interface ManagedPolicy {
  /** Site -> forced mode (a null-prototype map). `undecided` forces nothing: the user decides. */
  sites?: Record<string, Mode>;
  /** Replaces the user's default for undecided sites. */
  defaultUndecided?: UndecidedDefault;
  /** No peer-to-peer anywhere: every site is blocked. */
  disableP2P?: boolean;
}

const KNOWN = ["sites", "defaultUndecided", "disableP2P"];

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
