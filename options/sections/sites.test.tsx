/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import type { SiteRule } from "../../extension/shared/ui-messages";
import { fakeSend, renderWithSend } from "../../ui/fake-send";
import { SitesSection } from "./sites";

const RULES: SiteRule[] = [
  { site: "a.example", mode: "allow", hideIp: false, detected: true, updatedAt: "2025-05-01T10:00:00.000Z" },
  { site: "b.example", mode: "block", hideIp: true, detected: false, updatedAt: "2025-05-02T10:00:00.000Z" },
];

function setup(rules: SiteRule[] = RULES) {
  let stored = rules.map((r) => ({ ...r }));
  const fake = fakeSend({
    "sites/list": () => stored.map((r) => ({ ...r })),
    "site/set-mode": ({ site, mode }) => {
      stored = stored.map((r) => (r.site === site ? { ...r, mode } : r));
    },
    "site/set-hide-ip": ({ site, hideIp }) => {
      stored = stored.map((r) => (r.site === site ? { ...r, hideIp } : r));
    },
    "site/remove": ({ site }) => {
      stored = stored.filter((r) => r.site !== site);
    },
  });
  renderWithSend(fake.send, <SitesSection headingId="h" />);
  return fake;
}

describe("SitesSection", () => {
  test("lists each rule with its mode and hide-IP flag", async () => {
    setup();
    const row = (await screen.findByRole("rowheader", { name: /a\.example/ })).closest("tr")!;
    expect((within(row).getByRole("combobox", { name: "Mode for a.example" }) as HTMLSelectElement).value).toBe("allow");
    expect(
      (screen.getByRole("checkbox", { name: "Hide my IP address on b.example" }) as HTMLInputElement).checked,
    ).toBe(true);
  });

  test("editing a row sends the matching request", async () => {
    const fake = setup();
    const select = (await screen.findByRole("combobox", { name: "Mode for a.example" })) as HTMLSelectElement;
    select.value = "download-only";
    fireEvent.change(select);
    fireEvent.click(screen.getByRole("checkbox", { name: "Hide my IP address on a.example" }));
    await waitFor(() =>
      expect(fake.sent("sites/list")).toEqual([
        { type: "site/set-mode", site: "a.example", mode: "download-only" },
        { type: "site/set-hide-ip", site: "a.example", hideIp: true },
      ]),
    );
  });

  test("remove forgets the rule and the row goes away", async () => {
    const fake = setup();
    fireEvent.click(await screen.findByRole("button", { name: "Remove the rule for b.example" }));
    expect(screen.queryByRole("rowheader", { name: /b\.example/ })).toBeNull();
    expect(fake.sent("sites/list")).toEqual([{ type: "site/remove", site: "b.example" }]);
  });

  test("no rules yet says how to add one", async () => {
    setup([]);
    expect(await screen.findByText(/No rules yet/)).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });
});
