// Node (jest unit): a stored row's line is the entry's exported line, and rows of both shapes read back.
import { createHash } from "node:crypto";
import { jsonlLines } from "./export";
import { sampleChain } from "./sample-entries";
import { fromStored, storedLine, toStored } from "./stored";

const sha256 = async (b: Uint8Array) => createHash("sha256").update(b).digest();

describe("stored rows", () => {
  it("hold each entry's canonical JSON, which is its JSON Lines line, and read back equal", async () => {
    const chain = await sampleChain(200, sha256);
    const rows = chain.map(toStored);
    expect(rows.map((r) => r.line + "\n").join("")).toBe(jsonlLines(chain));
    expect(rows.map(fromStored)).toEqual(chain);
    expect(rows.map((r, i) => [r.seq, r.site, r.type, i + 1])).toEqual(chain.map((e) => [e.seq, e.site, e.type, e.seq]));
    // Keys in another order (an object built elsewhere) still give the canonical line.
    const shuffled = Object.fromEntries(Object.entries(chain[5]!).reverse()) as (typeof chain)[number];
    expect(toStored(shuffled).line).toBe(rows[5]!.line);
  });

  it("read rows of the first shape (whole entries) as they are", async () => {
    const chain = await sampleChain(20, sha256);
    expect(chain.map(fromStored)).toEqual(chain);
    expect(chain.map((e) => storedLine(e).line + "\n").join("")).toBe(jsonlLines(chain));
    const row = toStored(chain[3]!);
    expect(storedLine(row)).toBe(row);
  });
});
