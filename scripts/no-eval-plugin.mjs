// Node (build): keeps code generation and raw HTML out of the bundles, so `web-ext lint` (which AMO runs) finds no
// `Function` constructor and no `innerHTML` assignment, and the extension's pages never need either:
// - zod: Seedgate runs it jitless (core/validate.ts sets `z.config({ jitless: true })`), so its `new Function("")`
//   probe and its code generator (`Doc.compile`) are dead code; they are cut here, and the probe answers "no eval".
// - preact: the one `innerHTML` assignment serves `dangerouslySetInnerHTML`, which Seedgate never uses; it throws
//   instead.
// Each replacement must apply exactly once: a library update that moves the code fails the build, not the review.

/** @type {{ file: RegExp; from: string | RegExp; to: string }[]} */
const CUTS = [
  {
    file: /[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/,
    from: /try \{\s*const F = Function;\s*new F\(""\);\s*return true;\s*\}\s*catch \(_\) \{\s*return false;\s*\}/,
    to: "return false;",
  },
  {
    file: /[\\/]zod[\\/]v4[\\/]core[\\/]doc\.js$/,
    from: /compile\(\) \{[\s\S]*?return factory\(\.\.\.Object\.values\(this\.closed\)\);\s*\}/,
    to: 'compile() { throw new Error("Seedgate runs zod jitless: no code generation"); }',
  },
  {
    file: /[\\/]preact[\\/]dist[\\/]preact\.mjs$/,
    from: "(t.innerHTML=h.__html)",
    to: '(()=>{throw new Error("dangerouslySetInnerHTML is not supported in Seedgate")})()',
  },
];

export function noEval() {
  return {
    name: "seedgate-no-eval",
    enforce: "pre",
    transform(code, id) {
      for (const cut of CUTS) {
        if (!cut.file.test(id)) continue;
        const hits = typeof cut.from === "string" ? code.split(cut.from).length - 1 : (code.match(new RegExp(cut.from.source, "g")) ?? []).length;
        if (hits !== 1) throw new Error(`seedgate-no-eval: expected exactly one match in ${id}, found ${hits}: update scripts/no-eval-plugin.mjs`);
        return { code: code.replace(cut.from, cut.to), map: null };
      }
      return null;
    },
  };
}
