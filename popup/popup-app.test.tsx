/** @jest-environment jsdom */
import { act, fireEvent, screen } from "@testing-library/preact";
import type { SiteView } from "../extension/shared/ui-messages";
import { fakeSend, renderWithSend, type FakeHandlers } from "../ui/fake-send";
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
  visitOnly: false,
  pause: { active: false, until: null },
};

function setup(view: SiteView | (() => SiteView | Promise<SiteView>) = VIEW, more: FakeHandlers = {}, tabId: number | null = 7) {
  const fake = fakeSend({
    "site/get": typeof view === "function" ? view : () => clone(view),
    "site/set-mode": () => undefined,
    "site/set-hide-ip": () => undefined,
    ...more,
  });
  const openOptions = jest.fn((_site: string | null) => Promise.resolve());
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

const choice = (name: string) => screen.getByRole("button", { name });
const pressed = () =>
  screen
    .getAllByRole("button")
    .filter((b) => b.getAttribute("aria-pressed") === "true")
    .map((b) => b.textContent);
const openDetails = () => fireEvent.click(screen.getByRole("button", { name: "Traffic and upload budget" }));

describe("PopupApp", () => {
  test("shows a loading state, then the site, one sentence, what applies now and three choices; evidence waits behind Why?", async () => {
    const { calls } = setup(VIEW, { "budgets/site": () => Promise.reject(new Error("not in this test")) });
    expect(screen.getByRole("status").textContent).toMatch(/Loading/);
    expect(await screen.findByRole("heading", { name: "video.example" })).toBeTruthy();
    expect(calls[0]).toEqual({ type: "site/get", tabId: 7 });
    expect(screen.getByText(/uses a peer-to-peer CDN/)).toBeTruthy();
    expect(screen.getByTestId("now").textContent).toBe("Now: Download only — you have not decided · 64 KiB upload left");
    expect(screen.getByRole("group", { name: "What may this site do?" })).toBeTruthy();
    for (const name of ["Allow seeding", "Allow for this visit", "Download only", "Block P2P"]) expect(choice(name).getAttribute("aria-pressed")).toBe("false");
    // No radio semantics: nothing to select by moving.
    expect(screen.queryByRole("radio")).toBeNull();
    expect(screen.queryByRole("radiogroup")).toBeNull();
    expect(screen.queryByRole("list", { name: "Why Seedgate thinks so" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Why does Seedgate think so?" }));
    expect(screen.getByRole("list", { name: "Why Seedgate thinks so" }).textContent).toMatch(/Known P2P client:.*p2p-media-loader/);
    expect(screen.queryByTestId("bytes-up")).toBeNull();
    openDetails();
    expect(screen.getByTestId("bytes-up").textContent).toBe("2.0 KiB");
    expect(screen.getByTestId("bytes-down").textContent).toBe("3.0 MiB");
  });

  test("undecided with the default block says blocked, and why", async () => {
    setup({ ...VIEW, effective: { ...VIEW.effective!, seeding: "blocked", uploadBudgetBytes: 0 } });
    expect((await screen.findByTestId("now")).textContent).toBe("Now: P2P blocked — you have not decided");
  });

  test("a click on a choice sends site/set-mode and shows it at once; keys that move focus send nothing", async () => {
    let release!: () => void;
    const { sent } = setup(VIEW, {
      "site/set-mode": () => new Promise<void>((resolve) => (release = resolve)),
    });
    await screen.findByRole("heading", { name: "video.example" });
    fireEvent.click(choice("Allow seeding"));
    // Pressed before the background answered.
    expect(choice("Allow seeding").getAttribute("aria-pressed")).toBe("true");
    expect(sent("site/get")).toEqual([{ type: "site/set-mode", site: "video.example", mode: "allow" }]);
    for (const key of ["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]) {
      for (const name of ["Allow seeding", "Allow for this visit", "Download only", "Block P2P"]) fireEvent.keyDown(choice(name), { key });
    }
    expect(sent("site/get")).toHaveLength(1);
    expect(pressed()).toEqual(["Allow seeding"]);
    await act(async () => release());
  });

  test("Allow for this visit sends visitOnly and says until when", async () => {
    const { sent } = setup();
    await screen.findByRole("heading", { name: "video.example" });
    fireEvent.click(choice("Allow for this visit"));
    expect(sent("site/get")).toEqual([{ type: "site/set-mode", site: "video.example", mode: "allow", visitOnly: true }]);
    expect(pressed()).toEqual(["Allow for this visit"]);
    expect(screen.getByTestId("allow-expiry").textContent).toMatch(/for this visit/);
  });

  test("an Allow can be undone for 10 s from the same view; then the offer is gone", async () => {
    jest.useFakeTimers();
    try {
      let stored: SiteView["mode"] = "block";
      const { sent } = setup(() => ({ ...clone(VIEW), mode: stored }), { "site/set-mode": (req) => void (stored = req.mode) }, 7);
      await flush();
      fireEvent.click(choice("Allow seeding"));
      await flush();
      expect(screen.getByText("Seeding allowed on video.example.")).toBeTruthy();
      fireEvent.click(screen.getByRole("button", { name: "Undo" }));
      await flush();
      expect(sent("site/get")).toEqual([
        { type: "site/set-mode", site: "video.example", mode: "allow" },
        { type: "site/set-mode", site: "video.example", mode: "block" },
      ]);
      expect(document.activeElement).toBe(choice("Allow seeding"));
      expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();

      fireEvent.click(choice("Allow seeding"));
      await flush();
      await act(async () => jest.advanceTimersByTime(9_000));
      expect(screen.getByRole("button", { name: "Undo" })).toBeTruthy();
      await act(async () => jest.advanceTimersByTime(1_100));
      expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  test("undo brings back an expiry that has not passed", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const { sent } = setup({ ...VIEW, mode: "allow", expiresAt, effective: { ...VIEW.effective!, seeding: "allowed", reason: "user" } });
    await screen.findByRole("heading", { name: "video.example" });
    fireEvent.click(choice("Allow for this visit"));
    fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    expect(sent("site/get")[1]).toEqual({ type: "site/set-mode", site: "video.example", mode: "allow", expiresAt });
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
      fireEvent.click(choice("Block P2P"));
      await flush();
      expect(n).toBe(3); // the re-fetch after the change answered "block"
      await act(async () => stale({ ...clone(VIEW), mode: "undecided" }));
      await flush();
      expect(choice("Block P2P").getAttribute("aria-pressed")).toBe("true");
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
    expect(screen.queryByRole("group")).toBeNull();
    expect(screen.queryByRole("switch")).toBeNull();
    expect(screen.getByRole("button", { name: "Options and all sites" })).toBeTruthy();
  });

  test("no active tab is the same as no site: asks only for the global pause, which stays at hand", async () => {
    const pause = { active: true, until: null };
    const { calls } = setup(VIEW, { "settings/get": () => ({ defaultUndecided: "download-only", pause, privateWindows: "follow", logRetention: { retentionDays: 90, maxEntries: 100_000 } }) }, null);
    expect(await screen.findByText(/nothing to control on this page/)).toBeTruthy();
    expect(calls.map((c) => c.type)).toEqual(["settings/get"]);
  });

  test("a site without P2P says so, shows no upload budget, and keeps its controls one click away", async () => {
    setup({ ...VIEW, detected: false, evidence: [] });
    expect(await screen.findByText(/No peer-to-peer use seen on this site/)).toBeTruthy();
    expect(screen.getByTestId("now").textContent).toBe("Now: Download only — you have not decided");
    expect(screen.queryByRole("button", { name: "Block P2P" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Why does Seedgate think so?" })).toBeNull();
    const open = screen.getByRole("button", { name: "Choose what this site may do" });
    expect(open.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(open);
    expect(open.getAttribute("aria-expanded")).toBe("true");
    for (const name of ["Allow seeding", "Download only", "Block P2P"]) expect(choice(name)).toBeTruthy();
    expect(screen.getByRole("switch", { name: "Hide my IP address" })).toBeTruthy();
  });

  test("the pause: Block P2P everywhere for 1 hour or until turned back on; while paused, one button resumes", async () => {
    let pause = { active: false, until: null as string | null };
    const { sent } = setup(() => ({ ...clone(VIEW), pause }), {
      "pause/set": (req) => {
        pause = { active: req.until !== null || req.untilResumed === true, until: req.until };
        return { pause };
      },
    });
    const power = await screen.findByRole("button", { name: "Block P2P everywhere" });
    expect(power.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(power);
    const before = Date.now();
    fireEvent.click(screen.getByRole("button", { name: "For 1 hour" }));
    const req = sent("site/get")[0] as { type: string; until: string };
    expect(req.type).toBe("pause/set");
    expect(Date.parse(req.until) - before).toBeGreaterThanOrEqual(3_600_000 - 1000);
    expect(Date.parse(req.until) - before).toBeLessThanOrEqual(3_600_000 + 1000);
    expect((await screen.findByText(/P2P is blocked everywhere until/)).textContent).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Turn P2P back on" }));
    expect(sent("site/get")[1]).toEqual({ type: "pause/set", until: null });
    fireEvent.click(await screen.findByRole("button", { name: "Block P2P everywhere" }));
    fireEvent.click(screen.getByRole("button", { name: "Until I turn it back on" }));
    expect(sent("site/get")[2]).toEqual({ type: "pause/set", until: null, untilResumed: true });
    expect(await screen.findByText("P2P is blocked everywhere until you turn it back on.")).toBeTruthy();
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
    const { sent } = setup({ ...VIEW, mode: "download-only" }, {
      "site/set-mode": () => Promise.reject(new Error("Storage is full")),
    });
    await screen.findByRole("heading", { name: "video.example" });
    fireEvent.click(choice("Block P2P"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/Couldn't save your change.*Storage is full/);
    expect(pressed()).toEqual(["Download only"]);
    expect(sent("site/get")).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("re-fetches every second so the byte counts move", async () => {
    jest.useFakeTimers();
    try {
      let up = 0;
      const fake = fakeSend({ "site/get": () => ({ ...clone(VIEW), tab: { up: (up += 1024), down: 0, refused: 0 } }), "budgets/site": () => Promise.reject(new Error("none")) });
      const { unmount } = renderWithSend(
        fake.send,
        <PopupApp tabId={() => Promise.resolve(7)} openOptions={() => Promise.resolve()} />,
      );
      await flush();
      openDetails();
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

  test("the options link opens the site's detail in the options", async () => {
    const { openOptions } = setup();
    fireEvent.click(await screen.findByRole("button", { name: "This site in Options" }));
    expect(openOptions).toHaveBeenCalledWith("video.example");
  });
});
