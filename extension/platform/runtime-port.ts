// Isolated world (the bridge, in every frame): the runtime port, straight from the browser's own `chrome.runtime`
// (the same shape in Chrome and Firefox), without webextension-polyfill: setting the polyfill up cost about half
// of the extension's time per frame (npm run bench, CPU profile), and a port needs none of its promise wrapping.

export interface RuntimePort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

interface RuntimeApi {
  id?: string;
  connect(info: { name: string }): RuntimePort;
}

function runtime(): RuntimeApi | undefined {
  const g = globalThis as { chrome?: { runtime?: RuntimeApi }; browser?: { runtime?: RuntimeApi } };
  return g.chrome?.runtime ?? g.browser?.runtime;
}

export function connectRuntime(name: string): RuntimePort {
  const api = runtime();
  if (!api) throw new Error("no extension runtime here");
  return api.connect({ name });
}

/** False once the extension was updated or removed under this page: its ports can never come back. */
export function extensionAlive(): boolean {
  return Boolean(runtime()?.id);
}
