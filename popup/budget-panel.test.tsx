/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from "@testing-library/preact";
import type { SiteBudgets } from "../extension/shared/ui-messages";
import { fakeSend, renderWithSend } from "../ui/fake-send";
import { BudgetPanel } from "./budget-panel";

const VIEW: SiteBudgets = {
  site: "video.example",
  limits: { dailyBudgetBytes: 1024 * 1024, monthlyBudgetBytes: null, rateLimitBps: null },
  left: 0,
  resetsAt: "2026-03-16T00:00:00.000Z",
  bars: [{ kind: "site-day", limit: 1024 * 1024, used: 1024 * 1024, left: 0, resetsAt: "2026-03-16T00:00:00.000Z" }],
  usedToday: 1024 * 1024,
  usedThisMonth: 1024 * 1024,
  history: [],
  metered: { metered: false, byNetwork: false, manual: { on: false, until: null }, budgetBytes: 0 },
};

test("shows the site's budget bars and turns the metered switch on for the chosen time", async () => {
  const fake = fakeSend({ "budgets/site": () => JSON.parse(JSON.stringify(VIEW)) as SiteBudgets, "metered/set-manual": () => undefined });
  renderWithSend(fake.send, <BudgetPanel site="video.example" />);
  expect((await screen.findByText(/of 1\.0 MiB/)).textContent).toMatch(/1\.0 MiB of 1\.0 MiB · used up, refills/);
  fireEvent.change(screen.getByRole("combobox"), { target: { value: "1" } }); // for 1 hour
  const before = Date.now();
  fireEvent.click(screen.getByRole("switch", { name: /metered connection/ }));
  await waitFor(() => expect(fake.calls.some((c) => c.type === "metered/set-manual")).toBe(true));
  const req = fake.calls.find((c) => c.type === "metered/set-manual") as { on: boolean; until: string };
  expect(req.on).toBe(true);
  const ends = Date.parse(req.until) - before;
  expect(ends).toBeGreaterThanOrEqual(3_600_000 - 1000);
  expect(ends).toBeLessThanOrEqual(3_600_000 + 1000);
});
