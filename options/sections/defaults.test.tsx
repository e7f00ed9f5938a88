/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor } from "@testing-library/preact";
import type { BudgetsOverview, UiSettings } from "../../extension/shared/ui-messages";
import { fakeSend, renderWithSend } from "../../ui/fake-send";
import { DefaultsSection } from "./defaults";

const SETTINGS: UiSettings = { defaultUndecided: "download-only", pause: { active: false, until: null }, privateWindows: "download-only", logRetention: { retentionDays: 90, maxEntries: 100_000 } };
const OVERVIEW: BudgetsOverview = { globalMonthlyCapBytes: null, globalUsedThisMonth: 3 * 1024 * 1024, metered: { metered: false, byNetwork: false, manual: { on: false, until: null }, budgetBytes: 0 }, sites: [] };

const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function setup(overrides: Parameters<typeof fakeSend>[0] = {}) {
  const stored: UiSettings = clone(SETTINGS);
  const fake = fakeSend({
    "settings/get": () => clone(stored),
    "budgets/overview": () => clone(OVERVIEW),
    "settings/set-default-undecided": (req) => void (stored.defaultUndecided = req.value),
    "settings/set-private-windows": (req) => void (stored.privateWindows = req.mode),
    "settings/set-global-limits": () => undefined,
    ...overrides,
  });
  renderWithSend(fake.send, <DefaultsSection headingId="h" param={null} />);
  const writes = () => fake.calls.filter((c) => c.type !== "settings/get" && c.type !== "budgets/overview");
  return { fake, stored, writes };
}

describe("DefaultsSection", () => {
  test("shows the stored default; choosing another sends settings/set-default-undecided", async () => {
    const { stored, writes } = setup();
    expect(screen.getAllByRole("status")[0]!.textContent).toMatch(/Loading your settings/);
    const group = await screen.findByRole("group", { name: "Sites you have not decided on" });
    const download = screen.getAllByRole("radio", { name: /Download only/ })[0] as HTMLInputElement;
    expect(group.contains(download)).toBe(true);
    expect(download.checked).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getAllByRole("radio", { name: /Block P2P/ })[0]!);
    });
    expect(writes()).toEqual([{ type: "settings/set-default-undecided", value: "block" }]);
    expect(stored.defaultUndecided).toBe("block");
    await waitFor(() => expect((screen.getAllByRole("radio", { name: /Block P2P/ })[0] as HTMLInputElement).checked).toBe(true));
  });

  test("the private-window rule: three choices, the stored one checked; a choice is sent", async () => {
    const { writes } = setup();
    await screen.findByRole("group", { name: "Private windows" });
    expect((screen.getByRole("radio", { name: /Same as normal windows/ }) as HTMLInputElement).checked).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByRole("radio", { name: /Same as normal windows/ }));
    });
    expect(writes()).toEqual([{ type: "settings/set-private-windows", mode: "follow" }]);
  });

  test("a failed change is reported and the stored default comes back", async () => {
    setup({ "settings/set-default-undecided": () => Promise.reject(new Error("quota exceeded")) });
    await screen.findByRole("group", { name: "Sites you have not decided on" });
    await act(async () => {
      fireEvent.click(screen.getAllByRole("radio", { name: /Block P2P/ })[0]!);
    });
    expect((await screen.findByRole("alert")).textContent).toMatch(/Couldn't save your change.*quota exceeded/);
    expect((screen.getAllByRole("radio", { name: /Download only/ })[0] as HTMLInputElement).checked).toBe(true);
  });

  test("a failed load shows the error and can be retried", async () => {
    let fail = true;
    setup({
      "settings/get": () => {
        if (fail) throw new Error("Could not establish connection.");
        return { ...SETTINGS, defaultUndecided: "block" };
      },
    });
    expect((await screen.findByRole("alert")).textContent).toMatch(/Couldn't load your settings.*Could not establish/);
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect((screen.getAllByRole("radio", { name: /Block P2P/ })[0] as HTMLInputElement).checked).toBe(true));
  });

  test("the metered budget cannot be left empty; the global cap can (no limit) and is stored in bytes", async () => {
    const { writes } = setup();
    const metered = await screen.findByRole("textbox", { name: /Budget while on a metered connection/ });
    fireEvent.input(metered, { target: { value: "" } });
    fireEvent.blur(metered);
    expect((await screen.findByRole("alert")).textContent).toMatch(/Enter an amount/);
    const cap = screen.getByRole("textbox", { name: "Monthly cap, all sites together" });
    fireEvent.input(cap, { target: { value: "10 GiB" } });
    await act(async () => {
      fireEvent.blur(cap);
    });
    expect(writes()).toEqual([{ type: "settings/set-global-limits", globalMonthlyCapBytes: 10 * 2 ** 30, meteredBudgetBytes: 0 }]);
  });
});
