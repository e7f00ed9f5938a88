/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { matchesFilter, type LogEntry } from "../../extension/core/log";
import { fakeSend, renderWithSend } from "../../ui/fake-send";
import { VirtualList } from "../log/virtual-list";
import { LogSection } from "./log";

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
  });
}

const KEY = { fingerprint: "1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d", publicKey: "MFkwEwYH", createdAt: new Date(T0).toISOString(), previous: [] };

describe("VirtualList", () => {
  test("renders only the rows in view of 100,000, and the right ones after a scroll", () => {
    const items = Array.from({ length: 100_000 }, (_, i) => i);
    const t = performance.now();
    const { container } = render(<VirtualList items={items} rowHeight={28} height={420} label="L" total={items.length} keyOf={(i) => i} renderRow={(i) => <span>row {i}</span>} />);
    const firstRender = performance.now() - t;
    const rows = () => container.querySelectorAll('[role="listitem"]');
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
    const fake = fakeSend({ "log/query": (r) => base.send(r) as never, "log/key": () => KEY, "log/rotate-key": () => rotated });
    const written: string[] = [];
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: async (t: string) => void written.push(t) } });
    renderWithSend(fake.send, <LogSection headingId="h" />);
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
    renderWithSend(fake.send, <LogSection headingId="h" />);
    await screen.findByText("300 entries loaded; more load as you scroll");
    expect(screen.getAllByRole("listitem").length).toBeLessThan(40);
    // Scroll near the end of what is loaded: the next page comes.
    fireEvent.scroll(document.querySelector(".vlist")!, { target: { scrollTop: 28 * 290 } });
    await screen.findByText("600 entries loaded; more load as you scroll");
    expect(fake.calls.filter((c) => c.type === "log/query").at(-1)).toMatchObject({ cursor: 701 });

    fireEvent.change(screen.getByRole("combobox", { name: "Type" }), { target: { value: "connection-opened" } });
    await screen.findByText("200 entries");
    expect(screen.getAllByRole("listitem")[0]!.textContent).toMatch(/Connection opened.*192\.0\.2\.6:2000/);

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
      "log/query": (req) => {
        if (fail) throw new Error("The audit log is not open.");
        return ok.send(req) as never;
      },
    });
    renderWithSend(fake.send, <LogSection headingId="h" />);
    expect((await screen.findByRole("alert")).textContent).toMatch(/Couldn't read the log.*not open/);
    fail = false;
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    });
    await waitFor(() => expect(screen.getByText("3 entries")).toBeTruthy());
  });
});
