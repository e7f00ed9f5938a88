import { FILE_SITE, isSite, siteOf, siteOfOrigin } from "./site";

describe("siteOf", () => {
  test.each<[string, string | null]>([
    // registrable domains
    ["https://example.com/", "example.com"],
    ["https://www.example.com/path?q#f", "example.com"],
    ["https://a.b.c.example.com/", "example.com"],
    ["https://example.co.uk/", "example.co.uk"],
    ["https://a.b.example.co.uk/", "example.co.uk"],
    ["https://co.uk/", "co.uk"],
    ["https://com/", "com"],
    // private suffixes are public suffixes: two github.io users are two sites
    ["https://a.github.io/x", "a.github.io"],
    ["https://b.github.io/", "b.github.io"],
    ["https://deep.a.github.io/", "a.github.io"],
    ["https://github.io/", "github.io"],
    ["https://foo.blogspot.com/", "foo.blogspot.com"],
    // ports, case, trailing dots, userinfo
    ["https://example.com:8443/", "example.com"],
    ["HTTPS://WWW.EXAMPLE.COM/", "example.com"],
    ["https://www.example.com./", "example.com"],
    ["https://www.example.co.uk../", "example.co.uk"],
    ["https://user:pw@sub.example.com/", "example.com"],
    ["http://ex%41mple.com/", "example.com"],
    // IDN: always punycode
    ["https://bücher.de/", "xn--bcher-kva.de"],
    ["https://bücher.example.de/", "example.de"],
    ["https://www.BÜCHER.de/", "xn--bcher-kva.de"],
    ["https://xn--bcher-kva.de/", "xn--bcher-kva.de"],
    ["https://例え.テスト/", "xn--r8jz45g.xn--zckzah"],
    // IP addresses and single-label hosts are their own site
    ["http://127.0.0.1:8080/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://192.168.1.20/", "192.168.1.20"],
    ["http://[::1]:8080/", "[::1]"],
    ["http://[2001:DB8:0:0:0:0:0:1]/", "[2001:db8::1]"],
    ["http://localhost:3000/", "localhost"],
    ["http://LOCALHOST./", "localhost"],
    ["http://sub.localhost/", "sub.localhost"],
    ["http://intranet/", "intranet"],
    // other schemes with a host
    ["wss://tracker.example.org/announce", "example.org"],
    ["ws://localhost:8000/", "localhost"],
    // blob: the inner origin's site
    ["blob:https://x.example.com/0d5a-uuid", "example.com"],
    ["blob:http://[::1]:9000/uuid", "[::1]"],
    ["blob:file:///uuid", FILE_SITE],
    ["blob:null/uuid", null],
    ["blob:blob:https://x.example.com/uuid", null],
    // file
    ["file:///home/me/page.html", FILE_SITE],
    ["file:///C:/x.html", FILE_SITE],
    // no site of their own: the caller uses the creator's
    ["about:blank", null],
    ["about:srcdoc", null],
    ["data:text/html,<p>hi</p>", null],
    ["javascript:alert(1)", null],
    ["chrome-extension://abcdefghijklmnop/popup.html", null],
    ["moz-extension://0000-1111/popup.html", null],
    // garbage
    ["", null],
    ["not a url", null],
    ["http://", null],
    ["http://a..example.com/", null],
    ["http://exa mple.com/", null],
  ])("%s -> %p", (url, site) => {
    expect(siteOf(url)).toBe(site);
  });
});

describe("siteOfOrigin", () => {
  test.each<[string, string | null]>([
    ["https://a.b.example.co.uk", "example.co.uk"],
    ["https://a.github.io", "a.github.io"],
    ["http://localhost:8080", "localhost"],
    ["http://[::1]:8080", "[::1]"],
    ["http://127.0.0.1:9000", "127.0.0.1"],
    ["file://", FILE_SITE],
    ["null", null],
    ["", null],
  ])("%s -> %p", (origin, site) => {
    expect(siteOfOrigin(origin)).toBe(site);
  });
});

describe("isSite", () => {
  test.each<[string, boolean]>([
    ["example.com", true],
    ["example.co.uk", true],
    ["a.github.io", true],
    ["xn--bcher-kva.de", true],
    ["localhost", true],
    ["127.0.0.1", true],
    ["[::1]", true],
    ["file://", true],
    ["com", true],
    // not normalized
    ["www.example.com", false],
    ["Example.com", false],
    ["example.com.", false],
    ["bücher.de", false],
    ["[0:0:0:0:0:0:0:1]", false],
    ["::1", false],
    ["example.com:80", false],
    ["example.com/x", false],
    ["user@example.com", false],
    ["https://example.com", false],
    // hostile or empty
    ["", false],
    ["__proto__", false],
    ["constructor", false],
    ["prototype", false],
    ["a".repeat(300) + ".com", false],
  ])("%s -> %p", (s, ok) => {
    expect(isSite(s)).toBe(ok);
  });

  test("every site siteOf returns is a site", () => {
    for (const url of ["https://a.b.example.co.uk/", "http://[::1]/", "https://x.github.io/", "file:///a", "http://localhost/"]) {
      const site = siteOf(url);
      expect(site !== null && isSite(site)).toBe(true);
    }
  });
});
