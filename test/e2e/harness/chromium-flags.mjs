// Node: the flags that keep a headless Chromium quiet and self-contained (see docs/browser-facts.md), shared by the
// end-to-end harness, the bench and the demo's self-test (plain JS so .mjs scripts can import it too).
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
