// Pure: "Allow for this visit". A site allowed for a visit is allowed until no tab shows it any more (the last one
// closed or went elsewhere), then it has its own rule again (undecided unless the user had another). The grants
// are kept in storage.session (a restarted service worker keeps them, a restarted browser forgets them), never
// in the settings: a visit is never a lasting grant.
import { isSite } from "./site";

/** At most this many sites allowed for a visit at once (a bound on what storage.session holds). */
export const MAX_VISITS = 500;

/** The visits among `granted` that no tab shows any more (`shown`: each open tab's site, null for none). */
export function endedVisits(granted: Iterable<string>, shown: Iterable<string | null>): string[] {
  const open = new Set(shown);
  return [...granted].filter((site) => !open.has(site)).sort();
}

/** Stored grants as read back: sites only, deduplicated and bounded; anything else is dropped. */
export function parseVisits(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const out = new Set<string>();
  for (const v of raw) if (typeof v === "string" && isSite(v) && out.size < MAX_VISITS) out.add(v);
  return [...out];
}
