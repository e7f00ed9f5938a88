// Pure: one function per settings schema version, keyed by the version it produces. Bumping SCHEMA_VERSION
// without adding the migration that produces it (or leaving a gap) does not compile.
import type { PlainObject } from "./plain-data";

/** The settings schema this build writes. Older stored or imported settings are migrated up to it. */
export const SCHEMA_VERSION = 2;

/** Takes settings of version N-1 (plain data, unvalidated) and returns version N. Never mutates its input. */
export type Migration = (s: Readonly<PlainObject>) => PlainObject;

/** 1 | 2 | ... | N */
type VersionsUpTo<N extends number, Acc extends unknown[] = [unknown]> = Acc["length"] extends N
  ? N
  : Acc["length"] | VersionsUpTo<N, [...Acc, unknown]>;

/**
 * v1, the first versioned schema: settings saved before versioning (or a first run's empty storage) have no
 * `schemaVersion`; their keys already mean what v1 means, so they are only stamped.
 */
export function toV1(s: Readonly<PlainObject>): PlainObject {
  return withKeys(s, { schemaVersion: 1 });
}

/**
 * v2: private windows follow the normal rule by default. No version offered a way to change the private-window
 * rule, so a stored "download-only" is v1's default written back with the rest: it becomes "follow". Any other
 * value (only an edited import could carry one) is kept.
 */
export function toV2(s: Readonly<PlainObject>): PlainObject {
  const pw = s.privateWindows;
  const isOldDefault = typeof pw === "object" && pw !== null && !Array.isArray(pw) && (pw as PlainObject).mode === "download-only";
  return withKeys(s, isOldDefault ? { schemaVersion: 2, privateWindows: withKeys(pw as PlainObject, { mode: "follow" }) } : { schemaVersion: 2 });
}

export const MIGRATIONS: { readonly [V in VersionsUpTo<typeof SCHEMA_VERSION>]: Migration } = {
  1: toV1,
  2: toV2,
};

/** A new null-prototype object: `s`'s keys, then `patch`'s. `__proto__` stays an ordinary own key. */
export function withKeys(s: Readonly<PlainObject>, patch: PlainObject): PlainObject {
  const out = Object.create(null) as PlainObject;
  for (const key of Object.keys(s)) out[key] = s[key];
  for (const key of Object.keys(patch)) out[key] = patch[key];
  return out;
}
