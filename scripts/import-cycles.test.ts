// Node (jest unit): the import-cycle finder (scripts/import-cycles.mjs) on small graphs, and on the project itself.
import path from "node:path";

type Graph = Map<string, string[]>;
interface Finder {
  cycles(g: Graph): string[][];
  importGraph(files: string[]): Graph;
  projectFiles(configs: string[]): string[];
}
const load = async () => (await import(path.resolve(__dirname, "import-cycles.mjs"))) as Finder;

test("finds every cycle, and only cycles", async () => {
  const { cycles } = await load();
  const g: Graph = new Map([
    ["a", ["b"]],
    ["b", ["c"]],
    ["c", ["a", "d"]],
    ["d", []],
    ["e", ["e"]],
    ["f", ["d"]],
  ]);
  expect(cycles(g)).toEqual([["a", "b", "c"], ["e"]]);
  expect(cycles(new Map([["x", ["y"]], ["y", []]]))).toEqual([]);
});

test("reads the project's imports, type-only ones included", async () => {
  const { importGraph, projectFiles } = await load();
  const files = projectFiles(["tsconfig.json"]);
  const graph = importGraph(files);
  const entry = path.resolve(__dirname, "../extension/core/log/entry.ts");
  // entry.ts imports only types: they count.
  expect(graph.get(entry)).toContain(path.resolve(__dirname, "../extension/core/detection/evidence.ts"));
});
