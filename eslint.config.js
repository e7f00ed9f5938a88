// Lint keeps the arrows pointing one way: core imports no browser API, page/ never imports platform/,
// UIs never import background/.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const restrict = (patterns, message) => ({
  "no-restricted-imports": ["error", { patterns: patterns.map((group) => ({ group, message })) }],
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
  {
    files: ["extension/core/**"],
    rules: restrict(["webextension-polyfill", "**/platform/**", "**/background/**", "**/page/**", "**/bridge/**", "preact", "preact/*"], "core/ is pure: no browser API, no other context."),
  },
  {
    files: ["extension/page/**"],
    rules: restrict(["webextension-polyfill", "**/platform/**", "**/background/**", "**/bridge/**"], "page/ runs in the page's world: it may import core/ and shared/ only."),
  },
  {
    files: ["popup/**", "options/**"],
    rules: restrict(["**/background/**", "**/page/**", "**/bridge/**"], "UIs talk to the background only through shared/ messages."),
  },
  {
    files: ["extension/background/**", "extension/bridge/**", "popup/**", "options/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: restrict(["webextension-polyfill"], "Only platform/ imports webextension-polyfill."),
  },
);
