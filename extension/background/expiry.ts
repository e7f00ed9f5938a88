// Background: returns allowed sites to undecided when their expiry passes, through the settings store, so every
// open page of the site hears `change` and the request header follows (the store's listeners do both).
// A timer for the next expiry (at most an hour ahead: timers drift across sleep) and a sweep at every start.
import { expireRules, nextExpiry } from "../core/expiry";
import type { SettingsStore } from "./settings-store";

export function scheduleExpiry(store: SettingsStore, now: () => Date = () => new Date()): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const sweep = () => {
    if (expireRules(store.userSettings, now())) void store.update((s) => expireRules(s, now())?.settings ?? s);
  };
  const plan = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const at = nextExpiry(store.userSettings);
    if (at === null) return;
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
