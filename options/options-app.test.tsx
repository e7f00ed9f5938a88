/** @jest-environment jsdom */
import { act, screen } from "@testing-library/preact";
import { fakeSend, renderWithSend } from "../ui/fake-send";
import { OptionsApp } from "./options-app";
import { parseRoute } from "./route";
import { SECTIONS } from "./sections";

const go = async (hash: string) =>
  act(async () => {
    location.hash = hash;
    dispatchEvent(new HashChangeEvent("hashchange"));
  });

describe("OptionsApp", () => {
  afterEach(() => {
    location.hash = "";
  });

  test("shows Sites first, then the view the URL fragment names (new and earlier fragments)", async () => {
    const fake = fakeSend({
      "settings/get": () => ({ defaultUndecided: "download-only", pause: { active: false, until: null }, privateWindows: "download-only", logRetention: { retentionDays: 30, maxEntries: 5000 } }),
      "sites/list": () => [],
      "budgets/overview": () => ({ globalMonthlyCapBytes: null, globalUsedThisMonth: 0, metered: { metered: false, byNetwork: false, manual: { on: false, until: null }, budgetBytes: 0 }, sites: [] }),
      "budgets/site": ({ site }) => ({ site, limits: { dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null }, left: null, resetsAt: null, bars: [], usedToday: 0, usedThisMonth: 0, history: [], metered: { metered: false, byNetwork: false, manual: { on: false, until: null }, budgetBytes: 0 } }),
      "site/evidence": () => [],
    });
    renderWithSend(fake.send, <OptionsApp sections={SECTIONS} />);
    expect(screen.getByRole("region", { name: "Sites" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Sites" }).getAttribute("aria-current")).toBe("page");

    await go("#privacy");
    expect(screen.getByRole("region", { name: "Privacy" }).textContent).toMatch(/sends nothing anywhere/);
    expect(await screen.findByText(/keeps the last 30 days, at most 5,000 entries/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Privacy" }).getAttribute("aria-current")).toBe("page");
    expect(screen.getByRole("link", { name: "Sites" }).getAttribute("aria-current")).toBeNull();

    // The popup's link: a site's detail; the heading takes focus.
    await go("#/sites/example.com");
    expect(screen.getByRole("link", { name: "Sites" }).getAttribute("aria-current")).toBe("page");
    const heading = await screen.findByRole("heading", { level: 1, name: "example.com" });
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect(document.activeElement).toBe(heading);
    expect(await screen.findByRole("group", { name: "Mode for example.com" })).toBeTruthy();

    await go("#budgets");
    expect(screen.getByRole("heading", { level: 1, name: "Sites" })).toBeTruthy();
  });

  test("routes", () => {
    expect(parseRoute("#/sites/xn--bcher-kva.example")).toEqual({ section: "sites", param: "xn--bcher-kva.example" });
    expect(parseRoute("#/sites/b%C3%BCcher.example")).toEqual({ section: "sites", param: "bücher.example" });
    expect(parseRoute("#/log/a.example")).toEqual({ section: "log", param: "a.example" });
    expect(parseRoute("#log")).toEqual({ section: "log", param: null });
    expect(parseRoute("#/sites/")).toEqual({ section: "sites", param: null });
    expect(parseRoute("")).toEqual({ section: "", param: null });
    expect(parseRoute("#/sites/%E0%A4%A")).toEqual({ section: "sites", param: "%E0%A4%A" });
  });
});
