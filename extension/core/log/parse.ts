// Pure: reading an exported JSON Lines file back (verify-file.ts verifies it). Every entry line must be exactly its
// entry's canonical JSON, so changing any byte of an entry's line breaks the file at that line. The header is
// version 1 (unsigned, chain only) or version 2 (signed: core/log/signed.ts), which must be canonical too.
import { canonicalEntry, canonicalJson } from "./canonical";
import { entryProblem, isCheckpoint, isIsoTime, type Checkpoint, type LogEntry } from "./entry";
import { JSONL_FORMAT, JSONL_VERSION, type JsonlHeader } from "./export";
import { SIGNED_JSONL_VERSION, signedDetailsProblem, signedHeaderProblem, type SignedHeader } from "./signed";

export type LineResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** An export's first line: unsigned (version 1, earlier exports) or signed (version 2). */
export type AnyJsonlHeader = JsonlHeader | SignedHeader;

export function parseHeaderLine(line: string): LineResult<AnyJsonlHeader> {
  let h: unknown;
  try {
    h = JSON.parse(line);
  } catch {
    return { ok: false, reason: "the header is not JSON" };
  }
  if (typeof h !== "object" || h === null) return { ok: false, reason: "the header is not an object" };
  const r = h as Record<string, unknown>;
  if (r.format !== JSONL_FORMAT) return { ok: false, reason: `not a Seedgate log (format is not "${JSONL_FORMAT}")` };
  if (r.version === SIGNED_JSONL_VERSION) {
    const problem = signedHeaderProblem(r);
    if (problem) return { ok: false, reason: problem };
    if (canonicalJson(r) !== line) return { ok: false, reason: "the header is not in canonical form (it was edited)" };
    return { ok: true, value: r as unknown as SignedHeader };
  }
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
  const problem = entryProblem(e) ?? ((e as LogEntry).type === "log-signed" ? signedDetailsProblem((e as LogEntry).details as unknown as Record<string, unknown>) : null);
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
export function parseJsonl(text: string): { ok: true; header: AnyJsonlHeader; entries: LogEntry[] } | { ok: false; line: number; reason: string } {
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
