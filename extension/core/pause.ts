// Pure: the global pause ("Block P2P everywhere"): every site's mode is block until a time, or until the user turns
// it off. It is a stored setting (a restarted worker or browser keeps it) that ends by itself at `until`; the
// background sweeps it at that moment and at every start, like an expiring allow (core/expiry.ts).
import type { DecidedBy, Settings } from "./settings";

/** What the UIs show: `active` with `until` null means until the user turns it back on. */
export interface PauseState {
  active: boolean;
  until: string | null;
}

/** The stored form: who paused, for the log's decision entries. */
export interface PauseSetting extends PauseState {
  by: DecidedBy;
}

export const NO_PAUSE: PauseSetting = Object.freeze({ active: false, until: null, by: "popup" });

export class PauseError extends Error {
  override readonly name = "PauseError";
}

/**
 * The pause a `pause/set` request asks for: `until` a future ISO time, or `untilResumed` (with `until` null) until
 * turned back on; `until` null without `untilResumed` resumes. Throws a PauseError saying what is wrong.
 */
export function requestedPause(req: { until: string | null; untilResumed?: boolean }, by: DecidedBy, now: Date): PauseSetting {
  if (req.untilResumed === true) {
    if (req.until !== null) throw new PauseError("A pause is either until a time or until turned back on, not both.");
    return { active: true, until: null, by };
  }
  if (req.until === null) return { ...NO_PAUSE, by };
  const at = Date.parse(req.until);
  if (!Number.isFinite(at) || at <= now.getTime()) throw new PauseError("A pause must end in the future.");
  return { active: true, until: new Date(at).toISOString(), by };
}

/** Whether the pause is in force at `now` (a pause whose time has come is over, even before the sweep). */
export function isPaused(pause: PauseState, now: Date): boolean {
  return pause.active && (pause.until === null || Date.parse(pause.until) > now.getTime());
}

export function pauseView(pause: PauseState): PauseState {
  return { active: pause.active, until: pause.active ? pause.until : null };
}

/** The settings with a pause whose time has come turned off; null when nothing ended. */
export function endPause(settings: Settings, now: Date): Settings | null {
  const p = settings.pause;
  if (!p.active || isPaused(p, now)) return null;
  return { ...settings, pause: { ...NO_PAUSE, by: p.by } };
}

/** When the pause ends by itself (ms since the epoch), or null. */
export function nextPauseEnd(settings: Settings): number | null {
  const p = settings.pause;
  if (!p.active || p.until === null) return null;
  const at = Date.parse(p.until);
  return Number.isFinite(at) ? at : null;
}
