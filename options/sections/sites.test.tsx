/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from "@testing-library/preact";
import type { BudgetsOverview, SiteBudgets, RuleListing } from "../../extension/shared/ui-messages";
import type { Mode } from "../../extension/shared/status";
import { fakeSend, renderWithSend } from "../../ui/fake-send";
import { SitesSection } from "./sites";

const MiB = 1024 * 1024;
const RULES: RuleListing[] = [
  { site: "a.example", mode: "allow", hideIp: false, detected: true, updatedAt: "2025-05-01T10:00:00.000Z" },
  { site: "b.example", mode: "block", hideIp: true, detected: false, updatedAt: "2025-05-03T10:00:00.000Z" },
  { site: "xn--bcher-kva.example", mode: "download-only", hideIp: false, detected: true, updatedAt: "2025-05-02T10:00:00.000Z" },
];
type Limits = { dailyBudgetBytes: number | null; monthlyBudgetBytes: number | null; rateLimitBps: number | null };
const NONE: Limits = { dailyBudgetBytes: null, monthlyBudgetBytes: null, rateLimitBps: null };

/** A background with rules, limits and usage that the requests change. */
function setup(param: string | null = null, rules: RuleListing[] = RULES, overrides: Parameters<typeof fakeSend>[0] = {}) {
  let stored = rules.map((r) => ({ ...r }));
  const limits = new Map<string, Limits>([["a.example", { dailyBudgetBytes: MiB, monthlyBudgetBytes: null, rateLimitBps: null }]]);
  const used: Record<string, number> = { "a.example": 3 * MiB, "b.example": 0, "xn--bcher-kva.example": 5 * MiB };
  const upsert = (site: string, patch: Partial<RuleListing>) => {
    if (!stored.some((r) => r.site === site)) stored.push({ site, mode: "undecided", hideIp: false, detected: false, updatedAt: "2025-06-01T00:00:00.000Z" });
    stored = stored.map((r) => (r.site === site ? { ...r, ...patch } : r));
  };
  const overview = (): BudgetsOverview => ({
    globalMonthlyCapBytes: null,
    globalUsedThisMonth: 0,
    metered: { metered: false, byNetwork: false, manual: { on: false, until: null }, budgetBytes: 0 },
    sites: stored.map((r) => ({ site: r.site, mode: r.mode, hideIp: r.hideIp, ...(limits.get(r.site) ?? NONE), usedToday: (used[r.site] ?? 0) / 2, usedThisMonth: used[r.site] ?? 0, detected: r.detected })),
  });
  const siteBudgets = (site: string): SiteBudgets => ({
    site,
    limits: limits.get(site) ?? NONE,
    left: null,
    resetsAt: null,
    bars: [],
    usedToday: (used[site] ?? 0) / 2,
    usedThisMonth: used[site] ?? 0,
    history: Array.from({ length: 30 }, (_, i) => ({ day: `2025-05-${String(i + 1).padStart(2, "0")}`, bytes: i * 1000 })),
    metered: overview().metered,
  });
  const fake = fakeSend({
    "sites/list": () => stored.map((r) => ({ ...r })),
    "budgets/overview": () => overview(),
    "budgets/site": ({ site }) => siteBudgets(site),
    "site/evidence": ({ site }) => (site === "a.example" ? [{ kind: "signature", client: "WebTorrent", detail: "script wt.min.js", at: "2025-05-01T10:00:00.000Z" }] : []),
    "site/set-mode": ({ site, mode }) => upsert(site, { mode }),
    "site/set-hide-ip": ({ site, hideIp }) => upsert(site, { hideIp }),
    "site/set-limits": ({ site, dailyBudgetBytes, monthlyBudgetBytes, rateLimitBps }) => {
      upsert(site, {});
      limits.set(site, { dailyBudgetBytes, monthlyBudgetBytes, rateLimitBps });
    },
    "site/remove": ({ site }) => {
      stored = stored.filter((r) => r.site !== site);
      limits.delete(site);
    },
    ...overrides,
  });
  renderWithSend(fake.send, <SitesSection headingId="h" param={param} />);
  const writes = () => fake.calls.filter((c) => !["sites/list", "budgets/overview", "budgets/site", "site/evidence"].includes(c.type));
  return { fake, writes, stored: () => stored };
}

const cards = () => screen.getAllByRole("listitem").map((li) => within(li).getByRole("link").textContent);

describe("Sites list", () => {
  test("every site with a human mode name, its usage, and controls that name the site; Unicode names", async () => {
    setup();
    const link = await screen.findByRole("link", { name: "bücher.example: details" });
    expect(link.getAttribute("href")).toBe("#/sites/xn--bcher-kva.example");
    const card = link.closest("li")!;
    expect(card.textContent).toContain("Download only");
    expect(card.textContent).not.toMatch(/download-only|xn--/);
    const a = screen.getByRole("link", { name: "a.example: details" }).closest("li")!;
    expect(a.textContent).toMatch(/Allow seeding/);
    expect(a.textContent).toMatch(/Today:?1\.5\s*MiB of 1\.0\s*MiB/);
    expect(screen.getByRole("checkbox", { name: "Select b.example" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Remove the rule for b.example" })).toBeTruthy();
    expect(screen.getByText("3 sites")).toBeTruthy();
  });

  test("search by stored or shown name, and sort", async () => {
    setup();
    await screen.findByRole("link", { name: "a.example: details" });
    expect(cards()).toEqual(["a.example", "b.example", "bücher.example"]);
    fireEvent.change(screen.getByRole("combobox", { name: "Sort by" }), { target: { value: "usage" } });
    expect(cards()).toEqual(["bücher.example", "a.example", "b.example"]);
    fireEvent.change(screen.getByRole("combobox", { name: "Sort by" }), { target: { value: "changed" } });
    expect(cards()).toEqual(["b.example", "bücher.example", "a.example"]);
    fireEvent.input(screen.getByRole("searchbox", { name: "Search sites" }), { target: { value: "bü" } });
    expect(cards()).toEqual(["bücher.example"]);
    fireEvent.input(screen.getByRole("searchbox", { name: "Search sites" }), { target: { value: "xn--b" } });
    expect(cards()).toEqual(["bücher.example"]);
    expect(screen.getByText("1 of 3 sites shown")).toBeTruthy();
    fireEvent.input(screen.getByRole("searchbox", { name: "Search sites" }), { target: { value: "nothing" } });
    expect(screen.getByText("No site matches “nothing”.")).toBeTruthy();
  });

  test.each([
    ["", /Type the address of a site first/],
    ["not a site", /“not a site” is not a web address/],
    ["co.uk", /an ending shared by many sites/],
    ["intranet", /has no domain ending/],
    ["www.a.example", /a\.example is already in your list/],
  ])("adding %j is refused with a clear message and nothing is sent", async (typed, message) => {
    const { writes } = setup();
    const field = await screen.findByRole("textbox", { name: "Site address" });
    fireEvent.input(field, { target: { value: typed } });
    fireEvent.submit(field.closest("form")!);
    expect((await screen.findByRole("alert")).textContent).toMatch(message);
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(writes()).toEqual([]);
  });

  test("a typed address adds its site with the chosen mode", async () => {
    const { writes } = setup();
    const field = await screen.findByRole("textbox", { name: "Site address" });
    fireEvent.input(field, { target: { value: "https://video.New.example.co.uk/watch?v=1" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Mode" }), { target: { value: "block" } });
    await act(async () => {
      fireEvent.submit(field.closest("form")!);
    });
    expect(writes()).toEqual([{ type: "site/set-mode", site: "example.co.uk", mode: "block" }]);
    await screen.findByRole("link", { name: "example.co.uk: details" });
    expect((await screen.findByText(/Added example\.co\.uk\./)).getAttribute("role")).toBe("status");
  });

  test("one mode for the selected sites", async () => {
    const { writes } = setup();
    await screen.findByRole("link", { name: "a.example: details" });
    const apply = screen.getByRole("button", { name: /Apply to 0 selected sites/ });
    expect((apply as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("checkbox", { name: "Select a.example" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Select bücher.example" }));
    fireEvent.change(screen.getByRole("combobox", { name: "New mode" }), { target: { value: "block" } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Apply to 2 selected sites" }));
    });
    expect(writes()).toEqual([
      { type: "site/set-mode", site: "a.example", mode: "block" },
      { type: "site/set-mode", site: "xn--bcher-kva.example", mode: "block" },
    ]);
    expect(await screen.findByText("Block P2P now applies to 2 sites.")).toBeTruthy();
    // Select all shown, then none.
    fireEvent.click(screen.getByRole("checkbox", { name: "Select all shown" }));
    expect(screen.getByRole("button", { name: "Apply to 3 selected sites" })).toBeTruthy();
  });

  test("remove takes effect at once; focus goes to the notice; Undo puts the whole rule back", async () => {
    const { writes, stored } = setup();
    await screen.findByRole("link", { name: "a.example: details" });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Remove the rule for a.example" }));
    });
    expect(writes()).toEqual([{ type: "site/remove", site: "a.example" }]);
    await waitFor(() => expect(screen.queryByRole("link", { name: "a.example: details" })).toBeNull());
    const notice = screen.getByText(/Removed the rule for a\.example/).closest(".notice-undo")!;
    await waitFor(() => expect(document.activeElement).toBe(notice));
    await act(async () => {
      fireEvent.click(within(notice as HTMLElement).getByRole("button", { name: "Undo" }));
    });
    expect(writes().slice(1)).toEqual([
      { type: "site/set-limits", site: "a.example", dailyBudgetBytes: MiB, monthlyBudgetBytes: null, rateLimitBps: null },
      { type: "site/set-mode", site: "a.example", mode: "allow" },
    ]);
    expect(stored().find((r) => r.site === "a.example")).toMatchObject({ mode: "allow", hideIp: false });
    await screen.findByRole("link", { name: "a.example: details" });
    expect(screen.getByText("The rule for a.example is back.")).toBeTruthy();
  });

  test("no sites yet says how to add one", async () => {
    setup(null, []);
    expect(await screen.findByText(/No sites yet/)).toBeTruthy();
    expect(screen.queryByRole("list", { name: "Your sites" })).toBeNull();
  });
});

describe("A site's detail (#/sites/<site>)", () => {
  test("shows the mode, budgets, usage, 30 days, evidence and a link to its log", async () => {
    setup("a.example");
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("a.example");
    const group = await screen.findByRole("group", { name: "Mode for a.example" });
    expect(within(group).getByRole("button", { name: /Allow seeding/ }).getAttribute("aria-pressed")).toBe("true");
    expect(((await screen.findByRole("textbox", { name: "Daily budget" })) as HTMLInputElement).value).toBe("1 MiB");
    expect(screen.getByRole("list", { name: "Uploads to peers on a.example per day, last 30 days" }).children).toHaveLength(30);
    expect((await screen.findByText("Known P2P software: WebTorrent")).closest("li")!.textContent).toContain("script wt.min.js");
    expect(screen.getByRole("link", { name: "Log entries for a.example" }).getAttribute("href")).toBe("#/log/a.example");
  });

  test("the mode changes only on pressing a choice: arrow keys on the group send nothing", async () => {
    const { writes } = setup("b.example");
    const group = await screen.findByRole("group", { name: "Mode for b.example" });
    const block = within(group).getByRole("button", { name: /Block P2P/ });
    for (const key of ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"]) fireEvent.keyDown(block, { key });
    expect(writes()).toEqual([]);
    await act(async () => {
      fireEvent.click(within(group).getByRole("button", { name: /Download only/ }));
    });
    expect(writes()).toEqual([{ type: "site/set-mode", site: "b.example", mode: "download-only" as Mode }]);
    await waitFor(() => expect(within(group).getByRole("button", { name: /Download only/ }).getAttribute("aria-pressed")).toBe("true"));
  });

  test("a typed budget is stored in bytes (a decimal comma too)", async () => {
    const { writes } = setup("b.example");
    const field = await screen.findByRole("textbox", { name: "Monthly budget" });
    fireEvent.input(field, { target: { value: "1,5 MiB" } });
    await act(async () => {
      fireEvent.blur(field);
    });
    expect(writes()).toEqual([{ type: "site/set-limits", site: "b.example", dailyBudgetBytes: null, monthlyBudgetBytes: 1572864, rateLimitBps: null }]);
  });

  test.each([
    ["-5 MiB", /cannot be negative/],
    ["lots", /not an amount/],
    ["5 parsecs", /Unknown unit “parsecs”/],
    ["5000 TiB", /more than 1 PiB/],
  ])("%j is refused with a clear message and nothing is sent", async (text, message) => {
    const { writes } = setup("a.example");
    const field = await screen.findByRole("textbox", { name: "Upload rate (per second)" });
    fireEvent.input(field, { target: { value: text } });
    fireEvent.keyDown(field, { key: "Enter" });
    expect((await screen.findByRole("alert")).textContent).toMatch(message);
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(writes()).toEqual([]);
  });

  test("Remove goes back to the list with an Undo", async () => {
    location.hash = "#/sites/b.example";
    const { writes } = setup("b.example");
    await screen.findByRole("group", { name: "Mode for b.example" });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Remove the rule for b.example" }));
    });
    expect(writes()).toEqual([{ type: "site/remove", site: "b.example" }]);
    expect(location.hash).toBe("#/sites");
    location.hash = "";
  });

  test("a refused Remove is reported and the rule stays", async () => {
    const { stored } = setup("b.example", RULES, { "site/remove": () => Promise.reject(new Error("The mode of b.example is set by your organisation's policy.")) });
    await screen.findByRole("group", { name: "Mode for b.example" });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Remove the rule for b.example" }));
    });
    expect((await screen.findByRole("alert")).textContent).toMatch(/Couldn't remove the rule for b\.example.*organisation's policy/);
    expect(stored().some((r) => r.site === "b.example")).toBe(true);
  });

  test("a fragment that is no site says so", async () => {
    setup("not a site");
    expect((await screen.findByRole("alert")).textContent).toMatch(/“not a site” is not a site/);
  });
});
