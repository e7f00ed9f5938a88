// Lint keeps the arrows pointing one way: core imports no browser API, page/ never imports platform/,
// UIs never import background/.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const restrict = (patterns, message) => ({
  "no-restricted-imports": ["error", { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "client/dist/**", "demo/public/vendor/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  // One block per directory (a later block would replace an earlier one's rule for the same files).
  {
    files: ["extension/core/**"],
    rules: restrict(["webextension-polyfill", "**/platform/**", "**/background/**", "**/page/**", "**/bridge/**", "preact", "preact/*"], "core/ is pure: no browser API, no other context."),
  },
  {
    files: ["extension/page/**"],
    rules: restrict(["webextension-polyfill", "**/platform/**", "**/background/**", "**/bridge/**"], "page/ runs in the page's world: it may import core/ and shared/ only."),
  },
  {
    files: ["ui/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: restrict(["webextension-polyfill", "**/background/**", "**/page/**", "**/bridge/**", "**/popup/**", "**/options/**", "**/first-run/**"], "ui/ is the kit the pages share: it knows none of them."),
  },
  {
    files: ["popup/**", "options/**", "first-run/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: restrict(["webextension-polyfill", "**/background/**", "**/page/**", "**/bridge/**"], "UIs talk to the background only through shared/ messages (and platform/ for browser.*)."),
  },
  {
    files: ["extension/background/**", "extension/bridge/**"],
    rules: restrict(["webextension-polyfill", "**/page/**"], "Only platform/ imports webextension-polyfill; the page guard is another world."),
  },
);
