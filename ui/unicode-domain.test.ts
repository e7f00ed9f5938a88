// Pure: displayDomain decodes every xn-- label exactly as Node's own IDNA decoder does, and leaves the rest alone.
import { domainToUnicode } from "node:url";
import { decodePunycode, displayDomain } from "./unicode-domain";

test.each(["xn--bcher-kva.example", "xn--mnchen-3ya.de", "xn--fiqs8s.xn--fiqz9s", "xn--80ak6aa92e.com", "a.xn--ls8h.la", "xn--e1afmkfd.xn--p1ai", "example.com", "127.0.0.1"])("%s", (d) => {
  expect(displayDomain(d)).toBe(domainToUnicode(d));
});

test("a label that is not valid Punycode is shown as stored", () => {
  expect(decodePunycode("99999999999")).toBeNull();
  expect(displayDomain("xn--99999999999.example")).toBe("xn--99999999999.example");
  expect(displayDomain("xn--.example")).toBe("xn--.example");
});
