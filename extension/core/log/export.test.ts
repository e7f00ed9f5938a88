import { createHash } from "node:crypto";
import type { Digest } from "./canonical";
import { appendBatch } from "./chain";
import { LOG_TYPES, type LogEntry } from "./entry";
import { CSV_COLUMNS, CSV_DETAIL_PATHS, CSV_LATER_DETAIL_PATHS, csvCell, csvRows, flattenDetails, jsonlLines, toCsv, toJsonl } from "./export";
import { parseJsonl } from "./parse";
import { SAMPLE_DRAFTS, sampleChain } from "./sample-entries";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const AT = "2025-03-02T00:00:00.000Z";

/** A strict RFC 4180 reader, to check what the writer produced. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      for (i++; !(text[i] === '"' && text[i + 1] !== '"'); i++) {
        if (i >= text.length) throw new Error("unterminated quote");
        if (text[i] === '"') i++; // the first of a doubled quote
        cell += text[i];
      }
      i++;
    } else if (text[i] === ",") {
      row.push(cell);
      cell = "";
      i++;
    } else if (text.startsWith("\r\n", i)) {
      row.push(cell);
      rows.push(row);
      [row, cell] = [[], ""];
      i += 2;
    } else if (/[\r\n"]/.test(text[i]!)) {
      throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
    } else cell += text[i++];
  }
  return rows;
}

describe("JSON Lines export", () => {
  it("writes a header with format, version and checkpoint, then one canonical entry per line, and reads back", async () => {
    const chain = await sampleChain(20, sha256);
    const checkpoint = { seq: 3, hash: "b".repeat(64) };
    const text = toJsonl(chain, checkpoint, AT);
    const lines = text.split("\n");
    expect(lines[0]).toBe(`{"checkpoint":{"hash":"${"b".repeat(64)}","seq":3},"exportedAt":"${AT}","format":"seedgate-log","version":1}`);
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe("");
    expect(parseJsonl(text)).toEqual({ ok: true, header: { format: "seedgate-log", version: 1, checkpoint, exportedAt: AT }, entries: chain });
  });
});

describe("CSV export", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r\nlf", '"cr\r\nlf"'],
    ['",\n', '""",\n"'],
    ["=1+1", "'=1+1"],
    ["-2,3", `"'-2,3"`],
    ["@x", "'@x"],
    ["", ""],
    [null, ""],
    [-5, "-5"],
    [0.8, "0.8"],
    [false, "false"],
  ])("quotes %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("has a column for every details field of every type, and none unused", () => {
    const used = new Set(LOG_TYPES.flatMap((t) => [...flattenDetails(SAMPLE_DRAFTS[t].details).keys()]));
    // Null leaves are left out of a flattening: add the sample's null-valued objects' fields by hand.
    for (const p of ["remote.address", "remote.port", "remote.candidateType", "remote.protocol", "nextKey"]) used.add(p);
    const paths: readonly string[] = [...CSV_DETAIL_PATHS, ...CSV_LATER_DETAIL_PATHS];
    expect([...used].filter((p) => !paths.includes(p))).toEqual([]);
    expect(paths.filter((p) => !used.has(p))).toEqual([]);
    expect(new Set(CSV_COLUMNS).size).toBe(CSV_COLUMNS.length);
    // The columns of the first CSV keep their places (readers by position): the signature's come after "hash".
    expect(CSV_COLUMNS.indexOf("hash")).toBe(49);
    expect(CSV_COLUMNS.slice(50)).toEqual(["details.publicKey", "details.nextKey", "details.signature"]);
  });

  it("writes one row per entry under the fixed header, every value in its column", async () => {
    const chain = await appendBatch(null, LOG_TYPES.map((t) => SAMPLE_DRAFTS[t]), sha256);
    const rows = readCsv(toCsv(chain));
    expect(rows[0]).toEqual(CSV_COLUMNS);
    expect(rows).toHaveLength(chain.length + 1);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    const byName = (r: string[]) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]]));
    const detection = byName(rows[1]!);
    expect(detection).toMatchObject({ seq: "1", type: "detection", site: "example.com", tab: "7", "details.evidence": "signature", hash: chain[0]!.hash });
    expect(detection["details.detail"]).toBe(SAMPLE_DRAFTS.detection.details.detail);
    expect(byName(rows[3]!)).toMatchObject({ "details.iceServers": "stun:stun.example.com:3478 turn:turn.example.com", "details.remote.port": "51413", "details.candidateTypes.local": "host srflx" });
    expect(byName(rows[11]!)["details.client"]).toBe("'" + SAMPLE_DRAFTS["signal-ignored"].details.client);
    expect(byName(rows[12]!)).toMatchObject({ site: "", tab: "", "details.metered": "true" });
  });
});

describe("csvRows", () => {
  // The plain form the fast csvRows must equal: flatten, then place each leaf in its column.
  const reference = (entries: readonly LogEntry[]) =>
    entries
      .map((e) => {
        const cells: unknown[] = new Array(CSV_COLUMNS.length).fill(null);
        [cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]] = [e.seq, e.time, e.type, e.site, e.frameOrigin, e.tab];
        for (const [p, v] of flattenDetails(e.details)) if (CSV_COLUMNS.includes(`details.${p}`)) cells[CSV_COLUMNS.indexOf(`details.${p}`)] = v;
        cells[CSV_COLUMNS.indexOf("prevHash")] = e.prevHash;
        cells[CSV_COLUMNS.indexOf("hash")] = e.hash;
        return cells.map((c) => csvCell(c as string)).join(",") + "\r\n";
      })
      .join("");

  it("writes what flattening each entry into its columns writes, hostile text included", async () => {
    const chain = await sampleChain(500, sha256);
    const hostile = await appendBatch(
      null,
      ["=cmd|' /C calc'!A0", '"quoted", and\r\nbroken', "@sum", "\tTAB", "+1", "-1", "plain"].map((client) => ({
        ...SAMPLE_DRAFTS["signal-ignored"],
        site: client,
        frameOrigin: client,
        details: { ...SAMPLE_DRAFTS["signal-ignored"].details, client },
      })),
      sha256,
    );
    for (const entries of [chain, hostile]) expect(csvRows(entries)).toBe(reference(entries));
  });
});

describe("export speed (measured, not asserted)", () => {
  it("exports 100,000 entries as JSON Lines and CSV", async () => {
    const t0 = performance.now();
    const chain = await sampleChain(100_000, sha256);
    const t1 = performance.now();
    let jsonl = ""; // in chunks of 10,000, as the store exports
    for (let i = 0; i < chain.length; i += 10_000) jsonl += jsonlLines(chain.slice(i, i + 10_000));
    const t2 = performance.now();
    const csv = toCsv(chain);
    const t3 = performance.now();
    const mb = (s: string) => (s.length / 1e6).toFixed(1);
    console.log(
      `100,000 entries: chained in ${(t1 - t0).toFixed(0)} ms (node:crypto SHA-256); ` +
        `JSON Lines ${(t2 - t1).toFixed(0)} ms (${mb(jsonl)} MB); CSV ${(t3 - t2).toFixed(0)} ms (${mb(csv)} MB)`,
    );
    expect(jsonl.split("\n")).toHaveLength(100_001);
  });
});
