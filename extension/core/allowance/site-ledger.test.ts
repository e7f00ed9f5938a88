import { SiteLedger } from "./site-ledger";

function setup(limit: (received: number) => number | null, chunk = 100) {
  const log: string[] = [];
  let t = 0;
  const ledger = new SiteLedger<string>(
    {
      grant: (f, b, p) => log.push(`grant ${f} ${b} pool ${p}`),
      exhausted: (f, p) => log.push(`exhausted ${f} pool ${p}`),
      recall: (f) => log.push(`recall ${f}`),
    },
    { limit, chunk, recallTimeoutMs: 1000, now: () => t },
  );
  return { ledger, log, advance: (ms: number) => (t += ms) };
}

describe("SiteLedger", () => {
  it("grants at least what is needed, in chunks, and never more than the pool", () => {
    const { ledger, log } = setup(() => 250);
    ledger.request("A", 10);
    ledger.request("A", 10);
    ledger.request("A", 200);
    expect(log).toEqual(["grant A 100 pool 150", "grant A 75 pool 75", "exhausted A pool 75"]);
    expect(ledger.outstanding).toBe(175);
  });

  it("is unlimited when the limit is null", () => {
    const { ledger, log } = setup(() => null);
    ledger.request("A", 5000);
    expect(log).toEqual(["grant A 5000 pool Infinity"]);
  });

  it("recalls other frames' leases before refusing, then serves the waiter", () => {
    const { ledger, log } = setup(() => 100, 100);
    ledger.request("A", 100);
    ledger.request("B", 16);
    expect(log).toEqual(["grant A 100 pool 0", "recall A"]);
    ledger.report("A", 50, 0);
    ledger.giveBack("A", 50);
    expect(log.at(-1)).toBe("grant B 25 pool 25"); // a fair share, so A can ask again without another recall
    expect(ledger.spent + ledger.outstanding + ledger.pool).toBe(100);
  });

  it("refuses only when the whole site has less than the need", () => {
    const { ledger, log } = setup(() => 100, 100);
    ledger.request("A", 100);
    ledger.report("A", 90, 0);
    ledger.request("B", 16);
    ledger.giveBack("A", 10);
    expect(log).toEqual(["grant A 100 pool 0", "recall A", "exhausted B pool 10"]);
  });

  it("stops waiting for a frame that does not answer a recall", () => {
    const { ledger, log, advance } = setup(() => 100, 100);
    ledger.request("A", 100);
    ledger.request("B", 1);
    advance(1500);
    ledger.serve();
    // A's lease still counts as the site's (A may yet give it back), but B is not kept waiting for it.
    expect(log).toEqual(["grant A 100 pool 0", "recall A", "exhausted B pool 100"]);
  });

  it("tells each frame what is left beyond its own lease", () => {
    const { ledger } = setup(() => 300, 100);
    ledger.request("A", 100);
    ledger.request("B", 50);
    expect([ledger.leaseOf("A"), ledger.leaseOf("B")]).toEqual([100, 100]);
    expect([ledger.poolFor("A"), ledger.poolFor("B"), ledger.poolFor("C")]).toEqual([200, 200, 300]);
  });

  it("counts a departed frame's unreturned lease as spent", () => {
    const { ledger } = setup(() => 100, 100);
    ledger.request("A", 10); // a share of the pool: 50
    ledger.report("A", 5, 0);
    ledger.leave("A");
    expect(ledger.spent).toBe(50);
    expect(ledger.pool).toBe(50);
  });

  it("grows the download-only bound with received bytes and serves waiters when it does", () => {
    const { ledger, log } = setup((received) => 64 + Math.floor(received * 0.02), 10);
    ledger.request("A", 64);
    ledger.report("A", 64, 0);
    ledger.request("A", 10);
    expect(log).toEqual(["grant A 64 pool 0", "exhausted A pool 0"]);
    ledger.report("A", 0, 1000); // +20
    expect(ledger.pool).toBe(20);
    ledger.request("A", 10);
    expect(log.at(-1)).toBe("grant A 10 pool 10");
  });

  it("reports sends beyond the lease as overdraft and still charges them", () => {
    const { ledger } = setup(() => 100);
    ledger.request("A", 10); // a share of the pool: 50
    expect(ledger.report("A", 130, 0).overdraft).toBe(80);
    expect(ledger.spent).toBe(130);
    expect(ledger.pool).toBe(0);
  });

  it("resumes from what was committed: leases out at a restart count as spent", () => {
    const { ledger } = setup(() => 100, 30);
    ledger.request("A", 10);
    ledger.report("A", 5, 40);
    const saved = { committed: ledger.committed, received: ledger.received };
    expect(saved).toEqual({ committed: 30, received: 40 });
    const { ledger: again, log } = setup(() => 100, 30);
    again.restore(saved.committed, saved.received);
    expect(again.left).toBe(70);
    again.request("B", 80);
    expect(log).toEqual(["exhausted B pool 70"]);
  });
});

describe("SiteLedger: probation (hold instead of refuse)", () => {
  it("holds a request the site's allowance cannot cover, asks for a judgement, and answers it under the new limit", () => {
    let probation = true;
    const held: string[] = [];
    const log: string[] = [];
    const ledger = new SiteLedger<string>(
      {
        grant: (f, b, p) => log.push(`grant ${f} ${b} pool ${p}`),
        exhausted: (f, p) => log.push(`exhausted ${f} pool ${p}`),
        recall: (f) => log.push(`recall ${f}`),
        held: (f, need, committed) => held.push(`${f} ${need} ${committed}`),
      },
      { limit: () => (probation ? 300 : 64), chunk: 100, hold: () => probation },
    );
    // Two frames of the site (two tabs, or a tab and an iframe) spend one allowance.
    ledger.request("A", 100);
    ledger.request("B", 100);
    ledger.report("A", 100, 0);
    ledger.report("B", 100, 0);
    ledger.request("A", 100);
    expect(log).toEqual(["grant A 100 pool 200", "grant B 100 pool 200", "grant A 100 pool 0"]);
    ledger.report("A", 100, 0);
    // B gave its lease back: spent 300 = the allowance; a one-byte request is held, not refused.
    ledger.giveBack("B", 0);
    ledger.request("B", 1);
    expect(log.slice(3)).toEqual([]);
    expect(held).toEqual(["B 1 300"]);
    // Judged: the default's bound (64) applies, and the site already spent more: refused from now on.
    probation = false;
    ledger.serve();
    expect(log.slice(3)).toEqual(["exhausted B pool 0"]);
  });
});

describe("SiteLedger: settled leases", () => {
  it("a frame that moved on may report what it spent of its settled lease and give the rest back, never more", () => {
    const { ledger } = setup(() => 1000);
    ledger.request("A", 10); // lease 100
    ledger.leave("A"); // settled: counted as spent, 100 of credit
    expect(ledger.committed).toBe(100);
    expect(ledger.credit).toBe(100);
    expect(ledger.reportSettled(30)).toEqual({ overdraft: 0 });
    ledger.giveBackSettled(500); // claims more than it held: only the 70 left come back
    expect(ledger.committed).toBe(30);
    expect(ledger.credit).toBe(0);
    expect(ledger.reportSettled(5)).toEqual({ overdraft: 5 });
    expect(ledger.committed).toBe(35);
  });

  it("after a restart the leases out become credit (restore), so frames can hand them back", () => {
    const { ledger } = setup(() => 1000);
    ledger.request("A", 10);
    ledger.request("B", 10);
    ledger.report("A", 40, 0);
    const saved = { committed: ledger.committed, credit: ledger.creditAfterRestore };
    expect(saved).toEqual({ committed: 200, credit: 160 });
    const { ledger: next } = setup(() => 1000);
    next.restore(saved.committed, 0, saved.credit);
    next.reportSettled(10);
    next.giveBackSettled(50); // A's rest
    next.giveBackSettled(100); // B's whole lease
    expect(next.committed).toBe(50);
    expect(next.credit).toBe(0);
  });
});

describe("SiteLedger: rate limit", () => {
  it("grants no faster than the rate: a burst at once, then the rest as the bucket refills", async () => {
    const { RateShaper } = await import("./rate-shaper");
    const log: string[] = [];
    const later: number[] = [];
    let t = 0;
    const shaper = new RateShaper({ rateBps: 1000 }, 0); // bucket of 1000 bytes
    const ledger = new SiteLedger<string>(
      {
        grant: (f, b) => log.push(`grant ${f} ${b}`),
        exhausted: (f) => log.push(`exhausted ${f}`),
        recall: () => {},
        later: (ms) => later.push(ms),
      },
      { limit: () => null, chunk: 4000, now: () => t, shaper: () => shaper },
    );
    ledger.request("A", 600);
    expect(log).toEqual(["grant A 1000"]); // the whole bucket (less than the 4000 chunk)
    ledger.request("A", 500);
    expect(log).toHaveLength(1);
    expect(later).toEqual([500]); // 500 bytes at 1000 B/s
    t = 100;
    ledger.serve();
    expect(log).toHaveLength(1);
    t = 500;
    ledger.serve();
    expect(log).toEqual(["grant A 1000", "grant A 500"]);
    // Over 10 s of asking for all it can get, at most bucket + rate x time goes out.
    let granted = 1500;
    for (t = 100; t <= 10_100; t += 100) {
      ledger.request("A", 1);
      ledger.serve();
    }
    granted = log.slice(2).reduce((a, l) => a + Number(l.split(" ")[2]), granted);
    expect(granted).toBeLessThanOrEqual(1000 + 1000 * 10.1);
    expect(granted).toBeGreaterThanOrEqual(1000 * 10);
  });

  it("a message larger than the bucket goes once its excess is earned; rate 0 refuses", async () => {
    const { RateShaper } = await import("./rate-shaper");
    const log: string[] = [];
    let t = 0;
    let shaper = new RateShaper({ rateBps: 1000 }, 0);
    const ledger = new SiteLedger<string>(
      { grant: (f, b) => log.push(`grant ${f} ${b}`), exhausted: (f) => log.push(`exhausted ${f}`), recall: () => {} },
      { limit: () => null, now: () => t, shaper: () => shaper },
    );
    ledger.request("A", 3000);
    expect(log).toEqual([]);
    t = 1999;
    ledger.serve();
    expect(log).toEqual([]);
    t = 2000;
    ledger.serve();
    expect(log).toEqual(["grant A 3000"]);
    shaper = new RateShaper({ rateBps: 0 }, t);
    ledger.request("A", 10);
    expect(log.at(-1)).toBe("exhausted A");
  });
});
