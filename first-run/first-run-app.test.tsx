/** @jest-environment jsdom */
import { act, fireEvent, screen } from "@testing-library/preact";
import type { UndecidedDefault } from "../extension/shared/ui-messages";
import { fakeSend, renderWithSend } from "../ui/fake-send";
import { FirstRunApp } from "./first-run-app";
import { pinState, type PinState } from "./pin-state";

function setup(pin: () => Promise<PinState>, stored: UndecidedDefault = "download-only") {
  let value = stored;
  const fake = fakeSend({
    "settings/get": () => ({ defaultUndecided: value, pause: { active: false, until: null }, privateWindows: "follow", logRetention: { retentionDays: 90, maxEntries: 100_000 } }),
    "settings/set-default-undecided": (req) => void (value = req.value),
  });
  const openOptions = jest.fn();
  renderWithSend(fake.send, <FirstRunApp pinState={pin} openOptions={openOptions} pinPollMs={0} />);
  return { ...fake, openOptions, stored: () => value };
}

test("says what a P2P CDN does with upload, IP address and data cap", async () => {
  setup(() => Promise.resolve("pinned"));
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Welcome to Seedgate");
  const text = document.body.textContent ?? "";
  expect(text).toMatch(/Your upload:/);
  expect(text).toMatch(/Your IP address:/);
  expect(text).toMatch(/Your data cap:/);
  expect(await screen.findByText("The Seedgate button is pinned to your toolbar.")).toBeTruthy();
  // Pinned: no steps to follow.
  expect(document.querySelector("ol.steps")).toBeNull();
});

test("the default for undecided sites: shows the stored one and stores a click", async () => {
  const fake = setup(() => Promise.resolve("hidden"));
  const downloadOnly = await screen.findByRole("button", { name: /Download only \(recommended\)/ });
  await act(async () => {});
  expect(downloadOnly.getAttribute("aria-pressed")).toBe("true");
  const block = screen.getByRole("button", { name: /Block P2P/ });
  expect(block.getAttribute("aria-pressed")).toBe("false");
  fireEvent.click(block);
  expect(block.getAttribute("aria-pressed")).toBe("true");
  expect(fake.sent("settings/get")).toEqual([{ type: "settings/set-default-undecided", value: "block" }]);
  expect(fake.stored()).toBe("block");
  expect(await screen.findByText("The Seedgate button is not pinned yet.")).toBeTruthy();
  expect(screen.getByText(/puzzle piece/)).toBeTruthy();
});

test("a browser that does not tell whether the button is pinned gets the steps, said gracefully", async () => {
  setup(() => pinState(undefined));
  expect(await screen.findByText(/does not tell extensions whether their button is pinned/)).toBeTruthy();
  expect(screen.getByText(/puzzle piece/)).toBeTruthy();
});

test("pinState reads action.getUserSettings where it exists", async () => {
  expect(await pinState({ getUserSettings: () => Promise.resolve({ isOnToolbar: true }) })).toBe("pinned");
  expect(await pinState({ getUserSettings: () => Promise.resolve({ isOnToolbar: false }) })).toBe("hidden");
  expect(await pinState({ getUserSettings: () => Promise.reject(new Error("no")) })).toBe("unknown");
  expect(await pinState({})).toBe("unknown");
});
