import { UploadGate, type Queued } from "./upload-gate";

function setup() {
  const log: string[] = [];
  const io = {
    requestLease: (need: number) => log.push(`request ${need}`),
    returnLease: (bytes: number) => log.push(`return ${bytes}`),
    deliver: (q: Queued<string>) => log.push(`deliver ${q.channel}:${q.size}`),
    drop: (q: Queued<string>) => log.push(`drop ${q.channel}:${q.size}`),
  };
  return { gate: new UploadGate<string>(io), log };
}

describe("UploadGate", () => {
  it("fails closed until the policy is known: sends wait, nothing is requested or refused", () => {
    const { gate, log } = setup();
    expect(gate.offer("a", "x", 10)).toBe("queue");
    expect(gate.queuedFor("a")).toBe(10);
    expect(log).toEqual([]);
    gate.setEnforcement("leased");
    expect(log).toEqual(["request 10"]);
    gate.grant(100, 0);
    expect(log).toEqual(["request 10", "deliver a:10"]);
    expect(gate.lease).toBe(90);
  });

  it("lets everything through when open, and releases what waited", () => {
    const { gate, log } = setup();
    gate.offer("a", "x", 5);
    gate.setEnforcement("open");
    expect(log).toEqual(["deliver a:5"]);
    expect(gate.offer("a", "y", 1e9)).toBe("send");
  });

  it("refuses everything and drops what waited when blocked", () => {
    const { gate, log } = setup();
    gate.offer("a", "x", 5);
    gate.setEnforcement("block");
    expect(log).toEqual(["drop a:5"]);
    expect(gate.offer("a", "y", 1)).toBe("refuse");
  });

  it("sends from the lease without asking, exactly down to zero", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.grant(32, 0);
    expect(gate.offer("a", "x", 16)).toBe("send");
    expect(gate.offer("a", "x", 16)).toBe("send");
    expect(gate.lease).toBe(0);
    expect(gate.offer("a", "x", 1)).toBe("refuse");
    expect(log).toEqual([]);
  });

  it("on probation, holds a send beyond the lease and the site's pool (the background judges) instead of refusing it", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.probation = true;
    gate.grant(32, 0);
    expect(gate.offer("a", "x", 32)).toBe("send");
    expect(gate.offer("a", "x", 16)).toBe("queue");
    expect(gate.offer("b", "y", 1e6)).toBe("queue");
    expect(log).toEqual(["request 16"]);
    // Judged: the site now runs on its default's bound, and the background refuses what it cannot cover.
    gate.probation = false;
    gate.exhausted(0);
    expect(log).toEqual(["request 16", "drop a:16", "drop b:1000000"]);
    expect(gate.offer("a", "x", 1)).toBe("refuse");
  });

  it("queues a send the lease does not cover while the pool could, preserving order across channels", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.grant(10, 1000);
    expect(gate.offer("a", "1", 16)).toBe("queue");
    expect(gate.offer("b", "2", 4)).toBe("queue"); // behind the first, although the lease covers it
    expect(log).toEqual(["request 6"]); // what is missing for the whole queue
    gate.grant(10, 990);
    expect(log).toEqual(["request 6", "deliver a:16", "deliver b:4"]);
    expect(gate.lease).toBe(0);
  });

  it("refuses at once when neither lease nor pool can cover the send", () => {
    const { gate } = setup();
    gate.setEnforcement("leased");
    gate.grant(10, 5);
    expect(gate.offer("a", "x", 16)).toBe("refuse");
    expect(gate.offer("a", "x", 15)).toBe("queue");
  });

  it("drops only the queued sends the site cannot cover when it runs out", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.grant(0, 100);
    gate.offer("a", "1", 30);
    gate.offer("a", "2", 30);
    gate.grant(40, 0); // covers the first only
    gate.exhausted(0);
    expect(log).toEqual(["request 30", "deliver a:30", "request 20", "drop a:30"]);
    expect(gate.lease).toBe(10);
    expect(gate.waiting).toBe(0);
  });

  it("always answers a recall with everything it holds, and asks again for what it still waits for", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.grant(50, 0);
    gate.recall();
    expect(log).toEqual(["return 50"]);
    expect(gate.lease).toBe(0);
    gate.grant(5, 100);
    gate.offer("a", "x", 10);
    gate.recall();
    expect(gate.lease).toBe(0);
    expect(log).toEqual(["return 50", "request 5", "return 5", "request 10"]);
  });

  it("asks again when the pool grows while sends wait", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.grant(0, 100);
    gate.offer("a", "x", 50);
    gate.exhausted(10);
    expect(log).toEqual(["request 50", "drop a:50"]);
    gate.offer("a", "y", 5);
    gate.exhausted(0); // nothing waits that the lease cannot cover
    expect(gate.offer("a", "z", 5)).toBe("refuse");
    gate.setPool(60);
    expect(gate.offer("a", "z", 50)).toBe("queue");
  });

  it("refuses at once a send that would take the queue past what the site has left", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.grant(32, 32); // 64 left in all
    expect(gate.offer("a", "1", 16)).toBe("send");
    expect(gate.offer("a", "2", 16)).toBe("send");
    expect(gate.offer("a", "3", 16)).toBe("queue");
    expect(gate.offer("a", "4", 16)).toBe("queue");
    expect(gate.offer("a", "5", 16)).toBe("refuse");
    expect(log).toEqual(["request 16"]); // only the head's shortfall
  });

  it("prefetches a lease while it runs low, never while a request is out or nothing is left", () => {
    const { gate, log } = setup();
    gate.prefetch(100);
    gate.setEnforcement("leased");
    gate.grant(0, 1000);
    gate.prefetch(100);
    expect(log).toEqual([]); // never sent: holds nothing
    gate.grant(10, 1000);
    expect(gate.offer("a", "x", 10)).toBe("send");
    gate.prefetch(100);
    gate.prefetch(100);
    expect(log).toEqual(["request 1"]);
    gate.grant(500, 500);
    gate.prefetch(100);
    expect(log).toEqual(["request 1"]);
    gate.exhausted(0);
    gate.lease = 0;
    gate.prefetch(100);
    expect(log).toEqual(["request 1"]);
  });

  it("gives its whole lease back when the frame goes away", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.grant(100, 0);
    gate.offer("a", "x", 30);
    gate.release();
    expect(log).toEqual(["return 70"]);
    expect(gate.lease).toBe(0);
  });

  it("asks again after its lease is reset, even with a request that was lost", () => {
    const { gate, log } = setup();
    gate.setEnforcement("leased");
    gate.grant(0, 100);
    gate.offer("a", "x", 10); // request 10 goes out, and the background dies with it
    gate.resetLease();
    gate.setEnforcement("leased");
    expect(log).toEqual(["request 10", "request 10"]);
  });
});
