/** @jest-environment jsdom */
import { render, screen } from "@testing-library/preact";
import { EvidenceList } from "./evidence-list";

test("each reason with its kind, what was seen and the rule's source; newest first", () => {
  render(
    <EvidenceList
      evidence={[
        { kind: "declared", detail: "the page declared webtorrent 2.8.5", at: "2026-11-25T10:00:00.000Z", client: "webtorrent", source: "the page called navigator.p2pConsent.request()" },
        { kind: "behaviour", detail: "a BitTorrent wire handshake on a data channel", at: "2026-11-25T10:00:05.000Z", source: "Seedgate behaviour rule: BitTorrent wire handshake (BEP 3) on a WebRTC data channel" },
      ]}
    />,
  );
  const items = screen.getByRole("list", { name: "Why Seedgate thinks so" }).querySelectorAll("li");
  expect([...items].map((li) => li.textContent)).toEqual([
    expect.stringMatching(/^Seen in its traffic: a BitTorrent wire handshake on a data channel .* · rule: Seedgate's behaviour rule: a BitTorrent handshake/),
    expect.stringMatching(/^Declared by the site: the page declared webtorrent 2\.8\.5 .* · rule: the page called navigator\.p2pConsent\.request\(\)/),
  ]);
});

test("no evidence: no list", () => {
  const { container } = render(<EvidenceList evidence={[]} />);
  expect(container.querySelector("ul")).toBeNull();
});
