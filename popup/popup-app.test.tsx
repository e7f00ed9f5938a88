/** @jest-environment jsdom */
import { act, fireEvent, screen } from "@testing-library/preact";
import type { SiteView } from "../extension/shared/ui-messages";
import { fakeSend, renderWithSend } from "../ui/fake-send";
import { PopupApp } from "./popup-app";

// jsdom has no structuredClone.
const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const VIEW: SiteView = {
  site: "video.example",
  mode: "undecided",
  effective: {
    seeding: "download-only",
    uploadBudgetBytes: 65536,
    uploadRateLimitBps: null,
    metered: false,
    reason: "default",
    resetsAt: null,
  },
  hideIp: false,
  detected: true,
  evidence: [{ kind: "signature", detail: "p2p-media-loader (global p2pml)", at: "2025-05-01T10:00:00.000Z" }],
  tab: { up: 2048, down: 3 * 1024 * 1024, refused: 0 },
};

function setup(view: SiteView | (() => SiteView | Promise<SiteView>) = VIEW, more = {}, tabId: number | null = 7) {
  const fake = fakeSend({
    "site/get": typeof view === "function" ? view : () => clone(view),
    "site/set-mode": () => undefined,
    "site/set-hide-ip": () => undefined,
    ...more,
  });
  const openOptions = jest.fn(() => Promise.resolve());
  const utils = renderWithSend(
    fake.send,
    <PopupApp tabId={() => Promise.resolve(tabId)} openOptions={openOptions} pollMs={0} />,
  );
  return { ...fake, openOptions, ...utils };
}

/** Let the fake background's promises settle (works with fake timers, unlike waitFor). */
const flush = () =>
  act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  });

const radio = (name: RegExp) => screen.getByRole("radio", { name });

describe("PopupApp", () => {
  test("shows a loading state, then the site, its evidence, what applies and the tab's bytes", async () => {
    const { calls } = setup();
    expect(screen.getByRole("status").textContent).toMatch(/Loading/);
    expect(await screen.findByRole("heading", { name: "video.example" })).toBeTruthy();
    expect(calls[0]).toEqual({ type: "site/get", tabId: 7 });
    expect(screen.getByText(/Uses a peer-to-peer CDN/)).toBeTruthy();
    expect(screen.getByRole("list", { name: "Why Seedgate thinks so" }).textContent).toMatch(
      /Known P2P client:.*p2p-media-loader/,
    );
    expect(screen.getByText(/^Now:/).textContent).toMatch(/Download only.*your default for undecided sites.*64 KiB upload left/);
    expect(radio(/Undecided/).getAttribute("aria-checked")).toBe("true");
    expect(screen.getByTestId("bytes-up").textContent).toBe("2.0 KiB");
    expect(screen.getByTestId("bytes-down").textContent).toBe("3.0 MiB");
  });

  test("choosing a mode sends site/set-mode and shows it at once", async () => {
    let release!: () => void;
    const { sent } = setup(VIEW, {
      "site/set-mode": () => new Promise<void>((resolve) => (release = resolve)),
    });
    await screen.findByRole("radiogroup");
    fireEvent.click(radio(/Allow seeding/));
    // Checked before the background answered.
    expect(radio(/Allow seeding/).getAttribute("aria-checked")).toBe("true");
    expect(sent("site/get")).toEqual([{ type: "site/set-mode", site: "video.example", mode: "allow" }]);

    fireEvent.keyDown(radio(/Allow seeding/), { key: "ArrowDown" });
    expect(radio(/Download only/).getAttribute("aria-checked")).toBe("true");
    expect(sent("site/get")).toHaveLength(2);
    expect(sent("site/get")[1]).toEqual({ type: "site/set-mode", site: "video.example", mode: "download-only" });
    await act(async () => release());
  });

  test("a poll that started before a change does not undo it", async () => {
    jest.useFakeTimers();
    try {
      let stale!: (v: SiteView) => void;
      let stored = "undecided" as SiteView["mode"];
      let n = 0;
      const fake = fakeSend({
        "site/get": () => {
          n++;
          if (n === 2) return new Promise<SiteView>((resolve) => (stale = resolve));
          return { ...clone(VIEW), mode: stored };
        },
        "site/set-mode": (req) => {
          stored = req.mode;
        },
      });
      renderWithSend(fake.send, <PopupApp tabId={() => Promise.resolve(7)} openOptions={() => Promise.resolve()} />);
      await flush();
      await act(async () => jest.advanceTimersByTime(1000));
      expect(n).toBe(2); // the poll is in flight
      fireEvent.click(radio(/Block P2P/));
      await flush();
      expect(n).toBe(3); // the re-fetch after the change answered "block"
      await act(async () => stale({ ...clone(VIEW), mode: "undecided" }));
      await flush();
      expect(radio(/Block P2P/).getAttribute("aria-checked")).toBe("true");
    } finally {
      jest.useRealTimers();
    }
  });

  test("the hide-IP switch sends site/set-hide-ip", async () => {
    const { sent } = setup();
    const toggle = await screen.findByRole("switch", { name: "Hide my IP address" });
    expect(toggle.getAttribute("aria-checked")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-checked")).toBe("true");
    expect(sent("site/get")).toEqual([{ type: "site/set-hide-ip", site: "video.example", hideIp: true }]);
  });

  test("a page Seedgate cannot control shows why, with no controls", async () => {
    setup({ ...VIEW, site: null, effective: null, detected: false, evidence: [], tab: null });
    expect(await screen.findByText(/nothing to control on this page/)).toBeTruthy();
    expect(screen.queryByRole("radiogroup")).toBeNull();
    expect(screen.queryByRole("switch")).toBeNull();
    expect(screen.getByRole("button", { name: "Options and all sites" })).toBeTruthy();
  });

  test("no active tab is the same as no site, without asking the background", async () => {
    const { calls } = setup(VIEW, {}, null);
    expect(await screen.findByText(/nothing to control on this page/)).toBeTruthy();
    expect(calls).toEqual([]);
  });

  test("a site without P2P still offers the four modes", async () => {
    setup({ ...VIEW, detected: false, evidence: [] });
    expect(await screen.findByText(/No peer-to-peer use seen on this site/)).toBeTruthy();
    expect(screen.getAllByRole("radio")).toHaveLength(4);
  });

  test("an error from the background is shown with a retry, never a blank popup", async () => {
    let fail = true;
    setup(() => {
      if (fail) throw new Error("Receiving end does not exist.");
      return clone(VIEW);
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/Couldn't get this tab's status/);
    expect(alert.textContent).toMatch(/Receiving end does not exist\./);
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "video.example" })).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("a background without an answer is an error too", async () => {
    setup(() => undefined as unknown as SiteView);
    expect((await screen.findByRole("alert")).textContent).toMatch(/sent no answer/);
  });

  test("a failed mode change is reported and the old mode comes back", async () => {
    const { sent } = setup(VIEW, {
      "site/set-mode": () => Promise.reject(new Error("Storage is full")),
    });
    await screen.findByRole("radiogroup");
    fireEvent.click(radio(/Block P2P/));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/Couldn't save your change.*Storage is full/);
    expect(radio(/Undecided/).getAttribute("aria-checked")).toBe("true");
    expect(sent("site/get")).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("re-fetches every second so the byte counts move", async () => {
    jest.useFakeTimers();
    try {
      let up = 0;
      const fake = fakeSend({ "site/get": () => ({ ...clone(VIEW), tab: { up: (up += 1024), down: 0, refused: 0 } }) });
      const { unmount } = renderWithSend(
        fake.send,
        <PopupApp tabId={() => Promise.resolve(7)} openOptions={() => Promise.resolve()} />,
      );
      await flush();
      expect(screen.getByTestId("bytes-up").textContent).toBe("1.0 KiB");
      await act(async () => jest.advanceTimersByTime(1000));
      await flush();
      expect(screen.getByTestId("bytes-up").textContent).toBe("2.0 KiB");
      unmount();
      await act(async () => jest.advanceTimersByTime(5000));
      expect(fake.calls.filter((c) => c.type === "site/get")).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  test("the options link opens the options page", async () => {
    const { openOptions } = setup();
    fireEvent.click(await screen.findByRole("button", { name: "Options and all sites" }));
    expect(openOptions).toHaveBeenCalledTimes(1);
  });
});
