// Popup (DOM): peer-to-peer bytes of this tab, as the background counted them.
import type { SiteView } from "../extension/shared/ui-messages";
import { formatBytes } from "../ui/format";
import { formatNumber } from "../ui/i18n";
import { t } from "../ui/i18n";

export function TabTraffic({ tab }: { tab: SiteView["tab"] }) {
  return (
    <section class="block" aria-labelledby="traffic-heading">
      <h3 id="traffic-heading">{t("trafficHeading")}</h3>
      {tab ? (
        <dl class="traffic">
          <div>
            <dt>{t("trafficUp")}</dt>
            <dd data-testid="bytes-up">{formatBytes(tab.up)}</dd>
          </div>
          <div>
            <dt>{t("trafficDown")}</dt>
            <dd data-testid="bytes-down">{formatBytes(tab.down)}</dd>
          </div>
          {tab.refused > 0 && (
            <div>
              <dt>{t("trafficRefused")}</dt>
              <dd>{formatNumber(tab.refused)}</dd>
            </div>
          )}
        </dl>
      ) : (
        <p class="muted">{t("trafficNone")}</p>
      )}
    </section>
  );
}
