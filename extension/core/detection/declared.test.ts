import { declaredByMeta, declaredByRequest, DECLARED_SOURCE } from "./declared";
import { MAX_DETAIL } from "./evidence";

test("request() is declared evidence naming the client", () => {
  expect(declaredByRequest({ client: "webtorrent", version: "2.8.5", purpose: "video" })).toEqual({
    kind: "declared",
    client: "webtorrent",
    detail: "the page declared webtorrent 2.8.5: video",
    source: DECLARED_SOURCE.request,
    text: { message: "seenDeclaredPurpose", values: { client: "webtorrent 2.8.5", purpose: "video" } },
  });
});

test("a meta tag is declared evidence, with or without a client", () => {
  expect(declaredByMeta(" p2p-media-loader ")).toMatchObject({ kind: "declared", client: "p2p-media-loader", source: DECLARED_SOURCE.meta });
  expect(declaredByMeta(null)).toEqual({ kind: "declared", detail: '<meta name="p2p-cdn">', source: DECLARED_SOURCE.meta, text: { message: "seenMeta", values: { tag: '<meta name="p2p-cdn">' } } });
});

test("page text is bounded", () => {
  const e = declaredByRequest({ client: "c".repeat(500), purpose: "p".repeat(5000) });
  expect(e.client!.length).toBeLessThanOrEqual(100);
  expect(e.detail.length).toBeLessThanOrEqual(MAX_DETAIL);
});
