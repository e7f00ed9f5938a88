/** @jest-environment jsdom */
import { fireEvent, screen } from "@testing-library/preact";
import type { UiSettings } from "../../extension/shared/ui-messages";
import { fakeSend, renderWithSend } from "../../ui/fake-send";
import { DefaultsSection } from "./defaults";

describe("DefaultsSection", () => {
  test("shows the stored default and changing it sends settings/set-default-undecided", async () => {
    const stored: UiSettings = { defaultUndecided: "download-only" };
    const fake = fakeSend({
      "settings/get": () => ({ ...stored }),
      "settings/set-default-undecided": (req) => {
        stored.defaultUndecided = req.value;
      },
    });
    renderWithSend(fake.send, <DefaultsSection headingId="h" />);
    expect(screen.getByRole("status").textContent).toMatch(/Loading your settings/);
    const group = await screen.findByRole("radiogroup", { name: "Sites you have not decided on" });
    expect(group).toBeTruthy();
    const download = screen.getByRole("radio", { name: /Download only/ });
    const block = screen.getByRole("radio", { name: /Block P2P/ });
    expect(download.getAttribute("aria-checked")).toBe("true");

    fireEvent.keyDown(download, { key: "ArrowDown" });
    expect(block.getAttribute("aria-checked")).toBe("true");
    expect(fake.sent("settings/get")).toEqual([{ type: "settings/set-default-undecided", value: "block" }]);
    // After the re-fetch the stored value is shown.
    await screen.findByRole("radiogroup");
    expect(stored.defaultUndecided).toBe("block");
    expect(screen.getByRole("radio", { name: /Block P2P/ }).getAttribute("aria-checked")).toBe("true");
  });

  test("a failed change is reported and the stored default comes back", async () => {
    const fake = fakeSend({
      "settings/get": () => ({ defaultUndecided: "download-only" }),
      "settings/set-default-undecided": () => Promise.reject(new Error("quota exceeded")),
    });
    renderWithSend(fake.send, <DefaultsSection headingId="h" />);
    fireEvent.click(await screen.findByRole("radio", { name: /Block P2P/ }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/Couldn't save the default.*quota exceeded/);
    expect(screen.getByRole("radio", { name: /Download only/ }).getAttribute("aria-checked")).toBe("true");
  });

  test("a failed load shows the error and can be retried", async () => {
    let fail = true;
    const fake = fakeSend({
      "settings/get": () => {
        if (fail) throw new Error("Could not establish connection.");
        return { defaultUndecided: "block" };
      },
    });
    renderWithSend(fake.send, <DefaultsSection headingId="h" />);
    expect((await screen.findByRole("alert")).textContent).toMatch(/Couldn't load your settings.*Could not establish/);
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect((await screen.findByRole("radio", { name: /Block P2P/ })).getAttribute("aria-checked")).toBe("true");
  });
});
