import { MIGRATIONS, SCHEMA_VERSION, toV1, toV2, withKeys } from "./settings-migrations";
import type { PlainObject } from "./plain-data";

const plain = (o: object): PlainObject => Object.assign(Object.create(null) as PlainObject, o);

describe("the migration chain", () => {
  test("has exactly one migration for each version 1..SCHEMA_VERSION", () => {
    const table = MIGRATIONS as Record<number, unknown>;
    expect(Object.keys(MIGRATIONS).map(Number)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    for (let v = 1; v <= SCHEMA_VERSION; v++) expect(typeof table[v]).toBe("function");
  });

  test("each migration stamps the version it produces and leaves its input alone", () => {
    const table = MIGRATIONS as Record<number, (s: PlainObject) => PlainObject>;
    for (let v = 1; v <= SCHEMA_VERSION; v++) {
      const input = plain({ schemaVersion: v - 1 });
      const out = table[v]!(input);
      expect(out.schemaVersion).toBe(v);
      expect(input.schemaVersion).toBe(v - 1);
    }
  });
});

describe("toV1", () => {
  test.each<[string, object, object]>([
    ["empty storage (first run)", {}, { schemaVersion: 1 }],
    ["unversioned settings keep their keys", { defaults: { undecided: "block" } }, { defaults: { undecided: "block" }, schemaVersion: 1 }],
  ])("%s", (_name, input, expected) => {
    expect(toV1(plain(input))).toEqual(expected);
  });
});

describe("withKeys", () => {
  test("copies __proto__ as an own key without touching any prototype", () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":1}}') as PlainObject;
    const out = withKeys(hostile, { schemaVersion: 1 });
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(Object.keys(out).sort()).toEqual(["__proto__", "schemaVersion"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("toV2", () => {
  test.each<[string, object, object]>([
    ["v1's default for private windows becomes follow", { schemaVersion: 1, privateWindows: { mode: "download-only" } }, { schemaVersion: 2, privateWindows: { mode: "follow" } }],
    ["another private-window rule is kept", { schemaVersion: 1, privateWindows: { mode: "block" } }, { schemaVersion: 2, privateWindows: { mode: "block" } }],
    ["no private-window key: the new default applies", { schemaVersion: 1 }, { schemaVersion: 2 }],
    ["a malformed key is left for validation", { schemaVersion: 1, privateWindows: "x" }, { schemaVersion: 2, privateWindows: "x" }],
  ])("%s", (_name, input, expected) => {
    expect(JSON.parse(JSON.stringify(toV2(plain(input))))).toEqual(expected);
  });
});
