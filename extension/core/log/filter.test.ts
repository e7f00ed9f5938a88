import { createHash } from "node:crypto";
import type { Digest } from "./canonical";
import { matchesFilter, type LogFilter } from "./filter";
import { sampleChain } from "./sample-entries";

const sha256: Digest = async (b) => createHash("sha256").update(b).digest();

describe("matchesFilter", () => {
  // 13 entries, one per event type, one second apart from 2025-03-01T12:00:00Z.
  const chainP = sampleChain(13, sha256);

  it.each<[string, LogFilter, number[]]>([
    ["nothing", {}, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]],
    ["a site", { site: "example.com" }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ["a type", { type: "bytes" }, [5]],
    ["a site and a type", { site: "example.com", type: "metered" }, []],
    ["from (inclusive)", { from: "2025-03-01T12:00:11.000Z" }, [12, 13]],
    ["to (exclusive)", { to: "2025-03-01T12:00:02.000Z" }, [1, 2]],
    ["text in a details value, any case", { text: "WEBTORRENT" }, [1]],
    ["text in an address", { text: "192.0.2.10" }, [3]],
    ["text in the type", { text: "budget-" }, [6, 7, 8]],
    ["text that is only a key name", { text: "iceTransportPolicy" }, []],
  ])("filters by %s", async (_name, filter, seqs) => {
    const chain = await chainP;
    expect(chain.filter((e) => matchesFilter(e, filter)).map((e) => e.seq)).toEqual(seqs);
  });
});
