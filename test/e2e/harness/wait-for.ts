// Node (jest e2e): polls observable state until it satisfies a condition. The only way specs wait: no fixed sleeps.

export interface WaitOptions {
  /** Give up after this many milliseconds (default 10 s). */
  timeout?: number;
  /** Pause between polls in milliseconds (default 50). */
  interval?: number;
  /** Said in the error when the time is up. */
  message?: string;
}

/**
 * Calls `fn` until `until(value)` holds (default: the value is truthy) and returns that value.
 * An error thrown by `fn` counts as "not yet" (a page still navigating); one thrown by `until` ends the wait
 * at once (the state can no longer turn out well). On timeout the last value or error is reported.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  { timeout = 10_000, interval = 50, message }: WaitOptions = {},
  until: (value: T) => boolean = (value) => Boolean(value),
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = "nothing yet";
  for (;;) {
    let polled: { value: T } | undefined;
    try {
      polled = { value: await fn() };
    } catch (error) {
      last = `last error: ${String(error)}`;
    }
    if (polled) {
      if (until(polled.value)) return polled.value;
      last = `last value: ${describe(polled.value)}`;
    }
    if (Date.now() >= deadline) {
      throw new Error(`waitFor timed out after ${timeout} ms${message ? ` (${message})` : ""}; ${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
