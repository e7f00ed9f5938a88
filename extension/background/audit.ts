// Background: the one seam through which every producer (frame hub, budgets, detection, UI handlers) hands events
// to the audit log. Producers never wait on it; the log store batches, chains and stores (see log/log-store.ts).
import type { LogInput } from "../core/log";

export interface Audit {
  /** Hand an event to the log. Never throws; an event the log cannot take is reported on the console. */
  record(input: LogInput): void;
}

/** Until the log is open (and in unit tests that do not look at the log): events go nowhere. */
export const NO_AUDIT: Audit = { record() {} };
