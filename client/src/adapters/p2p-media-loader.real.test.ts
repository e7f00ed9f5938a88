// The adapter against the real p2p-media-loader 2.x engine (p2p-media-loader-hlsjs, a devDependency): the switches
// it sets are the ones the engine's dynamic configuration takes and its streams use, and the engine's own upload
// events feed the adapter's allowance. The fakes of p2p-media-loader.test.ts cannot tell a renamed option.
import "../testing/browser-globals";
import { HlsJsP2PEngine } from "p2p-media-loader-hlsjs";
import { FakeConsentApi, settle, status } from "../testing/fake-consent-api";
import { respectConsentP2PMediaLoader, type P2PMLEngineLike } from "@seedgate/p2p-consent/p2p-media-loader";

const KiB = 1024;

function switches(engine: HlsJsP2PEngine) {
  const { core } = engine.getConfig();
  return { isP2PDisabled: core.mainStream?.isP2PDisabled, isP2PUploadDisabled: core.mainStream?.isP2PUploadDisabled };
}

test("the real engine's configuration follows the decision", async () => {
  const engine = new HlsJsP2PEngine({ core: { announceTrackers: [] } });
  // Compile-time: the real engine is what the adapter takes.
  const like: P2PMLEngineLike = engine;
  const api = new FakeConsentApi(status({ seeding: "undecided", reason: "default", uploadBudgetBytes: 64 * KiB }));
  const binding = respectConsentP2PMediaLoader(like, { api });
  expect(switches(engine)).toEqual({ isP2PDisabled: false, isP2PUploadDisabled: true });
  await settle();
  api.change(status());
  expect(switches(engine)).toEqual({ isP2PDisabled: false, isP2PUploadDisabled: false });
  api.change(status({ seeding: "blocked", uploadBudgetBytes: 0 }));
  expect(switches(engine)).toEqual({ isP2PDisabled: true, isP2PUploadDisabled: true });
  api.change(status({ seeding: "download-only", uploadBudgetBytes: 64 * KiB }));
  expect(switches(engine)).toEqual({ isP2PDisabled: false, isP2PUploadDisabled: true });
  binding.stop();
  api.change(status());
  expect(switches(engine)).toEqual({ isP2PDisabled: false, isP2PUploadDisabled: true });
});
