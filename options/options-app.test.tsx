/** @jest-environment jsdom */
import { act, screen } from "@testing-library/preact";
import { fakeSend, renderWithSend } from "../ui/fake-send";
import { OptionsApp } from "./options-app";
import { SECTIONS } from "./sections";

describe("OptionsApp", () => {
  afterEach(() => {
    location.hash = "";
  });

  test("shows the first section, then the one the URL fragment names", async () => {
    const fake = fakeSend({ "settings/get": () => ({ defaultUndecided: "download-only" }), "sites/list": () => [] });
    renderWithSend(fake.send, <OptionsApp sections={SECTIONS} />);
    expect(screen.getByRole("region", { name: "Defaults" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Defaults" }).getAttribute("aria-current")).toBe("page");

    await act(async () => {
      location.hash = "#privacy";
      dispatchEvent(new HashChangeEvent("hashchange"));
    });
    expect(screen.getByRole("region", { name: "Privacy" }).textContent).toMatch(/sends nothing anywhere/);
    expect(screen.getByRole("link", { name: "Privacy" }).getAttribute("aria-current")).toBe("page");
    expect(screen.getByRole("link", { name: "Defaults" }).getAttribute("aria-current")).toBeNull();
  });
});
