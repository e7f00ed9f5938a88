/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/preact";
import { AllowFor } from "./allow-for";

test("offers 24 hours and 7 days and says until when the site is allowed", () => {
  const chosen: (number | null)[] = [];
  render(<AllowFor expiresAt="2026-01-02T00:00:00Z" onChoose={(ms) => chosen.push(ms)} />);
  expect(screen.getByTestId("allow-expiry").textContent).toMatch(/^Allowed until .+, then undecided again\.$/);
  fireEvent.click(screen.getByRole("button", { name: "For 24 hours" }));
  fireEvent.click(screen.getByRole("button", { name: "For 7 days" }));
  fireEvent.click(screen.getByRole("button", { name: "Until I change it" }));
  expect(chosen).toEqual([86_400_000, 604_800_000, null]);
});
