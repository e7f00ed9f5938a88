// Node (jest e2e), Chromium with dist/chrome in German (--lang=de and LANGUAGE=de, which Chromium on Linux reads
// for its UI language): the popup and the first-run page speak German — no English mode name anywhere in their
// text or accessible names, German mode names present — and numbers use German digits ("1,0 KiB").
import type { Page } from "playwright-core";
import { launchChromium, type ChromiumSession } from "./harness/chromium";
import { extensionOf, type ExtensionHandle } from "./harness/extension";
import { startFixtureServer, type FixtureServer } from "./harness/fixture-server";
import { shot } from "./harness/axe";
import { waitFor } from "./harness/wait-for";

jest.setTimeout(90_000);

const ENGLISH_MODES = ["Allow seeding", "Download only", "Block P2P", "Undecided", "Allow for this visit", "Seeding allowed", "P2P blocked"];
const GERMAN_MODES = ["Seeding erlauben", "Nur herunterladen", "P2P blockieren"];

let browser: ChromiumSession;
let extension: ExtensionHandle;
let server: FixtureServer;
const saved = { LANGUAGE: process.env.LANGUAGE, LANG: process.env.LANG };

beforeAll(async () => {
  process.env.LANGUAGE = "de";
  process.env.LANG = "de_DE.UTF-8";
  [browser, server] = await Promise.all([launchChromium({ args: ["--lang=de"] }), startFixtureServer()]);
  extension = await extensionOf(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** The page's visible text plus every accessible name and description source (aria-label, title). */
const allText = (p: Page) =>
  p.evaluate(() => [document.body.innerText, ...[...document.querySelectorAll("[aria-label],[title]")].map((el) => `${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("title") ?? ""}`)].join("\n"));

function expectGerman(text: string): void {
  for (const en of ENGLISH_MODES) expect(text).not.toContain(en);
}

test("the popup speaks German: German mode names, no English ones, in every part", async () => {
  const page = await browser.newPage(`${server.siteA}/first-script.html`);
  await page.evaluate(() => (navigator as unknown as { p2pConsent: { request(d: object): Promise<unknown> } }).p2pConsent.request({ client: "webtorrent", version: "2.8.5" }));
  const tabId = await extension.tabIdOf(page);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 360, height: 800 });
  await popup.goto(extension.popupUrl(tabId));
  await popup.getByRole("heading", { name: "127.0.0.1", exact: true }).waitFor();
  expect(await popup.evaluate(() => chrome.i18n.getUILanguage())).toMatch(/^de/);
  expect(await popup.evaluate(() => document.documentElement.lang)).toMatch(/^de/);
  await popup.getByRole("button", { name: "Woran erkennt Seedgate das?" }).click();
  await popup.getByRole("button", { name: "Datenverkehr und Upload-Budget" }).click();
  await popup.getByRole("heading", { name: "Upload-Budget" }).waitFor();
  const undecided = await allText(popup);
  for (const de of GERMAN_MODES) expect(undecided).toContain(de);
  expect(undecided).toMatch(/Jetzt: Nur herunterladen — Sie haben nicht entschieden/);
  expectGerman(undecided);
  await shot(popup, "german-undecided");

  await popup.getByRole("button", { name: "Seeding erlauben", exact: true }).click();
  await popup.getByRole("button", { name: "Rückgängig" }).waitFor();
  await waitFor(() => popup.getByTestId("now").textContent(), { message: "allowed shown" }, (t) => /Seeding erlaubt/.test(t ?? ""));
  const allowed = await allText(popup);
  expectGerman(allowed);
  await shot(popup, "german-allowed");
  await popup.close();
  await page.close();
});

test("the first-run page speaks German too", async () => {
  const url = `${extension.origin}/first-run/first-run.html`;
  const firstRun = browser.context.pages().find((p) => p.url() === url) ?? (await browser.newPage(url));
  await firstRun.getByRole("heading", { level: 1, name: "Willkommen bei Seedgate" }).waitFor();
  await firstRun.getByRole("button", { name: /^Nur herunterladen \(empfohlen\)/ }).waitFor();
  const text = await allText(firstRun);
  expect(text).toContain("P2P blockieren");
  expectGerman(text);
  await shot(firstRun, "german-first-run");
});
