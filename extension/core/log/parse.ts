// Pure: reading an exported JSON Lines file back, and verifying it line by line (streaming: a file of millions of
// entries is never held whole). Every entry line must be exactly its entry's canonical JSON, so changing any byte
// of an entry's line breaks the file at that line.
import { canonicalEntry, type Digest } from "./canonical";
import { BATCH, ChainVerifier } from "./chain";
import { entryProblem, isCheckpoint, isIsoTime, type Checkpoint, type LogEntry } from "./entry";
import { JSONL_FORMAT, JSONL_VERSION, type JsonlHeader } from "./export";

export type LineResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseHeaderLine(line: string): LineResult<JsonlHeader> {
  let h: unknown;
  try {
    h = JSON.parse(line);
  } catch {
    return { ok: false, reason: "the header is not JSON" };
  }
  if (typeof h !== "object" || h === null) return { ok: false, reason: "the header is not an object" };
  const r = h as Record<string, unknown>;
  if (r.format !== JSONL_FORMAT) return { ok: false, reason: `not a Seedgate log (format is not "${JSONL_FORMAT}")` };
  if (r.version !== JSONL_VERSION) return { ok: false, reason: `unsupported format version ${JSON.stringify(r.version)}` };
  if (r.checkpoint !== null && !isCheckpoint(r.checkpoint)) return { ok: false, reason: "the header's checkpoint is malformed" };
  if (!isIsoTime(r.exportedAt)) return { ok: false, reason: "the header's exportedAt is malformed" };
  return { ok: true, value: { format: JSONL_FORMAT, version: JSONL_VERSION, checkpoint: r.checkpoint as Checkpoint | null, exportedAt: r.exportedAt } };
}

export function parseEntryLine(line: string): LineResult<LogEntry> {
  let e: unknown;
  try {
    e = JSON.parse(line);
  } catch {
    return { ok: false, reason: line === "" ? "empty line" : "not JSON" };
  }
  const problem = entryProblem(e);
  if (problem) return { ok: false, reason: `malformed: ${problem}` };
  let canonical: string | null;
  try {
    canonical = canonicalEntry(e as LogEntry, true);
  } catch {
    canonical = null;
  }
  if (canonical !== line) return { ok: false, reason: "not in canonical form (the line was edited)" };
  return { ok: true, value: e as LogEntry };
}

/** Structure only (no hashes): the header and entries of an exported file, or the first line that is wrong. */
export function parseJsonl(text: string): { ok: true; header: JsonlHeader; entries: LogEntry[] } | { ok: false; line: number; reason: string } {
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  const header = parseHeaderLine(lines[0] ?? "");
  if (!header.ok) return { ok: false, line: 1, reason: header.reason };
  const entries: LogEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const r = parseEntryLine(lines[i]!);
    if (!r.ok) return { ok: false, line: i + 1, reason: r.reason };
    entries.push(r.value);
  }
  return { ok: true, header: header.value, entries };
}

export type JsonlVerdict =
  | { ok: true; count: number; checkpoint: Checkpoint | null; head: Checkpoint | null }
  | { ok: false; line: number; seq: number | null; reason: string };

/** `seq` as written on a line that could not be read as an entry, when it can be found. */
function seqOf(line: string): number | null {
  const m = /"seq"\s*:\s*(\d+)/.exec(line);
  return m ? Number(m[1]) : null;
}

/**
 * Verifies an exported file given as its lines (without "\n"; one empty last line is allowed): the header, each
 * line's form, then the chain. Names the first broken entry by line number (the header is line 1) and seq.
 */
export async function verifyJsonl(lines: Iterable<string> | AsyncIterable<string>, digest: Digest): Promise<JsonlVerdict> {
  let lineNo = 0;
  let verifier: ChainVerifier | null = null;
  let batch: LogEntry[] = [];
  let blankAt = 0;
  // Entry k (0-based) is on line k + 2: no blank line can come before an entry.
  const checked = async (): Promise<JsonlVerdict | null> => {
    const f = await verifier!.check(batch);
    batch = [];
    return f && { ok: false, line: f.index + 2, seq: f.seq, reason: f.reason };
  };
  for await (const line of lines) {
    lineNo++;
    if (lineNo === 1) {
      const h = parseHeaderLine(line);
      if (!h.ok) return { ok: false, line: 1, seq: null, reason: h.reason };
      verifier = new ChainVerifier(digest, h.value.checkpoint);
      continue;
    }
    if (blankAt) break;
    if (line === "") {
      blankAt = lineNo;
      continue;
    }
    const r = parseEntryLine(line);
    if (!r.ok) return (await checked()) ?? { ok: false, line: lineNo, seq: seqOf(line), reason: r.reason };
    batch.push(r.value);
    if (batch.length >= BATCH) {
      const f = await checked();
      if (f) return f;
    }
  }
  if (!verifier) return { ok: false, line: 1, seq: null, reason: "the file is empty" };
  const f = await checked();
  if (f) return f;
  if (blankAt && blankAt < lineNo) return { ok: false, line: blankAt, seq: null, reason: "empty line" };
  const v = verifier.finish();
  return v.ok ? v : { ok: false, line: v.index + 2, seq: v.seq, reason: v.reason };
}
