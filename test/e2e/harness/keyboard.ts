// Node (jest e2e): real key presses in a page of either browser (TestPage.keyboard): "Space" for the space bar and
// chords like "Shift+Tab" (modifiers held down around the last key), which Puppeteer's keyboard does not parse.
import type { TestPage } from "./browser-session";

/** Presses `key` ("Enter", "ArrowDown", "Space", "Shift+Tab") as a user would in `page`. */
export async function press(page: TestPage, key: string): Promise<void> {
  const parts = key.split("+").map((k) => (k === "Space" ? " " : k));
  const last = parts.pop()!;
  for (const modifier of parts) await page.keyboard.down(modifier);
  try {
    await page.keyboard.press(last);
  } finally {
    for (const modifier of parts.reverse()) await page.keyboard.up(modifier);
  }
}
