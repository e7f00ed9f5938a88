// Options (DOM): the URL fragment names the view: #/sites, #/sites/<site> (that site's detail; the popup links
// here), #/log/<site> (the log filtered to a site), #/defaults, #/privacy, #/import-export. The fragments of
// earlier versions (#sites, #log, #budgets) still work.

export interface Route {
  section: string;
  /** The site a view is about, as written in the fragment (decoded), or null. */
  param: string | null;
}

const LEGACY: Record<string, string> = { budgets: "sites" };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, "");
  const [first = "", ...rest] = path.split("/");
  let param: string | null = null;
  if (rest.length > 0 && rest.join("/") !== "") {
    try {
      param = decodeURIComponent(rest.join("/"));
    } catch {
      param = rest.join("/");
    }
  }
  return { section: LEGACY[first] ?? first, param };
}

export function hrefOf(section: string, param?: string | null): string {
  return param ? `#/${section}/${encodeURIComponent(param)}` : `#/${section}`;
}
