/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/preact";
import { useState } from "preact/hooks";
import type { Mode } from "../extension/shared/status";
import { MODE_CHOICES } from "./mode-text";
import { RadioGroup } from "./radio-group";

function Harness({ initial, onChange }: { initial: Mode | null; onChange: (m: Mode) => void }) {
  const [value, setValue] = useState<Mode | null>(initial);
  return (
    <>
      <h2 id="g">What may this site do?</h2>
      <RadioGroup
        labelledBy="g"
        choices={MODE_CHOICES}
        value={value}
        onChange={(m) => {
          setValue(m);
          onChange(m);
        }}
      />
    </>
  );
}

const radio = (name: string) => screen.getByRole("radio", { name });
const checkedName = () =>
  screen.getAllByRole("radio").find((r) => r.getAttribute("aria-checked") === "true")?.textContent ?? null;

describe("RadioGroup", () => {
  test("is one labelled group of described radios with one tab stop on the checked one", () => {
    render(<Harness initial="block" onChange={() => {}} />);
    expect(screen.getByRole("radiogroup", { name: "What may this site do?" })).toBeTruthy();
    const radios = screen.getAllByRole("radio");
    expect(radios).toHaveLength(4);
    expect(radios.map((r) => r.getAttribute("tabindex"))).toEqual(["-1", "-1", "0", "-1"]);
    expect(radio("Block P2P").getAttribute("aria-checked")).toBe("true");
    const desc = document.getElementById(radio("Block P2P").getAttribute("aria-describedby")!);
    expect(desc?.textContent).toMatch(/peers never see your IP address/);
  });

  test("with nothing checked, the first radio is the tab stop", () => {
    render(<Harness initial={null} onChange={() => {}} />);
    expect(screen.getAllByRole("radio").map((r) => r.getAttribute("tabindex"))).toEqual(["0", "-1", "-1", "-1"]);
    expect(checkedName()).toBeNull();
  });

  test("arrow keys move focus and choose, wrapping at both ends", () => {
    const onChange = jest.fn();
    render(<Harness initial="allow" onChange={onChange} />);
    radio("Allow seeding").focus();

    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(document.activeElement).toBe(radio("Download only"));
    expect(radio("Download only").getAttribute("aria-checked")).toBe("true");
    expect(radio("Download only").getAttribute("tabindex")).toBe("0");
    expect(radio("Allow seeding").getAttribute("aria-checked")).toBe("false");

    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(document.activeElement).toBe(radio("Undecided (use default)"));
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(document.activeElement).toBe(radio("Allow seeding"));
    fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    expect(document.activeElement).toBe(radio("Undecided (use default)"));
    fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    expect(document.activeElement).toBe(radio("Block P2P"));

    expect(onChange.mock.calls.map((c) => c[0])).toEqual([
      "download-only",
      "block",
      "undecided",
      "allow",
      "undecided",
      "block",
    ]);
  });

  test("Home and End jump to the ends; Space chooses the focused radio; other keys do nothing", () => {
    const onChange = jest.fn();
    render(<Harness initial="download-only" onChange={onChange} />);
    radio("Download only").focus();
    fireEvent.keyDown(document.activeElement!, { key: "End" });
    expect(checkedName()).toMatch(/^Undecided/);
    fireEvent.keyDown(document.activeElement!, { key: "Home" });
    expect(checkedName()).toMatch(/^Allow seeding/);
    fireEvent.keyDown(document.activeElement!, { key: "a" });
    fireEvent.keyDown(document.activeElement!, { key: "Tab" });
    expect(onChange.mock.calls.map((c) => c[0])).toEqual(["undecided", "allow"]);

    // Focus without choosing (as a screen reader's virtual cursor can), then Space chooses.
    radio("Block P2P").focus();
    fireEvent.keyDown(document.activeElement!, { key: " " });
    expect(checkedName()).toMatch(/^Block P2P/);
    // Space on the checked radio does not report a change again.
    fireEvent.keyDown(document.activeElement!, { key: " " });
    expect(onChange.mock.calls.map((c) => c[0])).toEqual(["undecided", "allow", "block"]);
  });

  test("a click chooses", () => {
    const onChange = jest.fn();
    render(<Harness initial="undecided" onChange={onChange} />);
    fireEvent.click(radio("Allow seeding"));
    expect(onChange).toHaveBeenCalledWith("allow");
    expect(document.activeElement).toBe(radio("Allow seeding"));
  });
});
