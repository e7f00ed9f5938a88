// Node (jest e2e): accessibility and layout checks of an extension page, in Chromium and Firefox: axe-core (injected
// as source through the driver's evaluate — CDP's or BiDi's — which an extension page's CSP does not stop),
// horizontal overflow, and screenshots for people to look at.
import type { Page as PlaywrightPage } from "playwright-core";
import type { TestPage } from "./browser-session";
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./paths";

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** A page of the browser dimension, or a Playwright page of a Chromium-only spec. */
type AnyPage = TestPage | PlaywrightPage;
const asTest = (page: AnyPage) => page as unknown as TestPage;

let axeSource: string | null = null;

/** axe-core's serious and critical violations (WCAG 2.x A and AA rules and axe's best practices) on the page now. */
export async function seriousViolations(anyPage: AnyPage): Promise<AxeFinding[]> {
  const page = asTest(anyPage);
  axeSource ??= readFileSync(path.join(repoRoot, "node_modules", "axe-core", "axe.min.js"), "utf8");
  // Both drivers take a string as source to evaluate (TestPage types only the function form).
  const evaluateSource = (page as unknown as { evaluate(source: string): Promise<unknown> }).evaluate.bind(page);
  if (!(await page.evaluate(() => "axe" in window))) await evaluateSource(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** scrollWidth and innerWidth of the page: no horizontal scrolling when the first is at most the second. */
export function widths(page: AnyPage): Promise<{ scrollWidth: number; innerWidth: number }> {
  return asTest(page).evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/** Saves a full-page PNG under $SEEDGATE_SHOTS/<name>.png when SEEDGATE_SHOTS is set (for people to look at). */
export async function shot(page: AnyPage, name: string): Promise<void> {
  const dir = process.env.SEEDGATE_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await (page as TestPage).screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
