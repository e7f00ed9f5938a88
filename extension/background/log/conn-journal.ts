// Background: what the connection log holds in memory and must not lose when the service worker is stopped —
// each frame's connections (their log names, whether they were logged as opened) and the byte and refused-send
// rollups not written yet — kept in storage.session (which survives worker restarts, not browser restarts).
// Written right after the usage that changed it (one write in flight at a time, the latest state wins).
import { coalescedWrite } from "../coalesced-write";

const KEY = "log-conns";

/** One connection as the journal keeps it (the connection log's record, by value). */
export interface JournalConn {
  name: string;
  openedAt: number;
  iceServers: string[];
  relayOnly: boolean;
  opened: boolean;
  up: number;
  down: number;
  from: number | null;
  refused: number;
  refusedFrom: number | null;
  ignoredLogged: boolean;
}

/** One frame's part: who it was (for the entries written for it after a restart) and its connections by id. */
export interface JournalFrame {
  tabId: number;
  origin: string;
  site: string | null;
  nonce: string;
  client: string | null;
  /** When its usage last changed (the end of a rollup written after a restart). */
  at: number;
  /** The refusal reason its policy gave, for a sends-refused rollup written after a restart. */
  refusalReason: string;
  conns: Record<string, JournalConn>;
}

export interface ConnJournal {
  /** What a previous life of the worker left, by frame key. */
  readonly saved: Readonly<Record<string, JournalFrame>>;
  /** Records `key`'s state (null: the frame is gone); resolves once it, or a later state, is stored. */
  save(key: string, frame: JournalFrame | null): Promise<void>;
}

export interface JournalArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** `area`: browser.storage.session in the extension. */
export async function openConnJournal(area: JournalArea): Promise<ConnJournal> {
  const raw = (await area.get(KEY).catch((): Record<string, unknown> => ({})))[KEY];
  const frames: Record<string, JournalFrame> = Object.create(null);
  if (raw && typeof raw === "object") {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (isJournalFrame(v)) frames[k] = v;
  }
  const saved = { ...frames };
  const flush = coalescedWrite(() =>
    area.set({ [KEY]: { ...frames } }).catch((err: unknown) => console.warn("Seedgate: the connection log's pending rollups could not be saved:", err)),
  );

  return {
    saved,
    save(key, frame) {
      if (frame) frames[key] = frame;
      else delete frames[key];
      return flush();
    },
  };
}

/** Storage is the extension's own, but a journal from another version of it may differ: keep only what fits. */
function isJournalFrame(v: unknown): v is JournalFrame {
  if (!v || typeof v !== "object") return false;
  const f = v as JournalFrame;
  return (
    Number.isSafeInteger(f.tabId) &&
    typeof f.origin === "string" &&
    (f.site === null || typeof f.site === "string") &&
    typeof f.nonce === "string" &&
    Number.isFinite(f.at) &&
    typeof f.refusalReason === "string" &&
    !!f.conns &&
    typeof f.conns === "object" &&
    Object.values(f.conns).every(
      (c) => c && typeof c.name === "string" && Number.isSafeInteger(c.up) && Number.isSafeInteger(c.down) && Number.isSafeInteger(c.refused) && Number.isFinite(c.openedAt),
    )
  );
}
