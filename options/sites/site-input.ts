// Pure (any context): the site a person typed, as Seedgate keys its decisions (core/site: the registrable
// domain, lowercase ASCII), or why the text is not one. Accepts "example.com", "www.example.co.uk",
// "https://video.example.com/watch?v=1", "bücher.example", an IP address and localhost; refuses the rest.
import { parse } from "tldts";
import { FILE_SITE, isSite, siteOf } from "../../extension/core/site";

export type SiteInputError = "empty" | "not-address" | "public-suffix" | "single-label";
export type SiteInput = { ok: true; site: string } | { ok: false; error: SiteInputError };

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function parseSiteInput(text: string): SiteInput {
  const typed = text.trim();
  if (typed === "") return { ok: false, error: "empty" };
  if (/\s/.test(typed) || typed.length > 2048) return { ok: false, error: "not-address" };
  const url = SCHEME.test(typed) ? typed : `https://${typed}`;
  const site = siteOf(url);
  if (site === null || site === FILE_SITE || !isSite(site)) return { ok: false, error: "not-address" };
  if (site.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(site) || site === "localhost") return { ok: true, site };
  if (!site.includes(".")) return { ok: false, error: "single-label" };
  const parsed = parse(site, { allowPrivateDomains: true });
  if (parsed.domain === null || parsed.publicSuffix === site) return { ok: false, error: "public-suffix" };
  return { ok: true, site };
}
