/** @jest-environment jsdom */
// RealmList (issue 12): values live as long as their `life` object and no longer; order, drops and growth.
// Checked to fail with the list holding its keys strongly (refs of the keys themselves instead of WeakRefs):
// "a value goes with its life object" then still finds the value after the collections.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { RealmList } from "./realm-list";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
/** A collection after the current job (a WeakRef's target is kept until the job that made or read it ends). */
const collect = async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
};

const values = <V>(list: RealmList<V>): V[] => {
  const out: V[] = [];
  list.each((v) => out.push(v));
  return out;
};

test("each visits the live values in the order added; a value whose call throws is dropped", () => {
  const lives = Array.from({ length: 40 }, () => ({}));
  const list = new RealmList<number>();
  lives.forEach((life, i) => list.add(life, i));
  expect(values(list)).toEqual(lives.map((_, i) => i));
  list.each((v) => {
    if (v % 2) throw new Error("a realm that went away");
  });
  expect(values(list)).toEqual(lives.map((_, i) => i).filter((i) => i % 2 === 0));
  expect(list.size).toBe(20);
});

test("values added while each runs are kept after the visited ones", () => {
  const keep: object[] = [{}, {}];
  const list = new RealmList<string>();
  list.add(keep[0]!, "a");
  list.each(() => {
    const life = {};
    keep.push(life);
    list.add(life, "added");
  });
  list.add(keep[1]!, "b");
  expect(values(list)).toEqual(["a", "added", "b"]);
});

test("a value goes with its life object, and its entry with it", async () => {
  const list = new RealmList<{ big: number[] }>();
  const kept = {};
  list.add(kept, { big: [1] });
  (() => {
    for (let i = 0; i < 50; i++) list.add({}, { big: new Array(1000).fill(i) });
  })();
  await collect();
  expect(values(list)).toEqual([{ big: [1] }]);
  expect(list.size).toBe(1);
  expect(kept).toBeDefined();
});
