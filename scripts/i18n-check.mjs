// Node: the UI speaks every shipped language. Fails (exit 1) when
//  - the locale files disagree (a key missing or extra in a language, different {parameters}, a duplicate key), or
//  - a .tsx file of the UI (ui/, popup/, options/, first-run/; tests excluded) holds a user-facing literal: JSX text
//    with a letter in it, a string with a letter as a JSX expression, or a string attribute that people read or hear
//    (aria-label, aria-description, aria-roledescription, title, placeholder, alt, label).
// Such strings belong in locales/<lang>/*.json and reach the page through t() (ui/i18n.ts); proper names too, so a
// translator sees them in context. `node scripts/i18n-check.mjs` lists each finding.
import ts from "typescript";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadLocales } from "./locales.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const UI_DIRS = ["ui", "popup", "options", "first-run"];
const READ_ATTRIBUTES = new Set(["aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "title", "placeholder", "alt", "label"]);
const LETTER = /\p{L}/u;

function tsxFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return tsxFiles(p);
    return p.endsWith(".tsx") && !/\.test\.tsx$/.test(p) ? [p] : [];
  });
}

/** The user-facing literals of one TSX source: [{ line, text }]. */
export function literalsIn(source, fileName = "x.tsx") {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found = [];
  const add = (node, text) => found.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: text.trim() });
  const visit = (node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) add(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteralLike(node.expression) && LETTER.test(node.expression.text) && !ts.isJsxAttribute(node.parent))
      add(node, node.expression.text);
    else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      const lit = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression) ? init.expression : null;
      if (lit && LETTER.test(lit.text)) add(node, `${node.name.getText(sf)}="${lit.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function main() {
  const problems = [];
  try {
    const locales = loadLocales(root);
    console.log(`i18n: ${Object.keys(locales).join(", ")}: ${Object.keys(locales.en).length} messages each`);
  } catch (e) {
    problems.push(e.message);
  }
  for (const file of UI_DIRS.flatMap((d) => tsxFiles(path.join(root, d)))) {
    for (const { line, text } of literalsIn(readFileSync(file, "utf8"), file))
      problems.push(`${path.relative(root, file)}:${line}: user-facing literal "${text.slice(0, 60)}": use t() and locales/`);
  }
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    console.error(`i18n: ${problems.length} problem(s)`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
