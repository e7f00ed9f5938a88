// Tests only, in Node: the two browser globals p2p-media-loader's bundle reads while it loads (`self`, and
// `WebSocket` for its tracker client, which these tests never start: `announceTrackers: []`).
const g = globalThis as Record<string, unknown>;
g.self ??= globalThis;
g.WebSocket ??= class WebSocketUnavailable {
  constructor() {
    throw new Error("no WebSocket in these tests");
  }
};
export {};
