import { utf8Length } from "./byte-size";

describe("utf8Length", () => {
  it.each([
    ["", 0],
    ["abc", 3],
    ["é", 2],
    ["€", 3],
    ["😀", 4],
    ["a😀b", 6],
    ["\ud800", 3],
    ["\udc00x", 4],
    ["\ud800\ud800", 6],
  ])("%j is %i bytes, as TextEncoder says", (s, n) => {
    expect(utf8Length(s)).toBe(n);
    expect(new TextEncoder().encode(s).length).toBe(n);
  });

  it("matches TextEncoder on random strings", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 200; k++) {
      let s = "";
      for (let i = 0; i < 50; i++) s += String.fromCharCode(Math.floor(rnd() * 0x10000));
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }
  });

  it("reads code units through the function it is given", () => {
    const seen: number[] = [];
    expect(utf8Length("aé", (s, i) => (seen.push(i), s.charCodeAt(i)))).toBe(3);
    expect(seen).toEqual([0, 1]);
  });
});
