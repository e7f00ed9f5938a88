// Pure: bounded retention. Only a prefix of the chain is ever removed (the oldest entries, by age and by count);
// the last removed entry becomes the checkpoint, and a `log-pruned` entry naming it is appended in the same
// step, so what remains verifies and a head cut later by someone else does not.
import type { Settings } from "../settings";
import { appendBatch } from "./chain";
import type { Digest } from "./canonical";
import type { Checkpoint, IsoTime, LogDraft, LogEntry } from "./entry";

export type RetentionPolicy = Settings["log"];

export interface PrunePlan {
  /** The last entry removed: the new checkpoint. */
  through: Checkpoint;
  removed: number;
}

export interface RetentionBounds {
  /** Entries up to this seq go for the count bound (room is kept for the `log-pruned` entry). */
  sizeThrough: number;
  /** Entries older than this go for the age bound (days of 24 hours). */
  keepFrom: IsoTime;
}

export function retentionBounds(lastSeq: number, now: Date, policy: RetentionPolicy): RetentionBounds {
  return {
    sizeThrough: lastSeq + 1 - policy.maxEntries,
    keepFrom: new Date(now.getTime() - policy.retentionDays * 86_400_000).toISOString(),
  };
}

/** Whether retention removes `e`, given that every entry before it is removed. */
export const isDropped = (e: Pick<LogEntry, "seq" | "time">, b: RetentionBounds): boolean => e.seq <= b.sizeThrough || e.time < b.keepFrom;

/** The `log-pruned` entry that goes with `plan`. */
export function prunedDraft(plan: PrunePlan, now: Date, policy: RetentionPolicy): LogDraft {
  return {
    time: now.toISOString(),
    site: null,
    frameOrigin: null,
    tab: null,
    type: "log-pruned",
    details: { through: { seq: plan.through.seq, hash: plan.through.hash }, removed: plan.removed, retentionDays: policy.retentionDays, maxEntries: policy.maxEntries },
  };
}

/** The removal retention makes on `oldestFirst` (a chain's entries in order), or null when it keeps them all. */
export function planPrune(oldestFirst: readonly LogEntry[], now: Date, policy: RetentionPolicy): PrunePlan | null {
  const last = oldestFirst.at(-1);
  if (!last) return null;
  const bounds = retentionBounds(last.seq, now, policy);
  let n = 0;
  while (n < oldestFirst.length && isDropped(oldestFirst[n]!, bounds)) n++;
  const through = oldestFirst[n - 1];
  return through ? { through: { seq: through.seq, hash: through.hash }, removed: n } : null;
}

/** Retention on an in-memory chain: what remains (with the `log-pruned` entry appended) and its checkpoint. */
export async function pruneChain(
  oldestFirst: readonly LogEntry[],
  checkpoint: Checkpoint | null,
  now: Date,
  policy: RetentionPolicy,
  digest: Digest,
): Promise<{ entries: LogEntry[]; checkpoint: Checkpoint | null; plan: PrunePlan | null }> {
  const plan = planPrune(oldestFirst, now, policy);
  if (!plan) return { entries: [...oldestFirst], checkpoint, plan };
  const last = oldestFirst.at(-1)!;
  const record = await appendBatch({ seq: last.seq, hash: last.hash }, [prunedDraft(plan, now, policy)], digest);
  return { entries: [...oldestFirst.slice(plan.removed), ...record], checkpoint: plan.through, plan };
}
