// Background: one storage write at a time for a piece of state that changes often (ledgers, budget counters, the
// connection log's journal). Saves asked for while a write is in flight share one more write after it, which stores
// the state as it is then; every caller's promise resolves once a write that includes its change has landed.

/** `write` stores the state as it is when called. Returns `save`. */
export function coalescedWrite(write: () => Promise<void>): () => Promise<void> {
  let writing: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const save = (): Promise<void> => {
    if (writing) {
      next ??= writing.then(() => {
        next = null;
        return save();
      });
      return next;
    }
    writing = write().finally(() => {
      writing = null;
    });
    return writing;
  };
  return save;
}
