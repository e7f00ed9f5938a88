// Popup (DOM): peer-to-peer bytes of this tab, as the background counted them.
import type { SiteView } from "../extension/shared/ui-messages";
import { formatBytes } from "../ui/format";

export function TabTraffic({ tab }: { tab: SiteView["tab"] }) {
  return (
    <section class="block" aria-labelledby="traffic-heading">
      <h2 id="traffic-heading">Peer-to-peer traffic in this tab</h2>
      {tab ? (
        <dl class="traffic">
          <div>
            <dt>Uploaded</dt>
            <dd data-testid="bytes-up">{formatBytes(tab.up)}</dd>
          </div>
          <div>
            <dt>Downloaded</dt>
            <dd data-testid="bytes-down">{formatBytes(tab.down)}</dd>
          </div>
          {tab.refused > 0 && (
            <div>
              <dt>Uploads refused</dt>
              <dd>{tab.refused}</dd>
            </div>
          )}
        </dl>
      ) : (
        <p class="muted">Nothing counted in this tab yet.</p>
      )}
    </section>
  );
}
