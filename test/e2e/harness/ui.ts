// Node (jest e2e): sends the popup's and options page's requests (shared/ui-messages) to the background from a
// real extension page, as the UIs do, so specs can change decisions the way a user would.
import type { Page } from "playwright-core";
import type { UiReply, UiRequest } from "../../../extension/shared/ui-messages";
import type { ChromiumSession } from "./chromium";
import type { ExtensionHandle } from "./extension";

export interface Ui {
  send<R extends UiRequest>(req: R): Promise<UiReply[R["type"]]>;
  close(): Promise<void>;
}

export async function openUi(session: ChromiumSession, extension: ExtensionHandle): Promise<Ui> {
  let page: Page | null = null;
  const ensure = async () => {
    if (page && !page.isClosed()) return page;
    page = await session.context.newPage();
    await page.goto(`${extension.origin}/${extension.manifest.options_ui?.page ?? "options/options.html"}`);
    return page;
  };
  return {
    async send(req) {
      const p = await ensure();
      return p.evaluate((r) => chrome.runtime.sendMessage(r), req as never) as never;
    },
    async close() {
      if (page && !page.isClosed()) await page.close();
    },
  };
}
