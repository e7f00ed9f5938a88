// Popup (DOM): the status of one tab's site and the controls for it. Re-fetches every second while open.
import { useState } from "preact/hooks";
import type { Mode } from "../extension/shared/status";
import type { SiteView } from "../extension/shared/ui-messages";
import { ErrorNotice, Loading } from "../ui/notice";
import { MODE_CHOICES } from "../ui/mode-text";
import { RadioGroup } from "../ui/radio-group";
import { useSend } from "../ui/send-context";
import { Switch } from "../ui/switch";
import { errorText, useRemote } from "../ui/use-remote";
import { SiteSummary } from "./site-summary";
import { TabTraffic } from "./tab-traffic";
import { BudgetPanel } from "./budget-panel";
import { PolicyNotice } from "./policy-notice";
import { AllowFor } from "./allow-for";

interface Props {
  /** The tab to show: from `?tabId=N` or the active tab; null when there is none. */
  tabId: () => Promise<number | null>;
  openOptions: () => Promise<void>;
  pollMs?: number;
}

/** What a tab without a page Seedgate can see looks like. */
export const NO_SITE: SiteView = {
  site: null,
  mode: "undecided",
  effective: null,
  hideIp: false,
  detected: false,
  evidence: [],
  tab: null,
};

export function PopupApp({ tabId, openOptions, pollMs = 1000 }: Props) {
  const send = useSend();
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const remote = useRemote(async () => {
    const id = await tabId();
    return id === null ? NO_SITE : send({ type: "site/get", tabId: id });
  }, pollMs);
  const view = remote.data;

  let body;
  if (!view && remote.loadError) {
    body = (
      <ErrorNotice
        title="Couldn't get this tab's status from Seedgate"
        detail={remote.loadError}
        onRetry={() => void remote.reload()}
      />
    );
  } else if (!view) {
    body = <Loading what="this site's status" />;
  } else if (view.site === null) {
    body = (
      <p class="empty">
        Seedgate has nothing to control on this page. Browser pages and extension pages cannot use peer-to-peer.
      </p>
    );
  } else {
    const site = view.site;
    const setMode = (mode: Mode) =>
      void remote.change(
        (v) => ({ ...v, mode }),
        () => send({ type: "site/set-mode", site, mode }),
      );
    const setHideIp = (hideIp: boolean) =>
      void remote.change(
        (v) => ({ ...v, hideIp }),
        () => send({ type: "site/set-hide-ip", site, hideIp }),
      );
    body = (
      <>
        {remote.loadError && (
          <ErrorNotice title="Couldn't refresh; showing the last known status" detail={remote.loadError} />
        )}
        {remote.actionError && (
          <ErrorNotice
            title="Couldn't save your change"
            detail={remote.actionError}
            onDismiss={remote.dismissActionError}
          />
        )}
        <SiteSummary view={view} />
        <PolicyNotice policy={view.policy ?? null} />
        <section class="block" aria-labelledby="mode-heading">
          <h2 id="mode-heading">What may this site do?</h2>
          <RadioGroup
            labelledBy="mode-heading"
            choices={MODE_CHOICES}
            value={view.policy?.mode ?? view.mode}
            onChange={setMode}
            disabled={Boolean(view.policy?.mode) || view.policy?.all === true}
          />
        </section>
        {view.mode === "allow" && !view.policy?.mode && !view.policy?.all && (
          <AllowFor
            expiresAt={view.expiresAt ?? null}
            onChoose={(ms) => void remote.change((v) => v, () => send({ type: "site/set-mode", site, mode: "allow", expiresAt: ms === null ? null : new Date(Date.now() + ms).toISOString() }))}
          />
        )}
        <section class="block">
          <Switch
            disabled={view.policy?.all === true}
            label="Hide my IP address"
            description="Peers connect only through the site's relay server, so they never learn your address. Without a relay, P2P won't connect."
            checked={view.hideIp}
            onChange={setHideIp}
          />
        </section>
        <TabTraffic tab={view.tab} />
        <BudgetPanel site={site} />
      </>
    );
  }

  return (
    <div class="popup">
      <header class="bar">
        <h1>Seedgate</h1>
      </header>
      <main class="content" aria-busy={view ? "false" : "true"}>
        {body}
      </main>
      <footer class="bar footer">
        {optionsError && <ErrorNotice title="Couldn't open the options" detail={optionsError} />}
        <button
          type="button"
          class="link"
          onClick={() => openOptions().then(() => setOptionsError(null), (err) => setOptionsError(errorText(err)))}
        >
          Options and all sites
        </button>
      </footer>
    </div>
  );
}
