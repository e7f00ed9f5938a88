// Node (jest unit): the i18n check finds what it promises to find, and the locale loader refuses disagreeing files.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { literalsIn } from "./i18n-check.mjs";
import { fakeI18n } from "./jest-i18n-setup";
import { loadLocales, toBrowserMessages } from "./locales.mjs";

describe("literalsIn", () => {
  it("flags JSX text, string expressions and read attributes, and nothing else", () => {
    const src = `export const A = () => (
      <div class="row" data-testid="x" aria-label="Close">
        Allow seeding
        {"Block P2P"}
        <input placeholder={"Search"} title={t("k")} />
        {" · "}{t("ok")}{count}
      </div>);`;
    expect(literalsIn(src).map((l) => l.text)).toEqual(['aria-label="Close"', "Allow seeding", "Block P2P", 'placeholder="Search"']);
  });
});

function locales(files: Record<string, Record<string, unknown>>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "seedgate-locales-"));
  for (const [file, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, "locales", file)), { recursive: true });
    writeFileSync(path.join(root, "locales", file), JSON.stringify(data));
  }
  return root;
}

describe("loadLocales", () => {
  it("merges areas and converts named parameters in alphabetical order", () => {
    const root = locales({ "en/a.json": { hi: "Hi {site} at {at}" }, "en/b.json": { bye: "Bye" }, "de/a.json": { hi: "{at}: Hallo {site}" }, "de/b.json": { bye: "Tschüss" } });
    const l = loadLocales(root);
    expect(Object.keys(l.de!)).toEqual(["hi", "bye"]);
    expect(toBrowserMessages(l.de!).hi).toEqual({ message: "$AT$: Hallo $SITE$", placeholders: { at: { content: "$1" }, site: { content: "$2" } } });
  });
  it("refuses a missing key, an extra key, other parameters and a duplicate", () => {
    expect(() => loadLocales(locales({ "en/a.json": { a: "A", b: "B" }, "de/a.json": { a: "A" } }))).toThrow('locales/de: "b" is missing');
    expect(() => loadLocales(locales({ "en/a.json": { a: "A" }, "de/a.json": { a: "A", z: "Z" } }))).toThrow('"z" is not in en');
    expect(() => loadLocales(locales({ "en/a.json": { a: "{n} A" }, "de/a.json": { a: "{m} A" } }))).toThrow("has parameters {m}, en has {n}");
    expect(() => loadLocales(locales({ "en/a.json": { a: "A" }, "en/b.json": { a: "A" } }))).toThrow('"a" is also defined in locales/en/a.json');
  });
});

describe("the shipped catalogues through the browsers' placeholder rules", () => {
  it("German speaks German", () => {
    expect(fakeI18n("de").getMessage("extDescription")).toMatch(/Sie entscheiden/);
  });
});
