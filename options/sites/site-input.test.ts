// Pure: what the Sites page's "Add a site" field accepts, and the reason it gives for what it refuses.
import { parseSiteInput } from "./site-input";

test.each([
  ["example.com", "example.com"],
  ["  Example.COM  ", "example.com"],
  ["www.example.co.uk", "example.co.uk"],
  ["https://video.example.com/watch?v=1", "example.com"],
  ["http://user@a.github.io:8080/", "a.github.io"],
  ["bücher.example.de", "example.de"],
  ["bücher.de", "xn--bcher-kva.de"],
  ["127.0.0.1", "127.0.0.1"],
  ["[::1]", "[::1]"],
  ["localhost", "localhost"],
])("%s -> %s", (typed, site) => {
  expect(parseSiteInput(typed)).toEqual({ ok: true, site });
});

test.each([
  ["", "empty"],
  ["   ", "empty"],
  ["not a site", "not-address"],
  ["http://", "not-address"],
  ["file:///etc/passwd", "not-address"],
  ["javascript:alert(1)", "not-address"],
  ["exa mple.com", "not-address"],
  ["__proto__", "not-address"],
  ["a..b", "not-address"],
  ["co.uk", "public-suffix"],
  ["com", "single-label"],
  ["github.io", "public-suffix"],
  ["intranet", "single-label"],
] as const)("%j is refused: %s", (typed, error) => {
  expect(parseSiteInput(typed)).toEqual({ ok: false, error });
});
