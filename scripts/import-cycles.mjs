// Node: finds import cycles among the project's TypeScript modules (type-only imports count too: a cycle of types
// is still two modules that cannot be read apart). Uses the TypeScript compiler the project builds with
// (preProcessFile + resolveModuleName), so it sees what tsc sees. madge, the usual tool, requires TypeScript 5.
// `node scripts/import-cycles.mjs` prints each cycle and exits 1 if there is one; npm test runs it.
import ts from "typescript";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Every .ts/.tsx file of the given tsconfig projects (tests included), as absolute paths. */
export function projectFiles(configs) {
  const files = new Set();
  for (const config of configs) {
    const file = path.join(root, config);
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, path.dirname(file));
    for (const f of parsed.fileNames) if (/\.tsx?$/.test(f) && !f.endsWith(".d.ts")) files.add(path.resolve(f));
  }
  return [...files].sort();
}

/** Module graph: file -> files it imports (relative imports resolved by TypeScript; packages left out). */
export function importGraph(files) {
  const options = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true };
  const inProject = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const deps = new Set();
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith(".")) continue;
      const r = ts.resolveModuleName(ref.fileName, file, options, ts.sys).resolvedModule;
      const target = r && path.resolve(r.resolvedFileName);
      if (target && inProject.has(target)) deps.add(target);
    }
    graph.set(file, [...deps].sort());
  }
  return graph;
}

/** The strongly connected components with more than one module (or a module importing itself): Tarjan's. */
export function cycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = projectFiles(["tsconfig.json", "tsconfig.worker.json", "tsconfig.node.json"]);
  const found = cycles(importGraph(files));
  for (const c of found) console.log(`import cycle: ${c.map((f) => path.relative(root, f)).join(" <-> ")}`);
  console.log(found.length === 0 ? `no import cycles among ${files.length} modules` : `${found.length} import cycle(s)`);
  process.exit(found.length === 0 ? 0 : 1);
}
