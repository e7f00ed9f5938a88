import { openVisitGrants, type SessionArea } from "./visits";

function memory(initial: Record<string, unknown> = {}): SessionArea & { data: Record<string, unknown> } {
  const data = { ...initial };
  return { data, get: async (k) => (k in data ? { [k]: data[k] } : {}), set: async (items) => void Object.assign(data, items) };
}

test("a visit lasts while a tab shows its site and ends when the last one closes or leaves", async () => {
  let open = [
    { id: 1, url: "https://www.a.example/watch" },
    { id: 2, url: "https://a.example/other" },
    { id: 3, url: "https://b.example/" },
  ];
  const ended: string[] = [];
  const area = memory();
  const visits = await openVisitGrants(area, async () => open, (site) => ended.push(site));
  await visits.grant("a.example");
  expect(area.data.visits).toEqual(["a.example"]);
  await visits.check(1); // tab 1 closing, tab 2 still shows the site
  expect(visits.has("a.example")).toBe(true);
  open = open.filter((t) => t.id !== 1).map((t) => (t.id === 2 ? { ...t, url: "https://c.example/" } : t)); // tab 2 left
  await visits.check();
  expect(ended).toEqual(["a.example"]);
  expect(visits.has("a.example")).toBe(false);
  expect(area.data.visits).toEqual([]);
});

test("a tab still listed while it closes does not keep the visit", async () => {
  const ended: string[] = [];
  const visits = await openVisitGrants(memory(), async () => [{ id: 7, url: "https://a.example/" }], (s) => ended.push(s));
  await visits.grant("a.example");
  await visits.check(7);
  expect(ended).toEqual(["a.example"]);
});

test("a restarted worker reads its visits back from the session area; a dropped visit ends without the ended call", async () => {
  const area = memory({ visits: ["a.example", "b.example", "not a site", 7] });
  const ended: string[] = [];
  const visits = await openVisitGrants(area, async () => [{ id: 1, url: "https://a.example/" }, { id: 2, url: "https://b.example/" }], (s) => ended.push(s));
  expect(visits.sites()).toEqual(["a.example", "b.example"]);
  await visits.drop("b.example");
  expect(area.data.visits).toEqual(["a.example"]);
  await visits.check();
  expect(ended).toEqual([]);
});
