/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { matchesFilter, type LogEntry } from "../../extension/core/log";
import { fakeSend, renderWithSend } from "../../ui/fake-send";
import { VirtualList } from "../log/virtual-list";
import { LogSection } from "./log";

/** The rows of the log list (the type filter's <option>s are options too). */
const logRows = () => within(screen.getByRole("listbox")).getAllByRole("option");
const T0 = Date.parse("2026-01-01T00:00:00.000Z");
function entries(n: number): LogEntry[] {
  const out: LogEntry[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const site = seq % 2 ? "a.example" : "b.example";
    const time = new Date(T0 + seq * 1000).toISOString();
    const base = { seq, time, site, frameOrigin: `https://${site}`, tab: 1, prevHash: "0".repeat(64), hash: "1".repeat(64) };
    out.push(
      seq % 5 === 0
        ? { ...base, type: "connection-opened", details: { connection: `c${seq}`, iceServers: [], iceTransportPolicy: "all", candidateTypes: { local: ["host"], remote: ["host"] }, remote: { address: `192.0.2.${seq % 7}`, port: 1000 + seq, candidateType: "host", protocol: "udp" } } }
        : { ...base, type: "bytes", details: { connection: `c${seq}`, up: seq, down: 2 * seq, from: time, to: time } },
    );
  }
  return out;
}

function fakeLog(all: LogEntry[]) {
  return fakeSend({
    "log/query": ({ filter, limit, cursor }) => {
      const out: LogEntry[] = [];
      for (let i = (cursor ?? all.length + 1) - 2; i >= 0; i--) {
        if (matchesFilter(all[i]!, filter) && out.push(all[i]!) === limit) return { entries: out, cursor: all[i]!.seq };
      }
      return { entries: out, cursor: null };
    },
    "log/who-learned": () => [{ address: "192.0.2.3", ports: [1015], candidateType: "host", first: new Date(T0).toISOString(), last: new Date(T0 + 5000).toISOString(), connections: 1 }],
    "log/key": () => KEY,
    "settings/get": () => SETTINGS,
  });
}
const SETTINGS = { defaultUndecided: "download-only", pause: { active: false, until: null }, privateWindows: "download-only", logRetention: { retentionDays: 90, maxEntries: 100_000 } } as const;

const KEY = { fingerprint: "1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d", publicKey: "MFkwEwYH", createdAt: new Date(T0).toISOString(), previous: [] };

describe("VirtualList", () => {
  test("renders only the rows in view of 100,000, and the right ones after a scroll", () => {
    const items = Array.from({ length: 100_000 }, (_, i) => i);
    const t = performance.now();
    const { container } = render(<VirtualList items={items} rowHeight={28} height={420} label="L" total={items.length} keyOf={(i) => i} selected={-1} onSelect={() => undefined} renderRow={(i) => <span>row {i}</span>} />);
    const firstRender = performance.now() - t;
    const rows = () => container.querySelectorAll('[role="option"]');
    expect(rows().length).toBeLessThanOrEqual(15 + 8 + 1);
    fireEvent.scroll(container.querySelector(".vlist")!, { target: { scrollTop: 28 * 50_000 } });
    expect(rows().length).toBeLessThanOrEqual(15 + 16 + 1);
    const positions = [...rows()].map((r) => Number(r.getAttribute("aria-posinset")));
    expect(positions).toContain(50_001);
    expect(positions).toContain(50_015);
    expect(screen.getByText("row 50000")).toBeTruthy();
    console.log(`VirtualList: first render of 100,000 items ${firstRender.toFixed(1)} ms, ${rows().length} rows in the DOM`);
  });
});

describe("LogSection", () => {
  test("shows the install key's fingerprint, copies it, and rotates the key only after a confirmation", async () => {
    const rotated = { ...KEY, fingerprint: "ffff eeee dddd cccc bbbb aaaa 9999 8888", previous: [{ fingerprint: KEY.fingerprint, createdAt: KEY.createdAt, retiredAt: new Date(T0 + 1000).toISOString() }] };
    const base = fakeLog(entries(3));
    const fake = fakeSend({ "log/query": (r) => base.send(r) as never, "log/key": () => KEY, "log/rotate-key": () => rotated, "settings/get": () => SETTINGS });
    const written: string[] = [];
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: async (t: string) => void written.push(t) } });
    renderWithSend(fake.send, <LogSection headingId="h" param={null} />);
    expect((await screen.findByTestId("install-key-fingerprint")).textContent).toBe(KEY.fingerprint);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy fingerprint" }));
    });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy public key" }));
    });
    expect(written).toEqual([KEY.fingerprint, KEY.publicKey]);
    fireEvent.click(screen.getByRole("button", { name: "Rotate key…" }));
    expect(fake.calls.some((c) => c.type === "log/rotate-key")).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Make a new key" }));
    });
    expect((await screen.findByTestId("install-key-fingerprint")).textContent).toBe(rotated.fingerprint);
    expect(screen.getByText(KEY.fingerprint).closest("li")!.textContent).toMatch(/retired/);
  });

  test("loads a page, loads more near the end, filters by type and site, shows who learned the address", async () => {
    const all = entries(1000);
    const fake = fakeLog(all);
    renderWithSend(fake.send, <LogSection headingId="h" param={null} />);
    await screen.findByText("300 entries loaded; more load as you scroll");
    expect(logRows().length).toBeLessThan(40);
    // Scroll near the end of what is loaded: the next page comes.
    fireEvent.scroll(document.querySelector(".vlist")!, { target: { scrollTop: 28 * 290 } });
    await screen.findByText("600 entries loaded; more load as you scroll");
    expect(fake.calls.filter((c) => c.type === "log/query").at(-1)).toMatchObject({ cursor: 701 });

    fireEvent.change(screen.getByRole("combobox", { name: "Type" }), { target: { value: "connection-opened" } });
    await screen.findByText("200 entries");
    expect(logRows()[0]!.textContent).toMatch(/Connected to peer 192\.0\.2\.6:2000, which learned your IP address\./);

    fireEvent.input(screen.getByRole("textbox", { name: "Site" }), { target: { value: "a.example" } });
    await screen.findByText("100 entries");
    const table = await screen.findByRole("table", { name: "Who learned my IP address on a.example" });
    expect(table.textContent).toContain("192.0.2.3");
    expect(fake.calls.filter((c) => c.type === "log/who-learned")).toEqual([{ type: "log/who-learned", site: "a.example" }]);
  });

  test("a failed read is reported and can be retried", async () => {
    let fail = true;
    const ok = fakeLog(entries(3));
    const fake = fakeSend({
      "log/key": () => KEY,
      "settings/get": () => SETTINGS,
      "log/query": (req) => {
        if (fail) throw new Error("The audit log is not open.");
        return ok.send(req) as never;
      },
    });
    renderWithSend(fake.send, <LogSection headingId="h" param={null} />);
    expect((await screen.findByRole("alert")).textContent).toMatch(/Couldn't read the log.*not open/);
    fail = false;
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    });
    await waitFor(() => expect(screen.getByText("3 entries")).toBeTruthy());
  });
});

describe("LogSection for people", () => {
  const at = (seq: number) => new Date(T0 + seq * 1000).toISOString();
  const base = (seq: number, site: string | null) => ({ seq, time: at(seq), site, frameOrigin: site && `https://${site}`, tab: site ? 1 : null, prevHash: "0".repeat(64), hash: "1".repeat(64) });
  const PEOPLE: LogEntry[] = [
    { ...base(1, "xn--bcher-kva.example"), type: "decision", details: { by: "options", mode: "allow", previous: "block", hideIp: false } },
    { ...base(2, "a.example"), type: "budget-threshold", details: { budget: "site-daily", limitBytes: 8 * 1048576, usedBytes: 4 * 1048576, threshold: 50, resetsAt: null } },
    { ...base(3, "a.example"), type: "sends-refused", details: { connection: "c1", count: 1, bytes: null, reason: "budget", from: at(3), to: at(3) } },
  ];

  test("rows read as sentences with Unicode sites and seconds; the threshold is a percentage, not ×100", async () => {
    renderWithSend(fakeLog(PEOPLE).send, <LogSection headingId="h" param={null} />);
    await screen.findByText("3 entries");
    const rows = logRows().map((o) => o.textContent);
    expect(rows[2]).toMatch(/bücher\.example.*Set to Allow seeding in the settings \(was Block P2P\)\./);
    expect(rows[2]).not.toMatch(/xn--|→|by options/);
    expect(rows[1]).toMatch(/The site's daily budget is down to 50% left \(4\.0\s*MiB of 8\.0\s*MiB used\)\./);
    expect(rows[0]).toMatch(/Refused 1 upload: the upload budget is used up\./);
    expect(rows[0]).toMatch(/\d{1,2}:\d{2}:\d{2}/);
  });

  test("one tab stop: arrows, Home and End choose an entry; its detail shows labelled fields, JSON behind a toggle", async () => {
    renderWithSend(fakeLog(entries(40)).send, <LogSection headingId="h" param={null} />);
    await screen.findByText("40 entries");
    const list = screen.getByRole("listbox", { name: "Log entries, newest first" });
    expect(list.tabIndex).toBe(0);
    expect(logRows().every((o) => !o.hasAttribute("tabindex"))).toBe(true);
    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: "ArrowDown" });
    const active = () => document.getElementById(list.getAttribute("aria-activedescendant")!)!;
    expect(active().getAttribute("aria-posinset")).toBe("2");
    expect(active().getAttribute("aria-selected")).toBe("true");
    const detail = screen.getByRole("region", { name: "Entry 39" });
    const fields = Object.fromEntries([...detail.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));
    expect(fields).toMatchObject({ Number: "39", Type: "Data transferred", Site: "a.example", "What happened": "Uploaded 39 B, downloaded 78 B." });
    expect(detail.querySelector("pre")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show the stored entry (JSON)" }));
    expect(JSON.parse(detail.querySelector("pre")!.textContent!)).toMatchObject({ seq: 39, type: "bytes" });
    fireEvent.keyDown(list, { key: "End" });
    expect(active().getAttribute("aria-posinset")).toBe("40");
    fireEvent.keyDown(list, { key: "Home" });
    expect(active().getAttribute("aria-posinset")).toBe("1");
    fireEvent.keyDown(list, { key: "ArrowUp" });
    expect(active().getAttribute("aria-posinset")).toBe("1");
  });

  test("clearing the log asks first, with focus on Cancel; the verify command is not shown", async () => {
    const fake = fakeSend({ ...Object.fromEntries(["log/query", "log/key", "settings/get"].map((k) => [k, (r: never) => fakeLog(entries(3)).send(r)])), "log/clear": () => ({ removed: 3 }) });
    renderWithSend(fake.send, <LogSection headingId="h" param={null} />);
    await screen.findByText("3 entries");
    expect(document.body.textContent).not.toMatch(/npm run/);
    fireEvent.click(screen.getByRole("button", { name: "Clear the log…" }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" })));
    expect(fake.calls.some((c) => c.type === "log/clear")).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Delete all entries" }));
    });
    expect(fake.calls.filter((c) => c.type === "log/clear")).toHaveLength(1);
    expect(await screen.findByText("Removed 3 entries.")).toBeTruthy();
  });

  test("log retention: the stored values, bounds refused with a message, a good value sent", async () => {
    const fake = fakeSend({ ...Object.fromEntries(["log/query", "log/key", "settings/get"].map((k) => [k, (r: never) => fakeLog(entries(3)).send(r)])), "settings/set-log-retention": () => undefined });
    renderWithSend(fake.send, <LogSection headingId="h" param="xn--bcher-kva.example" />);
    expect((screen.getByRole("textbox", { name: "Site" }) as HTMLInputElement).value).toBe("bücher.example");
    await waitFor(() => expect(fake.calls.find((c) => c.type === "log/query")).toMatchObject({ filter: { site: "xn--bcher-kva.example" } }));
    const days = (await screen.findByRole("textbox", { name: "Keep entries for (days)" })) as HTMLInputElement;
    const max = screen.getByRole("textbox", { name: "Keep at most (entries)" });
    expect(days.value).toBe("90");
    fireEvent.input(days, { target: { value: "0" } });
    fireEvent.submit(days.closest("form")!);
    expect((await screen.findByRole("alert")).textContent).toMatch(/Days: type a whole number from 1 to 3,650/);
    fireEvent.input(days, { target: { value: "30" } });
    fireEvent.input(max, { target: { value: "999" } });
    fireEvent.submit(days.closest("form")!);
    expect((await screen.findByRole("alert")).textContent).toMatch(/Entries: type a whole number from 1,000 to 10,000,000/);
    expect(fake.calls.some((c) => c.type === "settings/set-log-retention")).toBe(false);
    fireEvent.input(max, { target: { value: "20,000" } });
    await act(async () => {
      fireEvent.submit(days.closest("form")!);
    });
    expect(fake.calls.filter((c) => c.type === "settings/set-log-retention")).toEqual([{ type: "settings/set-log-retention", retentionDays: 30, maxEntries: 20000 }]);
  });
});
