// Options (DOM): the options page shell: a navigation of sections, one shown at a time, chosen by the URL fragment.
import { useEffect, useState } from "preact/hooks";
import type { Section } from "./sections/section";

function sectionFromHash(sections: readonly Section[]): Section {
  const id = location.hash.slice(1);
  return sections.find((s) => s.id === id) ?? sections[0]!;
}

export function OptionsApp({ sections }: { sections: readonly Section[] }) {
  const [current, setCurrent] = useState(() => sectionFromHash(sections));
  useEffect(() => {
    const onHash = () => setCurrent(sectionFromHash(sections));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [sections]);

  const headingId = `section-${current.id}`;
  return (
    <div class="options">
      <header class="masthead">
        <h1>Seedgate</h1>
        <nav aria-label="Settings sections">
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`} aria-current={s.id === current.id ? "page" : undefined}>
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        <section class="panel" aria-labelledby={headingId} key={current.id}>
          <current.Component headingId={headingId} />
        </section>
      </main>
    </div>
  );
}
