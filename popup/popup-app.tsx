// Popup (DOM): consent first. The tab's site, one sentence of what it wants, what applies now, and three large
// choices; an Allow can be undone for 10 s from here. The evidence waits behind "Why?"; hide-my-IP, the tab's
// traffic and the budgets follow; a site with no P2P seen says so and keeps its controls one click away. The
// header holds the global pause. Re-fetches every second while open.
import { useEffect, useRef, useState } from "preact/hooks";
import type { Mode } from "../extension/shared/status";
import type { PauseState, SiteView } from "../extension/shared/ui-messages";
import { t } from "../ui/i18n";
import { ErrorNotice, Loading } from "../ui/notice";
import { useSend } from "../ui/send-context";
import { Switch } from "../ui/switch";
import { errorText, useRemote } from "../ui/use-remote";
import { NowLine, SiteSummary } from "./site-summary";
import { TabTraffic } from "./tab-traffic";
import { BudgetPanel } from "./budget-panel";
import { PolicyNotice } from "./policy-notice";
import { AllowFor } from "./allow-for";
import { ModeChoices, type Decided } from "./mode-choices";
import { Why } from "./evidence-list";
import { PauseButton, PausePanel } from "./pause-control";
import { UndoAllow, UNDO_MS, type Before } from "./undo-allow";

interface Props {
  /** The tab to show: from `?tabId=N` or the active tab; null when there is none. */
  tabId: () => Promise<number | null>;
  /** Opens the options page: at the site's detail when given, else at its start. */
  openOptions: (site: string | null) => Promise<void>;
  pollMs?: number;
}

/** What a tab without a page Seedgate can see looks like (the global pause still shows). */
export const noSite = (pause: PauseState): SiteView => ({
  site: null,
  mode: "undecided",
  effective: null,
  hideIp: false,
  detected: false,
  evidence: [],
  tab: null,
  visitOnly: false,
  pause,
});

export function PopupApp({ tabId, openOptions, pollMs = 1000 }: Props) {
  const send = useSend();
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [pauseMenu, setPauseMenu] = useState(false);
  const [undo, setUndo] = useState<Before | null>(null);
  const [showControls, setShowControls] = useState(false);
  const allowButton = useRef<HTMLButtonElement | null>(null);
  const remote = useRemote(async () => {
    const id = await tabId();
    return id === null ? noSite((await send({ type: "settings/get" })).pause) : send({ type: "site/get", tabId: id });
  }, pollMs);
  const view = remote.data;

  // The undo offer lasts UNDO_MS after the Allow it undoes.
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => {
      if (document.activeElement?.closest(".undo")) allowButton.current?.focus();
      setUndo(null);
    }, Math.max(0, undo.at + UNDO_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [undo]);

  const setPause = (pause: PauseState, req: { until: string | null; untilResumed?: boolean }) => {
    setPauseMenu(false);
    void remote.change(
      (v) => ({ ...v, pause }),
      () => send({ type: "pause/set", ...req }),
    );
  };

  let body;
  if (!view && remote.loadError) {
    body = <ErrorNotice title={t("loadFailed")} detail={remote.loadError} onRetry={() => void remote.reload()} />;
  } else if (!view) {
    body = <Loading what={t("loadingWhat")} />;
  } else if (view.site === null) {
    body = <p class="empty">{t("nothingToControl")}</p>;
  } else {
    const site = view.site;
    const locked = Boolean(view.policy?.mode) || view.policy?.all === true;
    const visitOnly = view.visitOnly === true;
    const choose = (mode: Mode, visit: boolean, expiresAt: string | null = null) => {
      void remote.change(
        (v) => ({ ...v, mode, visitOnly: visit, expiresAt }),
        () =>
          send({
            type: "site/set-mode",
            site,
            mode,
            ...(expiresAt !== null ? { expiresAt } : {}),
            ...(visit ? { visitOnly: true } : {}),
          }),
      );
    };
    const onChoose = (mode: Decided, visit: boolean) => {
      if (mode === view.mode && visit === visitOnly) return;
      if (mode === "allow") setUndo({ at: Date.now(), mode: view.mode, visitOnly, expiresAt: view.expiresAt ?? null });
      else setUndo(null);
      choose(mode, visit);
    };
    const undoAllow = () => {
      if (!undo) return;
      const stillFuture = undo.expiresAt !== null && Date.parse(undo.expiresAt) > Date.now();
      setUndo(null);
      choose(undo.mode, undo.visitOnly, stillFuture ? undo.expiresAt : null);
      allowButton.current?.focus();
    };
    const setHideIp = (hideIp: boolean) =>
      void remote.change(
        (v) => ({ ...v, hideIp }),
        () => send({ type: "site/set-hide-ip", site, hideIp }),
      );
    const controlsOpen = view.detected || showControls;
    body = (
      <>
        {remote.loadError && <ErrorNotice title={t("refreshFailed")} detail={remote.loadError} />}
        {remote.actionError && <ErrorNotice title={t("saveFailed")} detail={remote.actionError} onDismiss={remote.dismissActionError} />}
        <section class="block" aria-labelledby="site-heading">
          <SiteSummary view={view} />
          <NowLine view={view} />
        </section>
        <PolicyNotice policy={view.policy ?? null} />
        {!view.detected && (
          <button type="button" class="disclosure" aria-expanded={showControls ? "true" : "false"} aria-controls="site-controls" onClick={() => setShowControls(!showControls)}>
            {t("showControls")}
          </button>
        )}
        <div id="site-controls" class="block controls" hidden={!controlsOpen}>
          {controlsOpen && (
            <>
              <section class="block" aria-labelledby="choices-heading">
                <h3 id="choices-heading">{t("choicesHeading")}</h3>
                <ModeChoices
                  mode={view.policy?.mode ?? view.mode}
                  visitOnly={visitOnly}
                  disabled={locked}
                  onChoose={onChoose}
                  allowRef={(el) => {
                    allowButton.current = el;
                  }}
                />
                <UndoAllow offer={undo} site={site} onUndo={undoAllow} />
                {view.mode === "allow" && !locked && (
                  <AllowFor
                    expiresAt={view.expiresAt ?? null}
                    visitOnly={visitOnly}
                    onChoose={(ms) => choose("allow", false, ms === null ? null : new Date(Date.now() + ms).toISOString())}
                  />
                )}
                {view.mode !== "undecided" && !locked && (
                  <button type="button" class="link forget" onClick={() => {
                      setUndo(null);
                      choose("undecided", false);
                    }}>
                    {t("forgetChoice")}
                  </button>
                )}
              </section>
              <Why evidence={view.evidence} />
              <Switch
                disabled={view.policy?.all === true}
                label={t("hideIp")}
                description={t("hideIpDesc")}
                checked={view.hideIp}
                onChange={setHideIp}
              />
              <UploadDetails view={view} site={site} />
            </>
          )}
        </div>
      </>
    );
  }

  const pause = view?.pause;
  return (
    <div class="popup">
      <header class="bar">
        <h1>{t("appName")}</h1>
        {pause && (
          <PauseButton
            pause={pause}
            expanded={pauseMenu}
            onToggle={() => setPauseMenu(!pauseMenu)}
            onResume={() => setPause({ active: false, until: null }, { until: null })}
          />
        )}
      </header>
      {pause && (
        <PausePanel
          pause={pause}
          expanded={pauseMenu}
          onPause={(until) => setPause({ active: true, until }, until === null ? { until: null, untilResumed: true } : { until })}
        />
      )}
      <main class="content" aria-busy={view ? "false" : "true"}>
        {body}
      </main>
      <footer class="bar footer">
        {optionsError && <ErrorNotice title={t("optionsFailed")} detail={optionsError} />}
        <button
          type="button"
          class="link"
          onClick={() => openOptions(view?.site ?? null).then(() => setOptionsError(null), (err) => setOptionsError(errorText(err)))}
        >
          {view?.site ? t("openSiteOptions") : t("openOptions")}
        </button>
      </footer>
    </div>
  );
}

/** The tab's traffic and the site's budgets, one click away. */
function UploadDetails({ view, site }: { view: SiteView; site: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="block">
      <button type="button" class="disclosure" aria-expanded={open ? "true" : "false"} aria-controls="upload-details" onClick={() => setOpen(!open)}>
        {t("uploadDetails")}
      </button>
      <div id="upload-details" class="block" hidden={!open}>
        {open && (
          <>
            <TabTraffic tab={view.tab} />
            <BudgetPanel site={site} />
          </>
        )}
      </div>
    </div>
  );
}
