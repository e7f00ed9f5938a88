// Two projects: fast pure/unit tests (Node or jsdom per file), and end-to-end tests in real browsers.
const transform = {
  "^.+\\.(t|j|mj)sx?$": [
    "@swc/jest",
    {
      jsc: {
        parser: { syntax: "typescript", tsx: true },
        transform: { react: { runtime: "automatic", importSource: "preact" } },
        target: "es2022",
      },
      module: { type: "commonjs" },
    },
  ],
};
// preact 11, its testing library and p2p-media-loader ship ES modules only.
const transformIgnorePatterns = ["/node_modules/(?!(preact|@preact|@testing-library/preact|p2p-media-loader-core|p2p-media-loader-hlsjs|@seedgate)/)"];
// p2p-media-loader's package entry points re-export from CommonJS `debug` by name; its browser bundles do not.
const moduleNameMapper = {
  "^p2p-media-loader-core$": "<rootDir>/node_modules/p2p-media-loader-core/dist/p2p-media-loader-core.es.js",
  "^p2p-media-loader-hlsjs$": "<rootDir>/node_modules/p2p-media-loader-hlsjs/dist/p2p-media-loader-hlsjs.es.js",
};

// The client library's tests import it by its package name: in the unit project that name is its sources.
const clientSources = {
  "^@seedgate/p2p-consent$": "<rootDir>/client/src/index.ts",
  "^@seedgate/p2p-consent/(.*)$": "<rootDir>/client/src/adapters/$1.ts",
};

export default {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      setupFiles: ["<rootDir>/scripts/jest-i18n-setup.ts"],
      transform,
      transformIgnorePatterns,
      moduleNameMapper: { ...moduleNameMapper, ...clientSources },
      moduleFileExtensions: ["ts", "tsx", "js", "mjs", "json"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/client/scripts/"],
      testMatch: ["<rootDir>/extension/**/*.test.ts?(x)", "<rootDir>/ui/**/*.test.ts?(x)", "<rootDir>/popup/**/*.test.ts?(x)", "<rootDir>/first-run/**/*.test.ts?(x)", "<rootDir>/options/**/*.test.ts?(x)", "<rootDir>/client/**/*.test.ts?(x)", "<rootDir>/scripts/**/*.test.[tj]s", "<rootDir>/test/soak/**/*.test.ts", "<rootDir>/test/e2e/harness/**/*.test.ts"],
    },
    {
      // `npm run test:client-package`: the same client tests against the built package (client/dist, through its
      // package.json "exports", as a consumer resolves it), and the package's own checks (client/scripts).
      displayName: "client-package",
      testEnvironment: "node",
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      moduleFileExtensions: ["ts", "tsx", "js", "mjs", "json"],
      testMatch: ["<rootDir>/client/src/**/*.test.ts", "<rootDir>/client/scripts/*.test.ts"],
    },
    {
      displayName: "e2e",
      testEnvironment: "node",
      transform,
      transformIgnorePatterns,
      moduleFileExtensions: ["ts", "tsx", "js", "mjs", "json"],
      testMatch: ["<rootDir>/test/e2e/**/*.spec.ts"],
      testTimeout: 60000,
    },
    {
      // `npm run soak` only: a long run, never part of `npm test`.
      displayName: "soak",
      testEnvironment: "node",
      transform,
      transformIgnorePatterns,
      moduleFileExtensions: ["ts", "tsx", "js", "mjs", "json"],
      testMatch: ["<rootDir>/test/soak/**/*.soak.ts"],
    },
  ],
};
