/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import type { BudgetsOverview } from "../../extension/shared/ui-messages";
import { fakeSend, renderWithSend } from "../../ui/fake-send";
import { BudgetsSection } from "./budgets";

const OVERVIEW: BudgetsOverview = {
  globalMonthlyCapBytes: null,
  globalUsedThisMonth: 3 * 1024 * 1024,
  metered: { metered: false, detected: false, manual: { on: false, until: null }, budgetBytes: 0 },
  sites: [
    { site: "a.example", mode: "allow", hideIp: false, dailyBudgetBytes: 1024 * 1024, monthlyBudgetBytes: null, rateLimitBps: null, usedToday: 512 * 1024, usedThisMonth: 2 * 1024 * 1024 },
    { site: "b.example", mode: "block", hideIp: true, dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null, usedToday: 0, usedThisMonth: 0 },
  ],
};

const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function setup() {
  let data = clone(OVERVIEW);
  const fake = fakeSend({
    "budgets/overview": () => clone(data),
    "site/set-limits": ({ site, dailyBudgetBytes, monthlyBudgetBytes, rateLimitBps }) => {
      data = { ...data, sites: data.sites.map((r) => (r.site === site ? { ...r, dailyBudgetBytes, monthlyBudgetBytes, rateLimitBps } : r)) };
    },
    "settings/set-global-limits": ({ globalMonthlyCapBytes, meteredBudgetBytes }) => {
      data = { ...data, globalMonthlyCapBytes, metered: { ...data.metered, budgetBytes: meteredBudgetBytes } };
    },
    "site/remove": ({ site }) => {
      data = { ...data, sites: data.sites.filter((r) => r.site !== site) };
    },
  });
  renderWithSend(fake.send, <BudgetsSection headingId="h" />);
  return fake;
}

const writes = (fake: ReturnType<typeof setup>) => fake.calls.filter((c) => c.type !== "budgets/overview");

describe("BudgetsSection", () => {
  test("a typed budget is stored in bytes", async () => {
    const fake = setup();
    const field = await screen.findByRole("textbox", { name: "Daily budget for b.example" });
    fireEvent.input(field, { target: { value: "1.5 MiB" } });
    fireEvent.blur(field);
    await waitFor(() => expect(writes(fake)).toEqual([{ type: "site/set-limits", site: "b.example", dailyBudgetBytes: 1572864, monthlyBudgetBytes: null, rateLimitBps: null }]));
  });

  test.each([
    ["-5 MiB", /cannot be negative/],
    ["lots", /not an amount/],
    ["5000 TiB", /more than 1 PiB/],
  ])("%j is refused with a clear message and nothing is sent", async (text, message) => {
    const fake = setup();
    const field = await screen.findByRole("textbox", { name: "Monthly budget for a.example" });
    fireEvent.input(field, { target: { value: text } });
    fireEvent.keyDown(field, { key: "Enter" });
    expect((await screen.findByRole("alert")).textContent).toMatch(message);
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(writes(fake)).toEqual([]);
  });

  test("the metered budget cannot be left empty; the global cap can (no limit)", async () => {
    const fake = setup();
    const metered = await screen.findByRole("textbox", { name: "Budget while metered" });
    fireEvent.input(metered, { target: { value: "" } });
    fireEvent.blur(metered);
    expect((await screen.findByRole("alert")).textContent).toMatch(/Enter an amount/);
    const cap = screen.getByRole("textbox", { name: "Global monthly cap" });
    fireEvent.input(cap, { target: { value: "10 GiB" } });
    fireEvent.blur(cap);
    await waitFor(() => expect(writes(fake)).toEqual([{ type: "settings/set-global-limits", globalMonthlyCapBytes: 10 * 2 ** 30, meteredBudgetBytes: 0 }]));
  });

  test("search filters the table; remove asks the background", async () => {
    const fake = setup();
    await screen.findByRole("rowheader", { name: "a.example" });
    fireEvent.input(screen.getByRole("searchbox", { name: "Search sites" }), { target: { value: "b.ex" } });
    expect(screen.queryByRole("rowheader", { name: "a.example" })).toBeNull();
    const row = screen.getByRole("rowheader", { name: "b.example" }).closest("tr")!;
    fireEvent.click(within(row).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(writes(fake)).toEqual([{ type: "site/remove", site: "b.example" }]));
  });

  test("usage today and this month are shown as bars against the limits", async () => {
    setup();
    await screen.findByRole("rowheader", { name: "a.example" });
    // jsdom has no implicit role for <meter>: find it by its label.
    const meter = document.querySelector('meter[aria-label="a.example today"]')!;
    expect([meter.getAttribute("value"), meter.getAttribute("max")]).toEqual([String(512 * 1024), String(1024 * 1024)]);
    expect(meter.nextElementSibling!.textContent).toBe("512 KiB of 1.0 MiB");
  });
});
