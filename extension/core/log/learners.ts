// Pure: "who learned my IP address" on a site: the distinct remote addresses of its `connection-opened` entries,
// each with its ports, when it was first and last seen and how many connections it had; newest first.
import type { Learner } from "../../shared/ui-messages";
import type { LogEntry } from "./entry";

export function learnersOf(entries: Iterable<LogEntry>): Learner[] {
  const by = new Map<string, Learner>();
  for (const e of entries) {
    if (e.type !== "connection-opened" || !e.details.remote) continue;
    const r = e.details.remote;
    const address = r.address ?? "(address not revealed by the browser)";
    const l = by.get(address) ?? { address, ports: [], candidateType: r.candidateType, first: e.time, last: e.time, connections: 0 };
    l.connections++;
    if (!l.ports.includes(r.port)) l.ports.push(r.port);
    if (e.time < l.first) l.first = e.time;
    if (e.time > l.last) l.last = e.time;
    by.set(address, l);
  }
  return [...by.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : a.address.localeCompare(b.address)));
}
