// Pure: the versioned settings model. Defaults (from which the type is derived), validation key by key with
// errors naming the key path, and migration from older versions.
import { z } from "./zod";
import type { Mode } from "../shared/status";
import { isPlainObject, kindOf, toPlainData, type PlainData, type PlainObject } from "./plain-data";
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from "./settings-migrations";
import { isSite } from "./site";
import type { Equals, Assert } from "./type-checks";

export { SCHEMA_VERSION };

/** Largest budget or rate accepted (1 PiB): far above any real cap, far below where doubles lose integers. */
export const MAX_BUDGET_BYTES = 2 ** 50;

export type UndecidedDefault = "download-only" | "block";
/**
 * The private-window rule: `block` or `download-only` are a ceiling over each site's rule in private windows;
 * `follow` gives them the same rule as normal windows (the default).
 */
export type PrivateWindowMode = "block" | "download-only" | "follow";
export type DecidedBy = "popup" | "options" | "import" | "policy";

const BYTES_ERROR = { error: "expected a whole number of bytes from 0 to 2^50" };
export const bytesSchema = z.int(BYTES_ERROR).min(0, BYTES_ERROR).max(MAX_BUDGET_BYTES, BYTES_ERROR);
/** A budget or rate: null means unlimited. */
export const limitSchema = bytesSchema.nullable();
export const isoTimeSchema = z.iso.datetime({ offset: true });
export const modeSchema = z.enum(["allow", "download-only", "block", "undecided"]);

export const siteRuleSchema = z.object({
  mode: modeSchema,
  /** Force relay-only ICE so peers never learn the visitor's address. */
  hideIp: z.boolean(),
  dailyBudgetBytes: limitSchema,
  monthlyBudgetBytes: limitSchema,
  rateLimitBps: limitSchema,
  decidedAt: isoTimeSchema,
  decidedBy: z.enum(["popup", "options", "import", "policy"]),
  /** An allowed site returns to undecided at this ISO time (core/expiry.ts); absent or null: never. */
  expiresAt: isoTimeSchema.nullable().optional(),
});
export type SiteRule = z.infer<typeof siteRuleSchema>;
/** Site -> rule. Always a null-prototype object: read it with `ruleFor`, replace rules with `withSiteRule`. */
export type SiteMap = Record<string, SiteRule>;

export const DEFAULT_SETTINGS = deepFreeze({
  schemaVersion: SCHEMA_VERSION,
  /** What a site nobody has decided for gets (DESIGN.md, promise 1). */
  defaults: { undecided: "download-only" as UndecidedDefault },
  sites: Object.create(null) as SiteMap,
  globalMonthlyCapBytes: null as number | null,
  metered: {
    /** Upload budget while on a metered connection; 0 = no seeding while metered. */
    budgetBytes: 0,
    /** The user's own "this connection is metered" switch, optionally until an ISO time. */
    manual: { on: false, until: null as string | null },
  },
  /** What a frame in a private (incognito) window gets: a ceiling over its site's rule, or the same ("follow"). */
  privateWindows: { mode: "follow" as PrivateWindowMode },
  /** The global pause (core/pause.ts): every site blocked until `until`, or until turned off when `until` is null. */
  pause: { active: false, until: null as string | null, by: "popup" as DecidedBy },
  log: { retentionDays: 90, maxEntries: 100_000 },
});
export type Settings = typeof DEFAULT_SETTINGS;

type _ModeInSync = Assert<Equals<z.infer<typeof modeSchema>, Mode>>;
type _DecidedByInSync = Assert<Equals<SiteRule["decidedBy"], DecidedBy>>;

export type SettingsErrorCode = "too-large" | "syntax" | "not-object" | "future-version" | "invalid";

/** Settings that cannot be used at all. `message` is meant for the user; `details` lists each problem. */
export class SettingsError extends Error {
  override readonly name = "SettingsError";
  constructor(
    readonly code: SettingsErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A generous bound: a 1 MB import is well under it, a hostile object graph is refused quickly. */
const LIMITS = { maxNodes: 2_000_000, maxDepth: 16 };
const EMPTY: PlainObject = Object.freeze(Object.create(null) as PlainObject);

/**
 * Validates settings of the current version key by key: a missing key takes its default silently; a bad value
 * takes its default and an error naming its key path; an unknown key is dropped with an error; a bad site rule
 * is dropped whole (the site is then undecided, which fails closed). Never throws.
 */
export function parseSettings(raw: unknown): { settings: Settings; errors: string[] } {
  const errors: string[] = [];
  const copy = toPlainData(raw, LIMITS);
  let root = EMPTY;
  if (!copy.ok) errors.push(`settings: ${copy.error}; using the defaults`);
  else if (!isPlainObject(copy.value)) errors.push("settings: expected an object; using the defaults");
  else root = copy.value;
  const d = DEFAULT_SETTINGS;
  const r = reader(errors);

  const top = r.section(root, "", ["schemaVersion", "defaults", "sites", "globalMonthlyCapBytes", "metered", "privateWindows", "pause", "log"]);
  r.leaf(top, "", "schemaVersion", z.literal(SCHEMA_VERSION), SCHEMA_VERSION);
  const defaults = r.section(top.defaults, "defaults", ["undecided"]);
  const metered = r.section(top.metered, "metered", ["budgetBytes", "manual"]);
  const manual = r.section(metered.manual, "metered.manual", ["on", "until"]);
  const privateWindows = r.section(top.privateWindows, "privateWindows", ["mode"]);
  const pause = r.section(top.pause, "pause", ["active", "until", "by"]);
  const log = r.section(top.log, "log", ["retentionDays", "maxEntries"]);

  const settings: Settings = {
    schemaVersion: SCHEMA_VERSION,
    defaults: { undecided: r.leaf(defaults, "defaults", "undecided", z.enum(["download-only", "block"]), d.defaults.undecided) },
    sites: parseSites(top.sites, errors),
    globalMonthlyCapBytes: r.leaf(top, "", "globalMonthlyCapBytes", limitSchema, d.globalMonthlyCapBytes),
    metered: {
      budgetBytes: r.leaf(metered, "metered", "budgetBytes", bytesSchema, d.metered.budgetBytes),
      manual: {
        on: r.leaf(manual, "metered.manual", "on", z.boolean(), d.metered.manual.on),
        until: r.leaf(manual, "metered.manual", "until", isoTimeSchema.nullable(), d.metered.manual.until),
      },
    },
    privateWindows: { mode: r.leaf(privateWindows, "privateWindows", "mode", z.enum(["block", "download-only", "follow"]), d.privateWindows.mode) },
    pause: {
      active: r.leaf(pause, "pause", "active", z.boolean(), d.pause.active),
      until: r.leaf(pause, "pause", "until", isoTimeSchema.nullable(), d.pause.until),
      by: r.leaf(pause, "pause", "by", z.enum(["popup", "options", "import", "policy"]), d.pause.by),
    },
    log: {
      retentionDays: r.leaf(log, "log", "retentionDays", z.int().min(1).max(3650), d.log.retentionDays),
      maxEntries: r.leaf(log, "log", "maxEntries", z.int().min(1000).max(10_000_000), d.log.maxEntries),
    },
  };
  return { settings, errors };
}

/**
 * Brings stored or imported settings of any known version up to SCHEMA_VERSION, then `parseSettings`.
 * Throws a SettingsError for a non-object, an unreadable object, a bad `schemaVersion`, or a newer version.
 * A missing `schemaVersion` is version 0 (saved before versioning, or a first run's empty storage).
 */
export function migrateSettings(raw: unknown): { settings: Settings; errors: string[]; fromVersion: number } {
  const copy = toPlainData(raw, LIMITS);
  if (!copy.ok) throw new SettingsError("invalid", `The settings could not be read (${copy.error}).`);
  if (!isPlainObject(copy.value)) throw new SettingsError("not-object", `Settings must be an object, not ${kindOf(copy.value)}.`);
  const fromVersion = versionOf(copy.value);
  let s = copy.value;
  for (let v = fromVersion + 1; v <= SCHEMA_VERSION; v++) {
    const migrate = (MIGRATIONS as Readonly<Record<number, Migration | undefined>>)[v];
    if (!migrate) throw new SettingsError("invalid", `No migration produces settings version ${v}.`);
    try {
      s = migrate(s);
    } catch (e) {
      throw new SettingsError("invalid", `The settings could not be upgraded to version ${v}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { ...parseSettings(s), fromVersion };
}

/** A rule that decides nothing yet (undecided, no budgets): the base a first change of a site is laid over. */
export function undecidedRule(decidedAt: string, decidedBy: DecidedBy): SiteRule {
  return { mode: "undecided", hideIp: false, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, decidedAt, decidedBy };
}

/** The user's rule for `site`, if any. Safe for every string, including `__proto__`. */
export function ruleFor(settings: Settings, site: string): SiteRule | undefined {
  return Object.hasOwn(settings.sites, site) ? settings.sites[site] : undefined;
}

/** A copy of `settings` with `site`'s rule replaced, or removed when `rule` is null. Throws on a bad site or rule. */
export function withSiteRule(settings: Settings, site: string, rule: SiteRule | null): Settings {
  if (!isSite(site)) throw new SettingsError("invalid", `"${site.slice(0, 100)}" is not a site.`);
  const sites = Object.create(null) as SiteMap;
  for (const key of Object.keys(settings.sites)) if (key !== site) sites[key] = settings.sites[key]!;
  if (rule) {
    const checked = siteRuleSchema.safeParse(rule);
    if (!checked.success) throw new SettingsError("invalid", `Bad rule: ${describe(checked.error, site)}`);
    sites[site] = checked.data;
  }
  return { ...settings, sites };
}

function parseSites(raw: PlainData, errors: string[]): SiteMap {
  const out = Object.create(null) as SiteMap;
  if (raw === undefined) return out;
  if (!isPlainObject(raw)) {
    errors.push("sites: expected an object mapping each site to its rule; no site rules loaded");
    return out;
  }
  for (const site of Object.keys(raw)) {
    const path = `sites[${JSON.stringify(site.slice(0, 100))}]`;
    if (!isSite(site)) {
      errors.push(`${path}: not a site (a registrable domain such as "example.com"); rule dropped`);
      continue;
    }
    const value = raw[site];
    const rule = siteRuleSchema.safeParse(value);
    if (!rule.success) {
      errors.push(`${describe(rule.error, path)}; rule dropped`);
      continue;
    }
    if (isPlainObject(value)) reader(errors).section(value, path, Object.keys(siteRuleSchema.shape));
    out[site] = rule.data;
  }
  return out;
}

function reader(errors: string[]) {
  const at = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);
  return {
    /** The object at `raw` (empty if missing or not an object), after reporting its unknown keys. */
    section(raw: PlainData, path: string, known: readonly string[]): PlainObject {
      if (raw === undefined) return EMPTY;
      if (!isPlainObject(raw)) {
        errors.push(`${path}: expected an object, found ${kindOf(raw)}; using the defaults`);
        return EMPTY;
      }
      for (const key of Object.keys(raw)) {
        if (!known.includes(key)) errors.push(`${at(path, JSON.stringify(key.slice(0, 100)))}: unknown key, dropped`);
      }
      return raw;
    },
    leaf<T>(obj: PlainObject, path: string, key: string, schema: z.ZodType<T>, fallback: T): T {
      if (!Object.hasOwn(obj, key)) return fallback;
      const r = schema.safeParse(obj[key]);
      if (r.success) return r.data;
      errors.push(`${describe(r.error, at(path, key))}; using the default (${JSON.stringify(fallback)})`);
      return fallback;
    },
  };
}

/** "path.to.key: message; ..." for each issue, `path` being where the parsed value sits. */
function describe(error: z.ZodError, path: string): string {
  return error.issues.map((i) => `${[path, ...i.path.map(String)].filter((p) => p !== "").join(".")}: ${i.message}`).join("; ");
}

function versionOf(s: PlainObject): number {
  if (!Object.hasOwn(s, "schemaVersion")) return 0;
  const v = s.schemaVersion;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw new SettingsError("invalid", `schemaVersion must be a whole number, not ${kindOf(v)}.`);
  }
  if (v > SCHEMA_VERSION) {
    throw new SettingsError(
      "future-version",
      `These settings come from a newer Seedgate (settings version ${v}; this one understands up to ${SCHEMA_VERSION}). Update Seedgate to use them.`,
    );
  }
  return v;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === "object" && v !== null) deepFreeze(v);
  return Object.freeze(o);
}
