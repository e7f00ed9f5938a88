import { MessageThrottle } from "./message-throttle";

describe("MessageThrottle", () => {
  it("allows a burst, then the steady rate", () => {
    const r = new MessageThrottle({ perSecond: 10, burst: 3 });
    expect([r.take(0), r.take(0), r.take(0), r.take(0)]).toEqual([true, true, true, false]);
    expect(r.take(50)).toBe(false);
    expect(r.take(100)).toBe(true);
    expect(r.take(10_000)).toBe(true);
    expect([r.take(10_000), r.take(10_000), r.take(10_000)]).toEqual([true, true, false]);
  });
});
