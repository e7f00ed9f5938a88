import { coalescedWrite } from "./coalesced-write";

test("saves asked for during a write fold into one more write of the state as it is then", async () => {
  let state = 0;
  const stored: number[] = [];
  const release: (() => void)[] = [];
  const save = coalescedWrite(() => {
    const snapshot = state;
    return new Promise<void>((resolve) => release.push(() => (stored.push(snapshot), resolve())));
  });
  state = 1;
  const first = save();
  state = 2;
  const second = save();
  state = 3;
  const third = save();
  expect(release).toHaveLength(1);
  let laterDone = false;
  void third.then(() => (laterDone = true));
  release.shift()!();
  await first;
  await new Promise((r) => setTimeout(r, 0));
  // One more write for both later saves; neither resolves before it lands.
  expect(release).toHaveLength(1);
  expect(laterDone).toBe(false);
  release.shift()!();
  await Promise.all([second, third]);
  expect(stored).toEqual([1, 3]);
});
