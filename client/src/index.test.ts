import { declareClient, FALLBACKS, getConsent, hasSeedgate, isConsentStatus, onConsentChange, watchConsent } from "@seedgate/p2p-consent";
import { FakeConsentApi, settle, status } from "./testing/fake-consent-api";

describe("without Seedgate", () => {
  test("the fallback is today's behaviour unless the site picks another", async () => {
    expect(hasSeedgate({ api: null })).toBe(false);
    expect(await getConsent({ api: null })).toEqual({ seeding: "allowed", uploadBudgetBytes: null, uploadRateLimitBps: null, metered: false, reason: "default", resetsAt: null });
    expect(await getConsent({ api: null, fallback: "download-only" })).toBe(FALLBACKS["download-only"]);
    const own = status({ seeding: "blocked", reason: "default" });
    expect(await getConsent({ api: null, fallback: own })).toBe(own);
    expect(await declareClient({ client: "webtorrent" }, { api: null, fallback: "blocked" })).toBe(FALLBACKS.blocked);
  });

  test("subscribing is harmless", () => {
    const cb = jest.fn();
    const stop = onConsentChange(cb, { api: null });
    stop();
    expect(cb).not.toHaveBeenCalled();
  });

  test("reads navigator.p2pConsent by default, and is absent where navigator is", async () => {
    expect(hasSeedgate()).toBe(typeof navigator !== "undefined" && "p2pConsent" in navigator);
    const api = new FakeConsentApi(status({ seeding: "download-only", reason: "default" }));
    const had = Object.getOwnPropertyDescriptor(globalThis, "navigator");
    Object.defineProperty(globalThis, "navigator", { value: { p2pConsent: api }, configurable: true });
    try {
      expect(hasSeedgate()).toBe(true);
      expect((await getConsent()).seeding).toBe("download-only");
    } finally {
      if (had) Object.defineProperty(globalThis, "navigator", had);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });
});

describe("with Seedgate", () => {
  test("getConsent answers the page API's status", async () => {
    const api = new FakeConsentApi(status({ seeding: "undecided", reason: "default", uploadBudgetBytes: 65536 }));
    expect(await getConsent({ api })).toEqual(api.current);
  });

  test.each<[string, unknown]>([
    ["null", null],
    ["an unknown mode", status({ seeding: "maybe" as never })],
    ["a negative budget", status({ uploadBudgetBytes: -1 })],
    ["a string budget", { ...status(), uploadBudgetBytes: "1" }],
  ])("a malformed status (%s) gives the fallback", async (_n, bad) => {
    expect(await getConsent({ api: new FakeConsentApi(bad), fallback: "download-only" })).toBe(FALLBACKS["download-only"]);
    expect(isConsentStatus(bad)).toBe(false);
  });

  test("a failing query gives the fallback", async () => {
    const api = new FakeConsentApi();
    api.query = () => Promise.reject(new Error("gone"));
    expect(await getConsent({ api, fallback: "blocked" })).toBe(FALLBACKS.blocked);
  });

  test("declareClient sends only the declaration and answers the status", async () => {
    const api = new FakeConsentApi(status({ seeding: "undecided", reason: "default" }));
    const decl = { client: "webtorrent", version: "2.8.5", purpose: "video", extra: "x" };
    expect((await declareClient(decl, { api })).seeding).toBe("undecided");
    expect(api.declared).toEqual([{ client: "webtorrent", version: "2.8.5", purpose: "video" }]);
  });

  test.each([{ client: "" }, { client: "x".repeat(101) }, { client: "a", version: "" }, { client: 1 as unknown as string }])("declareClient rejects %j", async (decl) => {
    await expect(declareClient(decl, { api: new FakeConsentApi() })).rejects.toThrow(TypeError);
  });

  test("onConsentChange delivers each valid status until unsubscribed", () => {
    const api = new FakeConsentApi();
    const seen: string[] = [];
    const stop = onConsentChange((s) => seen.push(s.seeding), { api });
    api.change(status({ seeding: "blocked" }));
    api.change({ seeding: "forged" });
    api.change(status({ seeding: "allowed" }));
    stop();
    api.change(status({ seeding: "download-only" }));
    expect(seen).toEqual(["blocked", "allowed"]);
  });

  test("watchConsent starts with the status now, then follows changes", async () => {
    const api = new FakeConsentApi(status({ seeding: "undecided", reason: "default" }));
    const seen: string[] = [];
    const stop = watchConsent((s) => seen.push(s.seeding), { api });
    await settle();
    api.change(status({ seeding: "allowed" }));
    stop();
    api.change(status({ seeding: "blocked" }));
    expect(seen).toEqual(["undecided", "allowed"]);
  });

  test("watchConsent: a change before the first answer wins over it", async () => {
    const api = new FakeConsentApi(status({ seeding: "undecided", reason: "default" }));
    const seen: string[] = [];
    watchConsent((s) => seen.push(s.seeding), { api });
    api.change(status({ seeding: "allowed" }));
    await settle();
    expect(seen).toEqual(["allowed"]);
  });
});
