// Popup and options (DOM): load data from the background, optionally poll it, and apply local changes at once
// (optimistically) without a poll that was already in flight overwriting them.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { t } from "./i18n";

export interface Remote<T> {
  /** Last data loaded (or changed locally); undefined until the first load succeeds. */
  data: T | undefined;
  /** Why the last load failed; null after a successful one. */
  loadError: string | null;
  /** Why the last change failed; null once a later change succeeds or it is dismissed. */
  actionError: string | null;
  reload: () => Promise<void>;
  /** Show `update` at once, run `action`, then reload; on failure put the old data back and report the error. */
  change: (update: (data: T) => T, action: () => Promise<unknown>) => Promise<void>;
  dismissActionError: () => void;
}

export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : typeof err === "string" ? err : "";
  return text.trim() || t("unknownError");
}

export function useRemote<T>(load: () => Promise<T>, pollMs?: number): Remote<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const dataRef = useRef<T | undefined>(undefined);
  /** Bumped on every local change: a load that started before it is stale. */
  const generation = useRef(0);
  const pending = useRef(0);
  const alive = useRef(true);

  const put = (next: T | undefined) => {
    dataRef.current = next;
    setData(next);
  };

  const reload = useCallback(async () => {
    const started = generation.current;
    try {
      const next = await loadRef.current();
      if (!alive.current || started !== generation.current || pending.current > 0) return;
      // A background without a handler for the request answers undefined.
      if (next === undefined || next === null) throw new Error(t("noAnswer"));
      put(next);
      setLoadError(null);
    } catch (err) {
      if (!alive.current || started !== generation.current) return;
      setLoadError(errorText(err));
    }
  }, []);

  const change = useCallback(
    async (update: (data: T) => T, action: () => Promise<unknown>) => {
      const before = dataRef.current;
      if (before === undefined) return;
      const mine = ++generation.current;
      pending.current++;
      put(update(before));
      try {
        await action();
        if (alive.current) setActionError(null);
      } catch (err) {
        if (!alive.current) return;
        if (mine === generation.current) put(before);
        setActionError(errorText(err));
      } finally {
        pending.current--;
      }
      if (alive.current && pending.current === 0) await reload();
    },
    [reload],
  );

  useEffect(() => {
    alive.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Chain timeouts rather than an interval so a slow background never gets overlapping requests.
    const tick = async () => {
      await reload();
      if (alive.current && pollMs) timer = setTimeout(tick, pollMs);
    };
    void tick();
    return () => {
      alive.current = false;
      clearTimeout(timer);
    };
  }, [reload, pollMs]);

  const dismissActionError = useCallback(() => setActionError(null), []);
  return { data, loadError, actionError, reload, change, dismissActionError };
}
