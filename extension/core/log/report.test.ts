// The per-site report: its model from a session's entries, its HTML (self-contained, every page-supplied string
// escaped), the export it embeds read back byte for byte, and verifyReport refusing an edited report or export.
// Checked to fail without its defences: with esc() returning its input the hostile client name's <script> reached
// the HTML; with verifyReport's re-render comparison removed the edited total passed.
import { createHash } from "node:crypto";
import type { Digest } from "./canonical";
import { appendBatch } from "./chain";
import type { LogDraft } from "./entry";
import { toJsonl } from "./export";
import { buildReport } from "./report";
import { makeReport, readReport, verifyReport } from "./report-html";
import { SAMPLE_DRAFTS } from "./sample-entries";
import { toSignedJsonl } from "./signed";
import { createInstallKey, keyFingerprint, signerOf } from "./signing";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();
const subtle = globalThis.crypto.subtle;
const T0 = Date.parse("2026-01-05T10:00:00.000Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const page = { site: "video.example", frameOrigin: "https://video.example", tab: 3 };
const HOSTILE = '</textarea><script>alert(1)</script>&amp;"';

/** A session: a decision, a detection, two connections with rollups, refused sends, a client that ignored the signal; and another site. */
function session(): LogDraft[] {
  const opened = (connection: string, address: string, s: number): LogDraft => ({ ...SAMPLE_DRAFTS["connection-opened"], ...page, time: at(s), details: { ...SAMPLE_DRAFTS["connection-opened"].details, connection, iceServers: [], remote: { address, port: 4000 + s, candidateType: "host", protocol: "udp" } } });
  const bytes = (connection: string, up: number, down: number, s: number): LogDraft => ({ ...SAMPLE_DRAFTS.bytes, ...page, time: at(s), details: { connection, up, down, from: at(s - 30), to: at(s) } });
  return [
    { ...SAMPLE_DRAFTS.decision, ...page, time: at(0), details: { by: "popup", mode: "allow", previous: "undecided", hideIp: false } },
    { ...SAMPLE_DRAFTS.detection, ...page, time: at(1), details: { evidence: "signature", detail: "WebTorrent" } },
    { ...SAMPLE_DRAFTS.detection, ...page, time: at(2), details: { evidence: "signature", detail: "WebTorrent" } },
    opened("pc-1", "192.0.2.10", 5),
    bytes("pc-1", 1_048_576, 2_097_152, 35),
    opened("pc-2", "198.51.100.7", 60),
    bytes("pc-1", 1_048_576, 0, 65),
    bytes("pc-2", 4096, 8192, 300),
    { ...SAMPLE_DRAFTS["connection-closed"], ...page, time: at(310), details: { connection: "pc-2", reason: "page", durationMs: 250_000 } },
    { ...SAMPLE_DRAFTS["sends-refused"], ...page, time: at(320), details: { connection: "pc-2", count: 4, bytes: 65_536, reason: "budget", from: at(315), to: at(320) } },
    { ...SAMPLE_DRAFTS["signal-ignored"], ...page, time: at(321), details: { client: HOSTILE, connection: "pc-2", violation: "sent past uploadBudgetBytes" } },
    { ...SAMPLE_DRAFTS.bytes, site: "other.example", frameOrigin: "https://other.example", tab: 4, time: at(40), details: { connection: "pc-9", up: 7, down: 7, from: at(10), to: at(40) } },
  ];
}

describe("per-site report", () => {
  it("sums bytes per bucket and per connection, lists who learned the address, detections, decisions and enforcement", async () => {
    const chain = await appendBatch(null, session(), sha256);
    const m = buildReport(chain, { site: "video.example", from: null, to: null });
    expect(m.totals).toEqual({ up: 2_101_248, down: 2_105_344, connections: 2, addresses: 2 });
    expect(m.bucketMs).toBe(60_000);
    expect(m.buckets.map((b) => [b.start.slice(11, 16), b.up, b.down])).toEqual([["10:00", 1_048_576, 2_097_152], ["10:01", 1_048_576, 0], ["10:02", 0, 0], ["10:03", 0, 0], ["10:04", 0, 0], ["10:05", 4096, 8192]]);
    expect(m.learners.map((l) => l.address)).toEqual(["198.51.100.7", "192.0.2.10"]);
    expect(m.connections.map((c) => [c.connection, c.up, c.closeReason])).toEqual([["pc-2", 4096, "page"], ["pc-1", 2_097_152, null]]);
    expect(m.detections).toEqual([{ evidence: "signature", detail: "WebTorrent", count: 2, first: at(1), last: at(2) }]);
    expect(m.decisions).toHaveLength(1);
    expect(m.refused).toEqual([{ reason: "budget", sends: 4, bytes: 65_536, rollups: 1 }]);
    expect(m.ignored[0]!.client).toBe(HOSTILE);
    // A period: only what falls in it.
    expect(buildReport(chain, { site: "video.example", from: at(60), to: at(301) }).totals).toMatchObject({ up: 1_052_672, connections: 2 });
  });

  it("is one self-contained HTML file with a chart, escaped text, and the signed export it embeds, which verifies", async () => {
    const key = await createInstallKey(subtle);
    const chain = await appendBatch(null, session(), sha256);
    const exportText = await toSignedJsonl(chain, null, at(400), signerOf(subtle, key));
    const html = await makeReport(exportText, { site: "video.example", from: null, to: null }, sha256);
    expect(html).toContain('<svg id="bytes-chart" role="img"');
    expect((html.match(/<rect class="up"/g) ?? []).length).toBe(6);
    expect(html).toContain(`install key ${await keyFingerprint(key.publicKey, sha256)}`);
    // No script runs and nothing loads: one inert JSON block, a CSP that allows inline style only, no URL fetched.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script type="application/json" id="seedgate-report-params">');
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toContain("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&quot;"); // in a table cell
    expect(html).toContain('"client":"&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;\\""'); // in the embedded export
    const read = readReport(html);
    expect(read).toEqual({ ok: true, params: { site: "video.example", from: null, to: null }, exportText });
    await expect(verifyReport(html, sha256, subtle)).resolves.toMatchObject({ ok: true, export: { ok: true, signing: { signed: true } } });
  });

  it("is refused when its visible content, its parameters or its embedded export were changed", async () => {
    const key = await createInstallKey(subtle);
    const chain = await appendBatch(null, session(), sha256);
    const exportText = await toSignedJsonl(chain, null, at(400), signerOf(subtle, key));
    const html = await makeReport(exportText, { site: "video.example", from: null, to: null }, sha256);
    const total = html.replace("<dd>2.00 MiB</dd>", "<dd>1.00 MiB</dd>");
    expect(total).not.toBe(html);
    await expect(verifyReport(total, sha256, subtle)).resolves.toMatchObject({ ok: false, reason: expect.stringContaining("not what its embedded export yields") });
    const period = html.replace('"from":null', `"from":"${at(60)}"`);
    await expect(verifyReport(period, sha256, subtle)).resolves.toMatchObject({ ok: false, reason: expect.stringContaining("not what its embedded export yields") });
    const edited = html.replace('"up":1048576', '"up":2097152');
    await expect(verifyReport(edited, sha256, subtle)).resolves.toMatchObject({ ok: false, reason: "its embedded export is broken", export: { ok: false, line: 6, seq: 5 } });
    await expect(verifyReport("<html></html>", sha256, subtle)).resolves.toMatchObject({ ok: false, reason: expect.stringContaining("not a Seedgate report") });
    // An unsigned export makes a report too: it says so.
    const unsigned = await makeReport(toJsonl(chain, null, at(400)), { site: "video.example", from: null, to: null }, sha256);
    expect(unsigned).toContain("nobody: an unsigned export (chain only)");
    await expect(verifyReport(unsigned, sha256, subtle)).resolves.toMatchObject({ ok: true, export: { signing: { signed: false } } });
  });
});

describe("report speed (measured, not asserted)", () => {
  it("makes and verifies the report of a 20,000-entry signed export (the options page makes it; verify-log rebuilds it)", async () => {
    const { sampleChain } = await import("./sample-entries");
    const key = await createInstallKey(subtle);
    const chain = await sampleChain(20_000, sha256);
    const exportText = await toSignedJsonl(chain, null, at(400), signerOf(subtle, key));
    let t = performance.now();
    const html = await makeReport(exportText, { site: "example.com", from: null, to: null }, sha256);
    const make = performance.now() - t;
    t = performance.now();
    const v = await verifyReport(html, sha256, subtle);
    const verify = performance.now() - t;
    expect(v.ok).toBe(true);
    console.log(`report of 20,000 entries: made in ${make.toFixed(0)} ms (${(html.length / 1e6).toFixed(1)} MB of HTML), verified and rebuilt in ${verify.toFixed(0)} ms`);
  }, 60_000);
});
