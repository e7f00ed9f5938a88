// Isolated world, top frame: whether the connection is metered, from `navigator.connection` as the isolated world
// sees it (`saveData`, or `type: "cellular"` where the browser exposes `type`: Android, ChromeOS; not Linux
// desktop, not Firefox). Read here rather than in the guard: the page shares the guard's world and could make
// `NetworkInformation.prototype` answer anything there, but it cannot reach this world's view. Reported with the
// frame's hello and again on each `change` of the connection (only when the answer changed).

interface Connection extends EventTarget {
  saveData?: boolean;
  type?: string;
}

/** Starts watching; `now()` is the current answer, null where the browser has no `navigator.connection`. */
export function watchMetered(report: (metered: boolean) => void): { now(): boolean | null } {
  const connection = (navigator as Navigator & { connection?: Connection }).connection;
  if (!connection) return { now: () => null };
  const read = () => connection.saveData === true || connection.type === "cellular";
  let last = read();
  connection.addEventListener("change", () => {
    const m = read();
    if (m === last) return;
    last = m;
    report(m);
  });
  return { now: () => last };
}
