// MAIN world: the guard's adoption hooks as only a guard can define them (shared/handshake.ts ADOPT_CHILD_KEY,
// ADOPTED_KEY): an own, non-configurable data property holding a function. Named access (`<html id=...>`, a named
// frame) gives no own property of the window, so markup cannot forge one. Used by early.ts (the bundle's first
// lines) for the parent's hook, in a realm no page code has run in yet; a reused global, where page code has run,
// is read without any of its built-ins (early.ts, loadedIntoGuardedGlobal).
const gopd = Object.getOwnPropertyDescriptor;

/** The function a guard defined on `win` under `key`, or null. */
export function ownHook(win: Window, key: string): ((...a: unknown[]) => unknown) | null {
  try {
    const d = gopd(win, key);
    return d && !d.configurable && "value" in d && typeof d.value === "function" ? (d.value as (...a: unknown[]) => unknown) : null;
  } catch {
    return null;
  }
}
