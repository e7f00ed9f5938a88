// Options (DOM): the options page shell: a navigation of sections, one shown at a time, chosen by the URL
// fragment (route.ts). Moving to another view puts focus on its heading, so keyboard and screen-reader users
// land where the new content starts.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../ui/i18n";
import { hrefOf, parseRoute, type Route } from "./route";
import type { Section } from "./sections/section";

export function OptionsApp({ sections }: { sections: readonly Section[] }) {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const first = useRef(true);
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const current = sections.find((s) => s.id === route.section) ?? sections[0]!;
  const headingId = `section-${current.id}`;

  useEffect(() => {
    document.title = `${current.title()} – ${t("optPageTitle")}`;
    if (first.current) {
      first.current = false;
      return;
    }
    // After the section rendered its heading (it may render it a moment later, once loaded).
    const id = setTimeout(() => {
      const h = document.getElementById(headingId);
      if (h) {
        h.tabIndex = -1;
        h.focus();
      }
    }, 0);
    return () => clearTimeout(id);
  }, [current.id, route.param, headingId]);

  return (
    <div class="options">
      <header class="masthead">
        <p class="brand">{t("optBrand")}</p>
        <nav aria-label={t("optNavLabel")}>
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <a href={hrefOf(s.id)} aria-current={s.id === current.id ? "page" : undefined}>
                  {s.title()}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        <section class="panel" aria-labelledby={headingId} key={current.id}>
          <current.Component headingId={headingId} param={route.param} />
        </section>
      </main>
    </div>
  );
}
