// Node (scripts/bench.mjs): books the time of a V8 CPU profile (CDP Profiler) to the extension's scripts.
// The direct view of what the guard costs inside a timed loop of the bench page, next to the with/without
// wall-clock difference (which on a busy 2-core machine is often lost in noise).
//
// A sample counts for the extension when it falls inside the named loop function of the bench page and its
// stack holds an extension script (chrome-extension://ID/...), with two exclusions, both native work the page
// would do anyway:
// - the wrapped native itself (`send`, `appendChild`) called by the extension's wrapper;
// - the wrapper's own self time: V8 books part of a native call's time to its JS caller (measured: a baseline
//   page's loop function shows ~20% of appendChild's time as self time), so that slice is ambiguous. It is
//   reported separately and not counted.
// Not seen at all: compiling the content scripts and Chromium's injection machinery outside JS. Sampling slows
// JS down, so absolute times run higher than in an unprofiled run; the split by script is the reliable part.

/** @returns {{ counted: number, byScript: Record<string, number>, ambiguous: number, loop: number, samples: number }} ms */
export function attribute(profile, { extensionOrigin, loop, wrapped }) {
  const nodes = new Map();
  const parent = new Map();
  for (const n of profile.nodes) nodes.set(n.id, n);
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const isExt = (n) => n.callFrame.url.startsWith(extensionOrigin);
  const isWrapped = (n) => n.callFrame.url === "" && n.callFrame.functionName === wrapped;
  const isLoop = (n) => n.callFrame.functionName === loop && !isExt(n);

  // Each sample lasts until the next one.
  const { samples, timeDeltas } = profile;
  const stamps = [];
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) stamps.push((t += timeDeltas[i]));
  const out = { counted: 0, byScript: {}, ambiguous: 0, loop: 0, samples: 0 };
  for (let i = 0; i < samples.length; i++) {
    const ms = ((i + 1 < samples.length ? stamps[i + 1] : profile.endTime) - stamps[i]) / 1000;
    const path = [];
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) path.push(nodes.get(id)); // leaf first
    if (!path.some(isLoop)) continue;
    out.loop += ms;
    out.samples++;
    const deepest = path.findIndex(isExt);
    if (deepest < 0) continue;
    if (path.slice(0, deepest).some(isWrapped)) continue;
    const ext = path[deepest];
    if (deepest === 0 && (ext.children ?? []).some((c) => isWrapped(nodes.get(c)))) {
      out.ambiguous += ms;
      continue;
    }
    const script = ext.callFrame.url.slice(extensionOrigin.length).replace(/^\//, "");
    out.byScript[script] = (out.byScript[script] ?? 0) + ms;
    out.counted += ms;
  }
  return out;
}

/**
 * The whole profile, not one loop: ms of samples whose stack holds an extension script (minus the wrapped native
 * below it, and minus the ambiguous wrapper self time, as above), and ms of every sample that is not idle (the
 * page's main thread busy at all, for scale). For work spread over event handlers, such as a throughput run whose
 * sends happen in `bufferedamountlow` handlers and whose receipts the guard counts in its own listener.
 * @returns {{ counted: number, byScript: Record<string, number>, ambiguous: number, busy: number }} ms
 */
export function attributeAll(profile, { extensionOrigin, wrapped }) {
  const nodes = new Map();
  const parent = new Map();
  for (const n of profile.nodes) nodes.set(n.id, n);
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const isExt = (n) => n.callFrame.url.startsWith(extensionOrigin);
  const isWrapped = (n) => n.callFrame.url === "" && n.callFrame.functionName === wrapped;
  const { samples, timeDeltas } = profile;
  const stamps = [];
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) stamps.push((t += timeDeltas[i]));
  const out = { counted: 0, byScript: {}, ambiguous: 0, busy: 0 };
  for (let i = 0; i < samples.length; i++) {
    const ms = ((i + 1 < samples.length ? stamps[i + 1] : profile.endTime) - stamps[i]) / 1000;
    const leaf = nodes.get(samples[i]);
    if (leaf.callFrame.functionName === "(idle)") continue;
    out.busy += ms;
    const path = [];
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) path.push(nodes.get(id));
    const deepest = path.findIndex(isExt);
    if (deepest < 0) continue;
    if (path.slice(0, deepest).some(isWrapped)) continue;
    const ext = path[deepest];
    if (deepest === 0 && (ext.children ?? []).some((c) => isWrapped(nodes.get(c)))) {
      out.ambiguous += ms;
      continue;
    }
    const script = ext.callFrame.url.slice(extensionOrigin.length).replace(/^\//, "");
    out.byScript[script] = (out.byScript[script] ?? 0) + ms;
    out.counted += ms;
  }
  return out;
}
