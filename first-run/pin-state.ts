// First-run page (browser glue): whether the toolbar icon is pinned, where the browser tells
// (chrome.action.getUserSettings, Chrome 91+). A browser without it (Firefox) answers "unknown".
export type PinState = "pinned" | "hidden" | "unknown";

interface ActionWithSettings {
  getUserSettings?: () => Promise<{ isOnToolbar?: boolean }>;
}

export async function pinState(action: ActionWithSettings | undefined): Promise<PinState> {
  if (typeof action?.getUserSettings !== "function") return "unknown";
  try {
    const settings = await action.getUserSettings();
    if (typeof settings?.isOnToolbar !== "boolean") return "unknown";
    return settings.isOnToolbar ? "pinned" : "hidden";
  } catch {
    return "unknown";
  }
}
