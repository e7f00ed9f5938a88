// Background: returns allowed sites to undecided when their expiry passes, and ends the global pause at its time
// (core/pause.ts), through the settings store, so every open page hears `change` and the request header follows
// (the store's listeners do both).
// A timer for the next expiry (at most an hour ahead: timers drift across sleep) and a sweep at every start.
import { expireRules, nextExpiry } from "../core/expiry";
import { endPause, nextPauseEnd } from "../core/pause";
import type { Settings } from "../core/settings";
import type { SettingsStore } from "./settings-store";

export function scheduleExpiry(store: SettingsStore, now: () => Date = () => new Date()): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const due = (s: Settings): Settings | null => {
    const expired = expireRules(s, now())?.settings ?? null;
    return endPause(expired ?? s, now()) ?? expired;
  };
  const sweep = () => {
    if (due(store.userSettings)) void store.update((s) => due(s) ?? s);
  };
  const plan = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const times = [nextExpiry(store.userSettings), nextPauseEnd(store.userSettings)].filter((t): t is number => t !== null);
    if (times.length === 0) return;
    const at = Math.min(...times);
    timer = setTimeout(() => {
      timer = null;
      sweep();
      plan();
    }, Math.min(Math.max(0, at - now().getTime()) + 5, 3_600_000));
  };
  store.onChange(plan);
  sweep();
  plan();
}
